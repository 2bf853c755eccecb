import Fluent
import SQLKit

struct M0003_CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .field(.id, .string, .identifier(auto: false))
            .field("officer_id", .int, .references("officers", "id"))
            .field("stage", .string, .required)
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "sessions_officer_idx").on("sessions").column("officer_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").delete()
    }
}
