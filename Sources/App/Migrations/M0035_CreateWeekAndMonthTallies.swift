import Fluent
import SQLKit

/// Adds each week's and month's tallies (see `MatterTallies.name(_:_:)`), rolled up from the
/// day tallies already folded; `fold` keeps all three from now on. The statements are frozen as
/// `MatterTallies.rollUp` wrote them on 2026-12-04.
struct M0035_CreateWeekAndMonthTallies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        for statement in sql.dialect.name == "sqlite" ? Self.sqlite : Self.postgres {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DELETE FROM matter_tallies WHERE measure LIKE '%/%'").run()
    }

    static let sqlite: [String] = [
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT measure || '/w', (day - (day + 3) % 7), unit_id, MAX(district_id), MAX(city_id), ledger, topic, SUM(n)
        FROM matter_tallies WHERE measure IN ('registered', 'registeredByTopic', 'closed', 'closedOfRegistered', 'late', 'escalated', 'rated', 'satisfied', 'records', 'reopenings') GROUP BY 1, 2, unit_id, ledger, topic HAVING SUM(n) <> 0
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT measure || '/m', CAST(julianday(date(day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER), unit_id, MAX(district_id), MAX(city_id), ledger, topic, SUM(n)
        FROM matter_tallies WHERE measure IN ('registered', 'registeredByTopic', 'closed', 'closedOfRegistered', 'late', 'escalated', 'rated', 'satisfied', 'records', 'reopenings') GROUP BY 1, 2, unit_id, ledger, topic HAVING SUM(n) <> 0
        """#,
    ]
    static let postgres: [String] = [
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT measure || '/w', (day - (day + 3) % 7), unit_id, MAX(district_id), MAX(city_id), ledger, topic, SUM(n)
        FROM matter_tallies WHERE measure IN ('registered', 'registeredByTopic', 'closed', 'closedOfRegistered', 'late', 'escalated', 'rated', 'satisfied', 'records', 'reopenings') GROUP BY 1, 2, unit_id, ledger, topic HAVING SUM(n) <> 0
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT measure || '/m', (CAST(date_trunc('month', DATE '1970-01-01' + CAST(day AS INTEGER)) AS DATE) - DATE '1970-01-01'), unit_id, MAX(district_id), MAX(city_id), ledger, topic, SUM(n)
        FROM matter_tallies WHERE measure IN ('registered', 'registeredByTopic', 'closed', 'closedOfRegistered', 'late', 'escalated', 'rated', 'satisfied', 'records', 'reopenings') GROUP BY 1, 2, unit_id, ledger, topic HAVING SUM(n) <> 0
        """#,
    ]
}
