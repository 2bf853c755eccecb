import Fluent
import SQLKit

/// Application files are sealed from now on: `key_id` names the key that sealed a file's bytes
/// and name (NULL for a file stored in clear before this migration, which the start seals), and
/// `purged_at` says when the retention job removed them. The index finds ended applications by
/// when they ended, for that job; `key_id`'s index finds the files a key sealed.
struct M0041_UpdateAttachmentsAddSealing: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await database.schema("attachments").field("key_id", .string).update()
        try await database.schema("attachments").field("purged_at", .datetime).update()
        try await database.sql.create(index: "service_applications_status_updated_idx").on("service_applications")
            .column("status").column("updated_at").run()
        try await database.sql.create(index: "attachments_key_id_idx").on("attachments").column("key_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "attachments_key_id_idx").run()
        try await database.sql.drop(index: "service_applications_status_updated_idx").run()
        try await database.schema("attachments").deleteField("purged_at").update()
        try await database.schema("attachments").deleteField("key_id").update()
    }
}
