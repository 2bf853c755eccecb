import Fluent
import SQLKit

/// One-time rating links: one per complainant and round, made with the reply. Only the token's
/// digest is kept, so the table cannot be used to rate; the token travels to the resident.
struct M0049_CreateRatingLinks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rating_links")
            .field(.id, .int, .identifier(auto: true))
            .field("token_digest", .string, .required)
            .field("matter_id", .int, .required, .references("matters", "id"))
            .field("round", .int, .required)
            .field("complainant_id", .int, .required, .references("complainants", "id"))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_digest")
            .unique(on: "matter_id", "round", "complainant_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rating_links").delete()
    }
}
