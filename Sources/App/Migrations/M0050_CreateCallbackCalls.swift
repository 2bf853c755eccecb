import Fluent
import SQLKit

/// The call-back office's calls (回访记录): who called which resident about which round, when,
/// and what came of it, read per complainant and round.
struct M0050_CreateCallbackCalls: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("callback_calls")
            .field(.id, .int, .identifier(auto: true))
            .field("matter_id", .int, .required, .references("matters", "id"))
            .field("round", .int, .required)
            .field("complainant_id", .int, .required, .references("complainants", "id"))
            .field("officer_id", .int, .required, .references("officers", "id"))
            .field("office_id", .int, .required, .references("units", "id"))
            .field("called_at", .datetime, .required)
            .field("outcome", .string, .required)
            .field("note", .string)
            .constraint(.custom(SQLRaw("CHECK (outcome IN ('rated','noAnswer','refused','wrongNumber'))")))
            .create()
        try await database.sql.create(index: "callback_calls_complainant_idx").on("callback_calls")
            .column("matter_id").column("round").column("complainant_id").run()
        // The office's queue: unrated replies, oldest first.
        try await database.sql.raw("CREATE INDEX complainant_rounds_unrated_idx ON complainant_rounds (replied_at) WHERE rating IS NULL AND reply IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "complainant_rounds_unrated_idx").run()
        try await database.schema("callback_calls").delete()
    }
}
