import Fluent
import SQLKit

struct M0001_CreateUnits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("units")
            .field(.id, .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("parent_id", .int, .references("units", "id"))
            .field("district_id", .int, .references("units", "id"))
            .field("city_id", .int, .references("units", "id"))
            .field("created_at", .datetime)
            .constraint(.custom(SQLRaw("CHECK (kind IN ('city','district','station','partner'))")))
            .create()
        try await database.sql.create(index: "units_parent_idx").on("units").column("parent_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("units").delete()
    }
}
