import Fluent
import SQLKit

/// The barometer's tallies (see `MatterTallies`): the tables, the triggers that keep them, and
/// the tallies of the matters already there. The statements are frozen as they were written
/// (`+SQLite`, `+PostgreSQL`), so that a later change to `MatterTallies` cannot change what this
/// migration builds on a fresh database.
struct M0032_CreateMatterTallies: AsyncMigration {
    /// The tables whose rows are counted; each has the triggers `matter_tallies_<table>_*`.
    static let watchedTables = ["matters", "complainant_rounds", "accountability_records"]

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        for statement in sql.dialect.name == "sqlite" ? Self.sqlite : Self.postgres {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        let sqlite = sql.dialect.name == "sqlite"
        for table in Self.watchedTables {
            let name = "matter_tallies_" + table
            if sqlite {
                for suffix in ["_insert", "_update", "_delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name + suffix)").run() }
            } else {
                for suffix in ["_write", "_update"] {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name + suffix) ON \(unsafeRaw: table)").run()
                }
                try await sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: name)()").run()
            }
        }
        try await sql.raw("DROP TABLE IF EXISTS matter_tally_changes").run()
        try await sql.raw("DROP TABLE IF EXISTS matter_tallies").run()
    }
}
