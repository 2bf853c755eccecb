import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Runs write transactions. SQLite allows one writer, and two deferred transactions that both
/// upgrade to writing deadlock instead of waiting, so on SQLite writes go through here one at
/// a time — and share commits: writes that arrive while a commit is on its way to the disk
/// are run together in the next transaction, each inside its own savepoint (a write that fails
/// rolls back alone), and every caller hears back only after the commit that holds its write
/// is durable. One fsync then serves many residents (group commit). On PostgreSQL the gate is
/// open: each write is its own transaction and row locks order writers across instances.
actor WriteGate {
    private let grouped: Bool
    private let maxBatch: Int
    private var queue: [Job] = []
    private var leading = false
    /// Transactions committed for grouped writes, so tests can see commits being shared.
    private(set) var commits = 0

    /// One caller's write: `perform` runs it inside the shared transaction (in the savepoint
    /// named, if any), keeps its outcome and says how it ended; `finish` reports that outcome
    /// (or the batch's failure) to the caller.
    private struct Job: Sendable {
        let perform: @Sendable (any Database, _ savepoint: SQLRaw?) async -> Ending
        let finish: @Sendable ((any Error)?) -> Void
    }

    private enum Ending: Sendable {
        case succeeded
        /// Failed, and everything it wrote is undone (its savepoint was rolled back).
        case failed
        /// Failed, and what it wrote could not be undone alone (its savepoint could not be
        /// made, released or rolled back): only rolling back the whole batch undoes it.
        case poisoned
    }

    /// A write that ran alone in its transaction failed: the transaction is rolled back whole.
    private struct AloneFailed: Error {}

    /// A write in the batch could not be undone alone: the batch is rolled back, and no caller
    /// is told its write was kept. Each may send it again; none of it was written.
    private struct BatchRolledBack: Error {}

    init(serial: Bool, maxBatch: Int = 64) {
        grouped = serial
        self.maxBatch = maxBatch
    }

    func run<T: Sendable>(on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard grouped else { return try await database.transaction { try await body($0) } }
        let outcome = NIOLockedValueBox<Result<T, any Error>?>(nil)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                perform: { db, savepoint in
                    let sql = db.sql
                    guard let savepoint else {
                        do {
                            let value = try await body(db)
                            outcome.withLockedValue { $0 = .success(value) }
                            return .succeeded
                        } catch {
                            outcome.withLockedValue { $0 = .failure(error) }
                            return .failed
                        }
                    }
                    do {
                        try await sql.raw("SAVEPOINT \(savepoint)").run()
                    } catch {
                        outcome.withLockedValue { $0 = .failure(error) }
                        return .poisoned
                    }
                    let value: T
                    do {
                        value = try await body(db)
                    } catch {
                        outcome.withLockedValue { $0 = .failure(error) }
                        // Undo this write only; the others in the batch go on — unless it cannot
                        // be undone alone, and then none of the batch may be kept.
                        do {
                            try await sql.raw("ROLLBACK TO \(savepoint)").run()
                            try await sql.raw("RELEASE \(savepoint)").run()
                            return .failed
                        } catch {
                            return .poisoned
                        }
                    }
                    do {
                        try await sql.raw("RELEASE \(savepoint)").run()
                    } catch {
                        outcome.withLockedValue { $0 = .failure(error) }
                        return .poisoned
                    }
                    outcome.withLockedValue { $0 = .success(value) }
                    return .succeeded
                },
                finish: { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else {
                        continuation.resume(with: outcome.withLockedValue { $0 } ?? .failure(AppError(status: .internalServerError, title: "Write lost", detail: "a write was not run")))
                    }
                })
            queue.append(job)
            if !leading {
                leading = true
                Task { await self.lead(database) }
            }
        }
    }

    /// Runs queued writes, a batch per transaction, until none are left.
    private func lead(_ database: any Database) async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            Telemetry.writeBatchSize.record(Double(batch.count))
            let started = ContinuousClock.now
            do {
                try await database.transaction { tx in
                    if batch.count == 1 {
                        // Alone: no savepoint to pay for; if it fails, the transaction rolls back.
                        guard await batch[0].perform(tx, nil) == .succeeded else { throw AloneFailed() }
                    } else {
                        for (index, job) in batch.enumerated() {
                            if await job.perform(tx, SQLRaw("write_\(index)")) == .poisoned { throw BatchRolledBack() }
                        }
                    }
                }
                commits += 1
                Telemetry.writeCommit.record(ContinuousClock.now - started)
                for job in batch { job.finish(nil) }
            } catch is AloneFailed {
                batch[0].finish(nil)  // the write's own error, kept by `perform`
            } catch is BatchRolledBack {
                let error = AppError(status: .serviceUnavailable, title: "Not written",
                                     detail: "a write sharing this commit failed and could not be undone alone, so none of them was kept; send it again",
                                     retryAfter: 1)
                for job in batch { job.finish(error) }
            } catch {
                for job in batch { job.finish(error) }
            }
        }
        leading = false
    }
}

extension Application {
    private struct GateKey: StorageKey { typealias Value = WriteGate }

    var writeGate: WriteGate {
        get { storage[GateKey.self]! }
        set { storage[GateKey.self] = newValue }
    }

    /// A write transaction: durable when it returns; on SQLite it may share its commit.
    package func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await writeGate.run(on: db, body)
    }

    package var isSQLite: Bool {
        if case .sqlite = config.storage { return true }
        return false
    }
}
