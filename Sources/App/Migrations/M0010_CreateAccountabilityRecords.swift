import Fluent
import SQLKit

struct M0010_CreateAccountabilityRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("accountability_records")
            .field(.id, .int, .identifier(auto: true))
            .field("matter_id", .int, .required, .references("matters", "id"))
            .field("round", .int, .required)
            .field("cause", .string, .required)
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("officer_id", .int, .references("officers", "id"))
            .field("oversight_unit_id", .int, .required, .references("units", "id"))
            .field("at", .datetime, .required)
            .field("annulled_by_appeal_id", .int)
            .create()
        let sql = database.sql
        try await sql.create(index: "accountability_matter_idx").on("accountability_records").column("matter_id").run()
        try await sql.create(index: "accountability_unit_idx").on("accountability_records").column("unit_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("accountability_records").delete()
    }
}
