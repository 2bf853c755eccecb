import Fluent
import SQLKit

struct M0007_CreateMatterRounds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matter_rounds")
            .field(.id, .int, .identifier(auto: true))
            .field("matter_id", .int, .required, .references("matters", "id"))
            .field("round", .int, .required)
            .field("started_at", .datetime, .required)
            .field("result", .string)
            .field("result_by", .int, .references("officers", "id"))
            .field("published", .bool)
            .field("public_asked", .string)
            .field("public_summary", .string)
            .field("withhold_reason", .string)
            .field("publication_note", .string)
            .field("publication_by", .int, .references("officers", "id"))
            .field("answerable_officer_id", .int, .references("officers", "id"))
            .field("accountability_finding", .string)
            .field("accountability_by", .int, .references("officers", "id"))
            .unique(on: "matter_id", "round")
            // A publication decision is either a summary or a lawful reason, never neither.
            .constraint(.custom(SQLRaw("CHECK (published IS NULL OR (published AND public_asked IS NOT NULL AND public_summary IS NOT NULL) OR (NOT published AND withhold_reason IS NOT NULL))")))
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("matter_rounds").delete()
    }
}
