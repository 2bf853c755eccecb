import Fluent
import SQLKit

/// A matter's search words are its summary's and details' only: its reference's two words
/// ("my20260302", "000001") were each one matter's own, so they were half of PostgreSQL's
/// full-text index and half the time of building it. A search for a reference finds the matter
/// by the reference's own unique index (`MatterList.load`).
struct M0038_SearchWordsWithoutReference: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await rewrite(on: database) { FrozenSearchWords.document($0.summary + " " + $0.details) }
    }

    func revert(on database: any Database) async throws {
        try await rewrite(on: database) { FrozenSearchWords.document([$0.reference, $0.summary, $0.details].joined(separator: " ")) }
    }

    /// Every matter's words again, a thousand matters at a time (a bureau's whole ledger need not
    /// fit in memory); a matter whose words are right already is not written.
    private func rewrite(on database: any Database, words: ((reference: String, summary: String, details: String)) -> String) async throws {
        let sql = database.sql
        var after = 0
        while true {
            let rows = try await sql.raw("""
                SELECT id, reference, summary, details, search_text FROM matters WHERE id > \(bind: after) ORDER BY id LIMIT 1000
                """).all()
            guard let last = rows.last else { return }
            for row in rows {
                let text = words((try row.decode(column: "reference", as: String.self), try row.decode(column: "summary", as: String.self),
                                  try row.decode(column: "details", as: String.self)))
                guard text != (try row.decode(column: "search_text", as: String.self)) else { continue }
                try await sql.raw("UPDATE matters SET search_text = \(bind: text) WHERE id = \(bind: try row.decode(column: "id", as: Int.self))").run()
            }
            after = try last.decode(column: "id", as: Int.self)
        }
    }
}
