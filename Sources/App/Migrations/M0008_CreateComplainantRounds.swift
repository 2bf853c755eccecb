import Fluent
import SQLKit

struct M0008_CreateComplainantRounds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("complainant_rounds")
            .field(.id, .int, .identifier(auto: true))
            .field("matter_id", .int, .required, .references("matters", "id"))
            .field("round", .int, .required)
            .field("complainant_id", .int, .required, .references("complainants", "id"))
            .field("reply", .string)
            .field("replied_by", .int, .references("officers", "id"))
            .field("replied_at", .datetime)
            .field("rating", .string)
            .field("rating_comment", .string)
            .field("rated_at", .datetime)
            .field("unreachable_note", .string)
            .field("unreachable_approved_by", .int, .references("officers", "id"))
            .unique(on: "matter_id", "round", "complainant_id")
            // A rating only follows a reply.
            .constraint(.custom(SQLRaw("CHECK (rating IS NULL OR reply IS NOT NULL)")))
            .constraint(.custom(SQLRaw("CHECK (rating IS NULL OR rating IN ('satisfied','basicallySatisfied','dissatisfied'))")))
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("complainant_rounds").delete()
    }
}
