import Fluent
import SQLKit

struct M0002_CreateOfficers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("officers")
            .field(.id, .int, .identifier(auto: true))
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("rank", .string)
            .field("password_hash", .string, .required)
            .field("totp_secret", .string)
            .field("totp_enabled", .bool, .required)
            .field("totp_last_step", .int)
            .field("failed_attempts", .int, .required)
            .field("locked_until", .datetime)
            .field("disabled", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.sql.create(index: "officers_unit_idx").on("officers").column("unit_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("officers").delete()
    }
}
