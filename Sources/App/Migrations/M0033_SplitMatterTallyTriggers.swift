import Fluent
import SQLKit

/// On SQLite, replaces the one tally trigger on updates of `matters` (M0032) with one trigger
/// per set of columns the measures depend on, each `AFTER UPDATE OF` those columns. SQLite
/// compiles into every UPDATE statement the triggers watching a column it sets, afresh each
/// time; the one trigger held every measure, and compiling it took about 0.5 ms of every
/// action on a matter. Now closing a matter compiles the measures that read its status, and
/// recording a result (which sets no watched column) compiles none. PostgreSQL compiles a
/// trigger function once per session, so it keeps the one trigger.
struct M0033_SplitMatterTallyTriggers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        guard sql.dialect.name == "sqlite" else { return }
        for statement in Self.prepareOnSQLite { try await sql.raw(SQLQueryString(statement)).run() }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        guard sql.dialect.name == "sqlite" else { return }
        for statement in Self.revertOnSQLite { try await sql.raw(SQLQueryString(statement)).run() }
    }
}
