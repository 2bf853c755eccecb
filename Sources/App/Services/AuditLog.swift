import Crypto
import Fluent
import Foundation
import LedgerCore
import SQLKit

/// Appends events to the hash-chained log inside the caller's transaction.
enum AuditLog {
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// Free text may hold personal data, and the chain can never forget: the log keeps a
    /// fingerprint of the text (which proves what was written) and its length, not the text.
    static func digest(_ text: String) -> String {
        let hash = Digits.hex(SHA256.hash(data: Data(text.utf8)).prefix(8))
        return "sha256:\(hash):\(text.count)"
    }

    @discardableResult
    static func append(on db: any Database, kind: String, matterID: Int?, actorID: Int?,
                       fields: [String: String], at date: Date) async throws -> AuditRecord {
        let sql = db as! any SQLDatabase
        // The head row is the chain's lock: on PostgreSQL concurrent appenders queue on it.
        let lock = sql.dialect.name == "sqlite" ? "" : " FOR UPDATE"
        guard let head = try await sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1\(unsafeRaw: lock)").first() else {
            throw AppError(status: .internalServerError, title: "Audit log missing", detail: "the audit head row is missing")
        }
        let record = AuditChain.seal(
            seq: try head.decode(column: "seq", as: Int.self) + 1, at: timestamp(date), kind: kind,
            matterID: matterID, actorID: actorID, payload: AuditChain.canonicalPayload(fields),
            previous: try head.decode(column: "hash", as: String.self))
        try await sql.insert(into: "audit_events")
            .columns("seq", "at", "kind", "matter_id", "actor_id", "payload", "prev_hash", "hash")
            .values(SQLBind(record.seq), SQLBind(record.at), SQLBind(record.kind), SQLBind(record.matterID),
                    SQLBind(record.actorID), SQLBind(record.payload), SQLBind(record.prevHash), SQLBind(record.hash))
            .run()
        try await sql.update("audit_head").set("seq", to: SQLBind(record.seq)).set("hash", to: SQLBind(record.hash))
            .where("id", .equal, SQLBind(1)).run()
        return record
    }

    /// Walks the whole chain in batches; returns the head on success.
    static func verify(on db: any Database, batchSize: Int = 5000) async throws -> Result<AuditRecord?, AuditChain.Failure> {
        let sql = db as! any SQLDatabase
        var verifier = AuditChain.Verifier()
        var last: AuditRecord?
        var after = 0
        while true {
            let rows = try await sql.raw("""
                SELECT seq, at, kind, matter_id, actor_id, payload, prev_hash, hash FROM audit_events
                WHERE seq > \(bind: after) ORDER BY seq LIMIT \(bind: batchSize)
                """).all()
            if rows.isEmpty { break }
            for row in rows {
                let record = AuditRecord(
                    seq: try row.decode(column: "seq", as: Int.self), at: try row.decode(column: "at", as: String.self),
                    kind: try row.decode(column: "kind", as: String.self), matterID: try row.decode(column: "matter_id", as: Int?.self),
                    actorID: try row.decode(column: "actor_id", as: Int?.self), payload: try row.decode(column: "payload", as: String.self),
                    prevHash: try row.decode(column: "prev_hash", as: String.self), hash: try row.decode(column: "hash", as: String.self))
                do throws(AuditChain.Failure) { try verifier.check(record) } catch { return .failure(error) }
                last = record
                after = record.seq
            }
        }
        guard let head = try await sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first() else {
            return .failure(.headMismatch(expectedSeq: -1, foundSeq: verifier.lastSeq))
        }
        let headSeq = try head.decode(column: "seq", as: Int.self)
        let headHash = try head.decode(column: "hash", as: String.self)
        do throws(AuditChain.Failure) {
            try verifier.finish(headSeq: headSeq, headHash: headHash)
        } catch { return .failure(error) }
        return .success(last)
    }
}
