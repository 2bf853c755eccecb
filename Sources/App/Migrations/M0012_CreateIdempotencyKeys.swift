import Fluent

struct M0012_CreateIdempotencyKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("idempotency_keys")
            .field(.id, .int, .identifier(auto: true))
            .field("officer_id", .int, .required, .references("officers", "id"))
            .field("key", .string, .required)
            .field("request_digest", .string, .required)
            .field("status", .int, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "officer_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("idempotency_keys").delete()
    }
}
