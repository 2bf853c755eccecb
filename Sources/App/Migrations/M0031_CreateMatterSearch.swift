import Fluent
import SQLKit

/// A full-text index of matters (reference, summary, details), so a text search is an index
/// lookup, not a scan of every matter. The words are `FrozenSearchWords` (pairs of Han
/// characters, Latin words: `SearchGrams` as it stood), kept in `search_text`; SQLite indexes
/// them with FTS5 (kept in step by triggers), PostgreSQL with a GIN index over the word array.
struct M0031_CreateMatterSearch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matters").field("search_text", .string, .required, .sql(.default(""))).update()
        let sql = database.sql
        // Matters registered before this index existed.
        let rows = try await sql.raw("SELECT id, reference, summary, details FROM matters").all()
        for row in rows {
            let text = FrozenSearchWords.document([try row.decode(column: "reference", as: String.self), try row.decode(column: "summary", as: String.self),
                                             try row.decode(column: "details", as: String.self)].joined(separator: " "))
            try await sql.raw("UPDATE matters SET search_text = \(bind: text) WHERE id = \(bind: try row.decode(column: "id", as: Int.self))").run()
        }
        if sql.dialect.name == "sqlite" {
            try await sql.raw("""
                CREATE VIRTUAL TABLE matter_search USING fts5(search_text, content='matters', content_rowid='id', tokenize='unicode61')
                """).run()
            try await sql.raw("""
                CREATE TRIGGER matters_search_insert AFTER INSERT ON matters BEGIN
                  INSERT INTO matter_search(rowid, search_text) VALUES (new.id, new.search_text); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER matters_search_update AFTER UPDATE OF search_text ON matters BEGIN
                  INSERT INTO matter_search(matter_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                  INSERT INTO matter_search(rowid, search_text) VALUES (new.id, new.search_text); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER matters_search_delete AFTER DELETE ON matters BEGIN
                  INSERT INTO matter_search(matter_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); END
                """).run()
            try await sql.raw("INSERT INTO matter_search(matter_search) VALUES ('rebuild')").run()
        } else {
            try await sql.raw("CREATE INDEX matters_search_idx ON matters USING gin (string_to_array(search_text, ' '))").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            for trigger in ["matters_search_insert", "matters_search_update", "matters_search_delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger)").run()
            }
            try await sql.raw("DROP TABLE IF EXISTS matter_search").run()
        } else {
            try await sql.raw("DROP INDEX IF EXISTS matters_search_idx").run()
        }
        try await database.schema("matters").deleteField("search_text").update()
    }
}
