import Fluent
import SQLKit

struct M0004_CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .field(.id, .string, .identifier(auto: false))
            .field("officer_id", .int, .required, .references("officers", "id"))
            .field("label", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .create()
        try await database.sql.create(index: "api_tokens_officer_idx").on("api_tokens").column("officer_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}
