import Fluent
import LedgerCore
import SQLKit

/// Adds each week's and month's tallies (see `MatterTallies.name(_:_:)`), rolled up from the
/// day tallies already folded; `fold` keeps all three from now on.
struct M0035_CreateWeekAndMonthTallies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for grain in [TallyGrain.week, .month] {
            let rolled = MatterTallies.rollUp("matter_tallies", grain, dialect: sql.dialect.name)
            try await sql.raw("INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n) \(unsafeRaw: rolled)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DELETE FROM matter_tallies WHERE measure LIKE '%/%'").run()
    }
}
