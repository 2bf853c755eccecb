import Fluent
import Vapor

/// Runs write transactions one at a time within this process. SQLite allows one writer,
/// and two deferred transactions that both upgrade to writing deadlock instead of waiting;
/// on PostgreSQL the gate is open and row locks order the writers across instances.
actor WriteGate {
    private let serial: Bool
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(serial: Bool) { self.serial = serial }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        guard serial else { return try await body() }
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
        }
        return try await body()
    }
}

extension Application {
    private struct GateKey: StorageKey { typealias Value = WriteGate }

    var writeGate: WriteGate {
        get { storage[GateKey.self]! }
        set { storage[GateKey.self] = newValue }
    }

    /// A write transaction, serialised where the database needs it.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await writeGate.run { try await self.db.transaction { try await body($0) } }
    }

    var isSQLite: Bool {
        if case .sqlite = config.storage { return true }
        return false
    }
}
