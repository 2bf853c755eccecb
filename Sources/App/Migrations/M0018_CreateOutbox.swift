import Fluent
import SQLKit

struct M0018_CreateOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox")
            .field(.id, .int, .identifier(auto: true))
            .field("dedupe_key", .string, .required)
            .field("channel", .string, .required)
            .field("recipient_sealed", .string, .required)
            .field("template", .string, .required)
            .field("payload", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("not_before", .datetime, .required)
            .field("claimed_until", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .unique(on: "dedupe_key")
            .constraint(.custom(SQLRaw("CHECK (status IN ('pending','sent','failed','cancelled'))")))
            .constraint(.custom(SQLRaw("CHECK ((status = 'sent') = (sent_at IS NOT NULL))")))
            .create()
        try await database.sql.create(index: "outbox_due_idx").on("outbox").column("status").column("not_before").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("outbox").delete()
    }
}
