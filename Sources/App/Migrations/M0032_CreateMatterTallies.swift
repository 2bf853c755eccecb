import Fluent
import SQLKit

/// The barometer's tallies (see `MatterTallies`): the tables, the triggers that keep them, and
/// the tallies of the matters already there.
struct M0032_CreateMatterTallies: AsyncMigration {
    /// Each table, the counted rows it holds, and the columns whose change moves a tally.
    static let watched: [(table: String, source: MatterTallies.Measure.Source?, columns: [String])] = [
        ("matters", nil, ["status", "ledger", "topic", "unit_id", "district_id", "city_id", "registered_at", "closed_at", "escalated_at"]),
        ("complainant_rounds", .rating, ["matter_id", "rated_at", "rating"]),
        ("accountability_records", .record, ["matter_id", "cause", "at", "annulled_by_appeal_id"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let dialect = sql.dialect.name
        let sqlite = dialect == "sqlite"
        let tallyColumns = """
            measure VARCHAR(24) NOT NULL, day BIGINT NOT NULL, unit_id BIGINT NOT NULL, district_id BIGINT, city_id BIGINT NOT NULL,
            ledger VARCHAR(16) NOT NULL, topic VARCHAR(32) NOT NULL, n BIGINT NOT NULL
            """
        try await sql.raw("""
            CREATE TABLE matter_tallies (\(unsafeRaw: tallyColumns), PRIMARY KEY (measure, day, unit_id, ledger, topic))\(unsafeRaw: sqlite ? " WITHOUT ROWID" : "")
            """).run()
        try await sql.raw("""
            CREATE TABLE matter_tally_changes (id \(unsafeRaw: sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"), \(unsafeRaw: tallyColumns))
            """).run()
        for statement in MatterTallies.initialFill(dialect: dialect) { try await sql.raw(SQLQueryString(statement)).run() }

        for watched in Self.watched {
            func changes(_ row: String, _ sign: Int) -> [String] {
                if let source = watched.source { return MatterTallies.childChanges(source, row, sign: sign, dialect: dialect) }
                return MatterTallies.matterChanges(row, sign: sign, dialect: dialect)
            }
            let when = Self.changed(watched.columns + (watched.table == "matters" ? ["chase_level"] : []), dialect: dialect)
            let name = "matter_tallies_" + watched.table
            func body(_ statements: [String]) -> String { statements.map { $0 + ";" }.joined(separator: "\n") }
            if sqlite {
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: name)_insert AFTER INSERT ON \(unsafeRaw: watched.table) BEGIN \(unsafeRaw: body(changes("NEW", 1))) END").run()
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: name)_update AFTER UPDATE ON \(unsafeRaw: watched.table) WHEN \(unsafeRaw: when)
                    BEGIN \(unsafeRaw: body(changes("OLD", -1) + changes("NEW", 1))) END
                    """).run()
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: name)_delete AFTER DELETE ON \(unsafeRaw: watched.table) BEGIN \(unsafeRaw: body(changes("OLD", -1))) END").run()
            } else {
                try await sql.raw("""
                    CREATE FUNCTION \(unsafeRaw: name)() RETURNS trigger LANGUAGE plpgsql AS $tally$
                    BEGIN
                      IF TG_OP <> 'INSERT' THEN \(unsafeRaw: body(changes("OLD", -1))) END IF;
                      IF TG_OP <> 'DELETE' THEN \(unsafeRaw: body(changes("NEW", 1))) END IF;
                      RETURN NULL;
                    END $tally$
                    """).run()
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: name)_write AFTER INSERT OR DELETE ON \(unsafeRaw: watched.table)
                    FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: name)()
                    """).run()
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: name)_update AFTER UPDATE ON \(unsafeRaw: watched.table)
                    FOR EACH ROW WHEN (\(unsafeRaw: when)) EXECUTE FUNCTION \(unsafeRaw: name)()
                    """).run()
            }
        }
    }

    /// A trigger's WHEN: any of `columns` changed (the chase level only between none and some).
    static func changed(_ columns: [String], dialect: String) -> String {
        let differs = dialect == "sqlite" ? "IS NOT" : "IS DISTINCT FROM"
        return columns.map { column in
            column == "chase_level" ? "(OLD.chase_level > 0) \(differs) (NEW.chase_level > 0)" : "OLD.\(column) \(differs) NEW.\(column)"
        }.joined(separator: " OR ")
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let sqlite = sql.dialect.name == "sqlite"
        for watched in Self.watched {
            let name = "matter_tallies_" + watched.table
            if sqlite {
                for suffix in ["_insert", "_update", "_delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name + suffix)").run() }
            } else {
                for suffix in ["_write", "_update"] {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name + suffix) ON \(unsafeRaw: watched.table)").run()
                }
                try await sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: name)()").run()
            }
        }
        try await sql.raw("DROP TABLE IF EXISTS matter_tally_changes").run()
        try await sql.raw("DROP TABLE IF EXISTS matter_tallies").run()
    }
}
