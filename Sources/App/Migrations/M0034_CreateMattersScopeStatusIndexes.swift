import Fluent
import SQLKit

/// A station's or district's ledger list filtered by status, newest first. With only
/// `(status, id)` the database walked every matter of that status in the city and dropped
/// those of other units: about fifty rows read for each one shown, at a station.
struct M0034_CreateMattersScopeStatusIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.create(index: "matters_unit_status_id_idx").on("matters").column("unit_id").column("status").column("id").run()
        try await sql.create(index: "matters_district_status_id_idx").on("matters").column("district_id").column("status").column("id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.drop(index: "matters_district_status_id_idx").run()
        try await sql.drop(index: "matters_unit_status_id_idx").run()
    }
}
