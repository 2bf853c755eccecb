import Fluent
import SQLKit

struct M0020_CreateServiceHalls: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("service_halls")
            .field(.id, .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("address", .string, .required)
            .field("hours", .string, .required)
            .constraint(.custom(SQLRaw("CHECK (kind IN ('municipal','districtCentre','stationRoom','streetCentre'))")))
            .create()
        try await database.schema("hall_windows")
            .field(.id, .int, .identifier(auto: true))
            .field("hall_id", .int, .required, .references("service_halls", "id"))
            .field("name", .string, .required)
            .field("service_codes", .string, .required)
            .create()
        try await database.sql.create(index: "hall_windows_hall_idx").on("hall_windows").column("hall_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("hall_windows").delete()
        try await database.schema("service_halls").delete()
    }
}
