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
    /// The measures, grouped by the matter columns that move them.
    static var groups: [(columns: [String], measures: [MatterTallies.Measure])] {
        var groups: [(columns: [String], measures: [MatterTallies.Measure])] = []
        for measure in MatterTallies.measures {
            let columns = MatterTallies.matterColumns(of: measure)
            if let index = groups.firstIndex(where: { $0.columns == columns }) {
                groups[index].measures.append(measure)
            } else {
                groups.append((columns, [measure]))
            }
        }
        return groups
    }

    private static func name(_ index: Int) -> String { "matter_tallies_matters_update_\(index + 1)" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "sqlite" else { return }
        try await sql.raw("DROP TRIGGER matter_tallies_matters_update").run()
        for (index, group) in Self.groups.enumerated() {
            let body = (MatterTallies.matterChanges("OLD", sign: -1, dialect: "sqlite", of: group.measures)
                + MatterTallies.matterChanges("NEW", sign: 1, dialect: "sqlite", of: group.measures)).map { $0 + ";" }.joined(separator: "\n")
            try await sql.raw("""
                CREATE TRIGGER \(unsafeRaw: Self.name(index)) AFTER UPDATE OF \(unsafeRaw: group.columns.joined(separator: ", ")) ON matters
                WHEN \(unsafeRaw: M0032_CreateMatterTallies.changed(group.columns, dialect: "sqlite"))
                BEGIN \(unsafeRaw: body) END
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "sqlite" else { return }
        for index in Self.groups.indices { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: Self.name(index))").run() }
        let watched = M0032_CreateMatterTallies.watched[0]
        let body = (MatterTallies.matterChanges("OLD", sign: -1, dialect: "sqlite") + MatterTallies.matterChanges("NEW", sign: 1, dialect: "sqlite"))
            .map { $0 + ";" }.joined(separator: "\n")
        try await sql.raw("""
            CREATE TRIGGER matter_tallies_matters_update AFTER UPDATE ON matters
            WHEN \(unsafeRaw: M0032_CreateMatterTallies.changed(watched.columns + ["chase_level"], dialect: "sqlite"))
            BEGIN \(unsafeRaw: body) END
            """).run()
    }
}
