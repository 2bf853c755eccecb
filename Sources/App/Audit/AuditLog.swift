import Crypto
import Fluent
import Foundation
import LedgerCore
import NIOConcurrencyHelpers
import SQLKit

/// Appends events to the hash-chained log inside the caller's transaction.
package enum AuditLog {
    package static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// Free text may hold personal data, and the chain can never forget: the log keeps a
    /// fingerprint of the text (which proves what was written) and its length, not the text.
    package static func digest(_ text: String) -> String {
        let hash = Digits.hex(SHA256.hash(data: Data(text.utf8)).prefix(8))
        return "sha256:\(hash):\(text.count)"
    }

    /// The head this process last wrote. It saves reading the head before every append, and it
    /// can never be trusted wrongly: the head is moved only where it still equals this (see
    /// `append`), so after another instance's append, a rollback or another database, the
    /// conditional update misses and the head is read afresh.
    private static let lastHead = NIOLockedValueBox<(seq: Int, hash: String)?>(nil)

    @discardableResult
    package static func append(on db: any Database, kind: AuditKind, matterID: Int?, actorID: Int?,
                       fields: [String: String], at date: Date) async throws -> AuditRecord {
        let statements = db.statements
        let payload = AuditChain.canonicalPayload(fields)
        func seal(after head: (seq: Int, hash: String)) -> AuditRecord {
            AuditChain.seal(seq: head.seq + 1, at: timestamp(date), kind: kind.rawValue, matterID: matterID, actorID: actorID,
                            payload: payload, previous: head.hash)
        }
        var sealed: AuditRecord?
        if let cached = lastHead.withLockedValue({ $0 }) {
            let record = seal(after: cached)
            if try await moveHead(from: cached, to: record, on: statements) { sealed = record }
        }
        if sealed == nil {
            // The head row is the chain's lock: on PostgreSQL concurrent appenders queue on it.
            let lock = statements.dialect == .sqlite ? "" : " FOR UPDATE"
            guard let row = try await statements.row("SELECT seq, hash FROM audit_head WHERE id = 1\(unsafeRaw: lock)", as: HeadRow.self) else {
                throw AppError(status: .internalServerError, title: "Audit log missing", detail: "the audit head row is missing")
            }
            let head = (seq: row.seq, hash: row.hash)
            let record = seal(after: head)
            guard try await moveHead(from: head, to: record, on: statements) else {
                throw AppError(status: .internalServerError, title: "Audit log moved", detail: "the audit head changed while it was held")
            }
            sealed = record
        }
        let record = sealed!
        try await statements.run("""
            INSERT INTO audit_events (seq, at, kind, matter_id, actor_id, payload, prev_hash, hash)
            VALUES (\(bind: record.seq), \(bind: record.at), \(bind: record.kind), \(bind: record.matterID), \(bind: record.actorID),
                    \(bind: record.payload), \(bind: record.prevHash), \(bind: record.hash))
            """)
        lastHead.withLockedValue { $0 = (record.seq, record.hash) }
        return record
    }

    /// Moves the head to `record` if it still is `head`; false if it has moved on. (The hot
    /// statements here are raw SQL: SQLKit's builders cost more than SQLite's work.)
    private static func moveHead(from head: (seq: Int, hash: String), to record: AuditRecord, on statements: Statements) async throws -> Bool {
        try await statements.value("""
            UPDATE audit_head SET seq = \(bind: record.seq), hash = \(bind: record.hash)
            WHERE id = 1 AND seq = \(bind: head.seq) AND hash = \(bind: head.hash) RETURNING id
            """, column: "id", as: Int.self) != nil
    }

    private struct HeadRow: Decodable { let seq: Int; let hash: String }
    private struct EventRow: Decodable {
        let seq: Int, at: String, kind: String, matterId: Int?, actorId: Int?, payload: String, prevHash: String, hash: String
    }

    /// Walks the whole chain in batches; returns the head on success.
    static func verify(on db: any Database, batchSize: Int = 5000) async throws -> Result<AuditRecord?, AuditChain.Failure> {
        let statements = db.statements
        var verifier = AuditChain.Verifier()
        var last: AuditRecord?
        var after = 0
        while true {
            let rows = try await statements.rows("""
                SELECT seq, at, kind, matter_id, actor_id, payload, prev_hash, hash FROM audit_events
                WHERE seq > \(bind: after) ORDER BY seq LIMIT \(bind: batchSize)
                """, as: EventRow.self)
            if rows.isEmpty { break }
            for row in rows {
                let record = AuditRecord(seq: row.seq, at: row.at, kind: row.kind, matterID: row.matterId, actorID: row.actorId,
                                         payload: row.payload, prevHash: row.prevHash, hash: row.hash)
                do throws(AuditChain.Failure) { try verifier.check(record) } catch { return .failure(error) }
                last = record
                after = record.seq
            }
        }
        guard let head = try await statements.row("SELECT seq, hash FROM audit_head WHERE id = 1", as: HeadRow.self) else {
            return .failure(.headMismatch(expectedSeq: -1, foundSeq: verifier.lastSeq))
        }
        do throws(AuditChain.Failure) {
            try verifier.finish(headSeq: head.seq, headHash: head.hash)
        } catch { return .failure(error) }
        return .success(last)
    }
}
