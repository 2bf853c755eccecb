import Fluent
import SQLKit

/// 智能邀评: a reminder before the call-back office calls. The reminder carries a fresh token
/// for the same link (only its digest is kept, beside the first one's, so both texts work).
struct M0053_AddRatingReminders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rating_links").field("reminded_at", .datetime).update()
        try await database.schema("rating_links").field("reminder_digest", .string).update()
        try await database.sql.raw("CREATE UNIQUE INDEX rating_links_reminder_idx ON rating_links (reminder_digest) WHERE reminder_digest IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "rating_links_reminder_idx").run()
        try await database.schema("rating_links").deleteField("reminder_digest").update()
        try await database.schema("rating_links").deleteField("reminded_at").update()
    }
}
