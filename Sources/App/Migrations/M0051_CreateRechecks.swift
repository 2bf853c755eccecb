import Fluent
import SQLKit

/// Random re-checks (随机复核): the matters the daily draw chose for a second call about a
/// closure, what the resident said, and one row per city and day so a draw happens once even
/// with several instances running.
struct M0051_CreateRechecks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("recheck_draws")
            .field(.id, .int, .identifier(auto: true))
            .field("city_id", .int, .required, .references("units", "id"))
            .field("day", .string, .required)
            .field("drawn_at", .datetime, .required)
            .field("candidates", .int, .required)
            .field("drawn", .int, .required)
            .unique(on: "city_id", "day")
            .create()
        try await database.schema("rechecks")
            .field(.id, .int, .identifier(auto: true))
            .field("matter_id", .int, .required, .references("matters", "id"))
            .field("round", .int, .required)
            .field("complainant_id", .int, .required, .references("complainants", "id"))
            // Where the matter stood when it closed: the scorecards count the re-check there.
            .field("unit_id", .int, .required)
            .field("district_id", .int)
            .field("city_id", .int, .required)
            .field("closed_at", .datetime, .required)
            .field("draw_id", .int, .required, .references("recheck_draws", "id"))
            .field("state", .string, .required)
            .field("decided_at", .datetime)
            .field("decided_by", .int)
            .field("comment", .string)
            .unique(on: "matter_id", "round")
            .constraint(.custom(SQLRaw("CHECK (state IN ('pending','confirmed','disagreed','unreached'))")))
            .constraint(.custom(SQLRaw("CHECK ((state = 'pending') = (decided_at IS NULL))")))
            .create()
        // The office's list of waiting re-checks, and the scorecards' settled ones by period.
        try await database.sql.raw("CREATE INDEX rechecks_pending_idx ON rechecks (city_id, id) WHERE state = 'pending'").run()
        try await database.sql.create(index: "rechecks_decided_idx").on("rechecks").column("city_id").column("decided_at").run()
        // A call made for a re-check names it; calls for an unrated reply do not.
        try await database.schema("callback_calls").field("recheck_id", .int).update()
        try await database.sql.raw("CREATE INDEX callback_calls_recheck_idx ON callback_calls (recheck_id) WHERE recheck_id IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "callback_calls_recheck_idx").run()
        try await database.schema("callback_calls").deleteField("recheck_id").update()
        try await database.schema("rechecks").delete()
        try await database.schema("recheck_draws").delete()
    }
}
