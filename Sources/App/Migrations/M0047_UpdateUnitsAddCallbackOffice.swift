import Fluent
import SQLKit

/// Units may be call-back offices (回访): the units table's kind check admits the new kind.
/// PostgreSQL replaces the check. SQLite cannot alter a check, and rebuilding `units` would
/// break the foreign keys every table holds to it; SQLite's documented procedure for a change
/// that touches no stored row (widening a check, like removing one) edits the table's
/// definition in the schema and bumps the schema version, inside one transaction.
struct M0047_UpdateUnitsAddCallbackOffice: AsyncMigration {
    static let before = "CHECK (kind IN ('city','district','station','partner'))"
    static let after = "CHECK (kind IN ('city','district','station','partner','callbackOffice'))"

    func prepare(on database: any Database) async throws {
        try await replace(Self.before, with: Self.after, on: database)
    }

    func revert(on database: any Database) async throws {
        try await replace(Self.after, with: Self.before, on: database)
    }

    private func replace(_ old: String, with new: String, on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            try await database.transaction { db in
                let sql = db.sql
                struct Version: Decodable { let schema_version: Int }
                let version = try await sql.raw("PRAGMA schema_version").first(decoding: Version.self)?.schema_version ?? 0
                try await sql.raw("PRAGMA writable_schema = ON").run()
                try await sql.raw("UPDATE sqlite_master SET sql = replace(sql, \(bind: old), \(bind: new)) WHERE type = 'table' AND name = 'units'").run()
                try await sql.raw("PRAGMA writable_schema = OFF").run()
                try await sql.raw(SQLQueryString("PRAGMA schema_version = \(unsafeRaw: String(version + 1))")).run()
            }
        } else {
            try await sql.raw("ALTER TABLE units DROP CONSTRAINT units_kind_check").run()
            try await sql.raw(SQLQueryString("ALTER TABLE units ADD CONSTRAINT units_kind_check \(unsafeRaw: new)")).run()
        }
    }
}
