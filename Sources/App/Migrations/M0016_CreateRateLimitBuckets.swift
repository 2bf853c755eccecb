import Fluent

struct M0016_CreateRateLimitBuckets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rate_limit_buckets")
            .field(.id, .int, .identifier(auto: true))
            .field("key", .string, .required)
            .field("window_start", .int, .required)
            .field("hits", .int, .required)
            .unique(on: "key", "window_start")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rate_limit_buckets").delete()
    }
}
