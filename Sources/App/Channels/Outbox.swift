import Fluent
import Foundation
import LedgerCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// One notification as a sender sees it. `id` is the idempotency key a real gateway dedupes on.
struct OutboundMessage: Sendable {
    let id: Int
    let channel: OutboxMessage.Channel
    let recipient: String
    let template: String
    let payload: [String: String]
}

/// Where notifications go. The platform runs without an outside network, so the default
/// writes them to a log file; a gateway for SMS, WeChat or e-mail plugs in here.
protocol NotificationSender: Sendable {
    func send(_ message: OutboundMessage) async throws
}

/// Appends one line per notification to `notifications.log` in the data directory. A log is
/// not a place for personal data or secrets: the recipient keeps only its first three
/// characters and the payload only its field names — a tracking code plus a phone's last four
/// digits is what a resident signs with. It skips an id it already wrote, so a retry after a
/// crash does not send twice.
final class LogFileSender: NotificationSender {
    private let path: String
    private let sent = NIOLockedValueBox<Set<Int>>([])

    init(path: String) {
        self.path = path
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let ids = existing.split(separator: "\n").compactMap { line in line.split(separator: "\t").first.flatMap { Int($0.dropFirst(3)) } }
        sent.withLockedValue { $0 = Set(ids) }
    }

    func send(_ message: OutboundMessage) async throws {
        let fresh = sent.withLockedValue { $0.insert(message.id).inserted }
        guard fresh else { return }
        let recipient = String(message.recipient.prefix(3)) + "********"
        let fields = message.payload.keys.sorted().joined(separator: ",")
        let line = "id=\(message.id)\t\(message.channel.rawValue)\t\(recipient)\t\(message.template)\t\(fields)\n"
        let handle: FileHandle
        if let existing = FileHandle(forWritingAtPath: path) {
            handle = existing
        } else {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            guard let created = FileHandle(forWritingAtPath: path) else { throw AppError(status: .internalServerError, title: "Outbox", detail: "cannot open \(path)") }
            handle = created
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
        try handle.synchronize()
    }
}

enum Outbox {
    /// Queues a notification in the caller's transaction. The same `dedupeKey` is queued once.
    static func enqueue(on db: any Database, dedupeKey: String, channel: OutboxMessage.Channel, recipientSealed: String,
                        template: String, payload: [String: String], notBefore: Date, now: Date) async throws {
        try await db.statements.run("""
            INSERT INTO outbox (dedupe_key, channel, recipient_sealed, template, payload, status, attempts, not_before, created_at)
            VALUES (\(bind: dedupeKey), \(bind: channel.rawValue), \(bind: recipientSealed), \(bind: template),
                    \(bind: AuditChain.canonicalPayload(payload)), 'pending', 0, \(bind: notBefore), \(bind: now))
            ON CONFLICT (dedupe_key) DO NOTHING
            """)
    }

    /// Withdraws a notification that has not gone out yet (a cancelled appointment's reminder).
    static func cancel(on db: any Database, dedupeKey: String) async throws {
        try await OutboxMessage.query(on: db).filter(\.$dedupeKey == dedupeKey).filter(\.$status == .pending)
            .set(\.$status, to: .cancelled).update()
    }

    static let maxAttempts = 5

