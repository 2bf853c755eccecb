import Fluent

struct M0014_CreateCalendarDays: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("calendar_days")
            .field(.id, .int, .identifier(auto: true))
            .field("day", .string, .required)
            .field("working", .bool, .required)
            .field("name", .string, .required)
            .unique(on: "day")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_days").delete()
    }
}
