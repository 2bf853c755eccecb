import Fluent

struct M0023_CreateOpen311Keys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("open311_keys")
            .field(.id, .string, .identifier(auto: false))
            .field("label", .string, .required)
            .field("created_by", .int, .required, .references("officers", "id"))
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("open311_keys").delete()
    }
}