    /// Sends what is due. Rows are claimed for a minute (`FOR UPDATE SKIP LOCKED` on
    /// PostgreSQL) so two instances never send the same row; failures retry with back-off.
    @discardableResult
    static func dispatch(_ app: Application, sender: any NotificationSender, batch: Int = 50) async throws -> Int {
        let now = app.clock.now()
        let claimUntil = now.addingTimeInterval(60)
        let claimed = try await app.write { db in try await claimDue(at: now, until: claimUntil, batch: batch, on: db) }
        var sentCount = 0
        for row in claimed {
            let id = row.id!
            do {
                let payload = (try? JSONDecoder().decode([String: String].self, from: Data(row.payload.utf8))) ?? [:]
                try await sender.send(OutboundMessage(id: id, channel: row.channel, recipient: try app.cipher.open(row.recipientSealed),
                                                      template: row.template, payload: payload))
                try await app.write { db in try await markSent(id, attempts: row.attempts + 1, at: now, on: db) }
                sentCount += 1
            } catch {
                let attempts = row.attempts + 1
                let status: OutboxMessage.Status = attempts >= maxAttempts ? .failed : .pending
                let retryAt = now.addingTimeInterval(Double(30 << min(attempts, 10)))
                let failure = String(String(describing: type(of: error)).prefix(200))
                Telemetry.outboxFailures.increment()
                try await app.write { db in
                    try await markUnsent(id, status: status, attempts: attempts, retryAt: retryAt, error: failure, on: db)
                }
            }
        }
        return sentCount
    }

    /// Notifications waiting to be sent, and those given up (for `/metrics`).
    static func backlog(on db: any Database) async throws -> (pending: Int, failed: Int) {
        struct Row: Decodable { let status: String; let n: Int }
        let rows: [Row] = try await db.statements.rows("""
            SELECT status, CAST(COUNT(*) AS BIGINT) AS n FROM outbox WHERE status IN ('pending', 'failed') GROUP BY status
            """)
        return (rows.first { $0.status == "pending" }?.n ?? 0, rows.first { $0.status == "failed" }?.n ?? 0)
    }

    // MARK: - Statements

    /// Claims up to `batch` due rows for a minute and returns them. On PostgreSQL the rows are
    /// read `FOR UPDATE SKIP LOCKED`, so two instances never claim the same row.
    private static func claimDue(at now: Date, until claimUntil: Date, batch: Int, on db: any Database) async throws -> [OutboxMessage] {
        let statements = db.statements
        let lock = statements.dialect == .sqlite ? "" : " FOR UPDATE SKIP LOCKED"
        let ids = try await statements.values("""
            SELECT id FROM outbox WHERE status = 'pending' AND not_before <= \(bind: now)
            AND (claimed_until IS NULL OR claimed_until < \(bind: now)) ORDER BY id LIMIT \(bind: batch)\(unsafeRaw: lock)
            """, column: "id", as: Int.self)
        guard !ids.isEmpty else { return [] }
        try await OutboxMessage.query(on: db).filter(\.$id ~~ ids).set(\.$claimedUntil, to: claimUntil).update()
        return try await OutboxMessage.query(on: db).filter(\.$id ~~ ids).sort(\.$id).all()
    }

    private static func markSent(_ id: Int, attempts: Int, at now: Date, on db: any Database) async throws {
        try await OutboxMessage.query(on: db).filter(\.$id == id).filter(\.$status == .pending)
            .set(\.$status, to: .sent).set(\.$sentAt, to: now).set(\.$attempts, to: attempts).set(\.$claimedUntil, to: nil).update()
    }

    private static func markUnsent(_ id: Int, status: OutboxMessage.Status, attempts: Int, retryAt: Date, error: String,
                                   on db: any Database) async throws {
        try await OutboxMessage.query(on: db).filter(\.$id == id)
            .set(\.$status, to: status).set(\.$attempts, to: attempts).set(\.$notBefore, to: retryAt)
            .set(\.$claimedUntil, to: nil).set(\.$lastError, to: error).update()
    }
}

extension Application {
    private struct SenderKey: StorageKey { typealias Value = any NotificationSender }

    /// The notification sender; by default the log file in the data directory.
    var notificationSender: any NotificationSender {
        get {
            if let sender = storage[SenderKey.self] { return sender }
            let sender = LogFileSender(path: (config.dataDirectory as NSString).appendingPathComponent("notifications.log"))
            storage[SenderKey.self] = sender
            return sender
        }
        set { storage[SenderKey.self] = newValue }
    }
}
