import Fluent
import SQLKit

/// Personal data residents typed into free text, sealed apart from the text, which keeps only
/// its mask: `owner` and `owner_id` say whose text (a message's content, a matter's summary or
/// details), `field` which; `digest` is the keyed digest of a phone, so staff can find a
/// matter or message by a full number without the number being stored in clear (the index
/// on `messages.phone_digest` serves the same search).
struct M0045_CreateTextPersonalData: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("text_personal_data")
            .field(.id, .int, .identifier(auto: true))
            .field("owner", .string, .required)
            .field("owner_id", .int, .required)
            .field("field", .string, .required)
            .field("kind", .string, .required)
            .field("masked", .string, .required)
            .field("sealed", .string, .required)
            .field("digest", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "text_personal_data_owner_idx").on("text_personal_data").column("owner").column("owner_id").run()
        try await database.sql.create(index: "text_personal_data_digest_idx").on("text_personal_data").column("digest").run()
        // A message's own phone is found by the same search.
        try await database.sql.create(index: "messages_phone_digest_idx").on("messages").column("phone_digest").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "messages_phone_digest_idx").run()
        try await database.schema("text_personal_data").delete()
    }
}
