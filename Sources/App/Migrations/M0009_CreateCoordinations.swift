import Fluent
import SQLKit

struct M0009_CreateCoordinations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("coordinations")
            .field(.id, .int, .identifier(auto: true))
            .field("matter_id", .int, .required, .references("matters", "id"))
            .field("round", .int, .required)
            .field("partner_unit_id", .int, .required, .references("units", "id"))
            .field("note", .string, .required)
            .field("officer_id", .int, .required, .references("officers", "id"))
            .field("at", .datetime, .required)
            .create()
        try await database.sql.create(index: "coordinations_matter_idx").on("coordinations").column("matter_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("coordinations").delete()
    }
}
