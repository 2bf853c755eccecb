import Fluent
import SQLKit

struct M0019_CreateServiceItems: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("service_items")
            .field(.id, .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("category", .string, .required)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("description", .string, .required)
            .field("materials", .string, .required)
            .field("steps", .string, .required)
            .field("time_limit_days", .int, .required)
            .field("fee", .string, .required)
            .field("message_kind", .string)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("service_items").delete()
    }
}
