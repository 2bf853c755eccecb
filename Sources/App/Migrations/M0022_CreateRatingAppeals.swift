import Fluent
import SQLKit

struct M0022_CreateRatingAppeals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rating_appeals")
            .field(.id, .int, .identifier(auto: true))
            .field("matter_id", .int, .required, .references("matters", "id"))
            .field("round", .int, .required)
            .field("complainant_id", .int, .required, .references("complainants", "id"))
            .field("reason", .string, .required)
            .field("filed_by", .int, .required, .references("officers", "id"))
            .field("filed_at", .datetime, .required)
            .field("decision", .string)
            .field("decision_note", .string)
            .field("decided_by", .int, .references("officers", "id"))
            .field("decided_at", .datetime)
            // One appeal per rating.
            .unique(on: "matter_id", "round", "complainant_id")
            .constraint(.custom(SQLRaw("CHECK (decision IS NULL OR decision IN ('upheld','rejected'))")))
            .constraint(.custom(SQLRaw("CHECK ((decision IS NULL) = (decided_at IS NULL))")))
            .create()
        try await database.sql.create(index: "rating_appeals_matter_idx").on("rating_appeals").column("matter_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rating_appeals").delete()
    }
}
