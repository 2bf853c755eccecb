import Fluent
import SQLKit

/// Who recorded each rating, and through which channel. Until now any officer of the owning
/// unit could record a rating for a resident, so ratings already stored count as
/// `recordedByUnit` (kept and shown, never certified) — except those the audit chain shows a
/// resident gave themselves (a `rated` event with no officer, from the tracking page).
///
/// `rated_at` is from now on the moment of a certified rating, and the figures (the tally
/// triggers of M0032/M0033 count rows with `rated_at`) count nothing else: a unit's rating
/// keeps its moment in `unit_rated_at` instead, and moving it there takes it out of every
/// tally through the same triggers.
struct M0048_UpdateComplainantRoundsAddRatingSource: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one at a time.
        for (name, type) in [("rated_by", DatabaseSchema.DataType.string), ("rating_channel", .string), ("rated_by_officer", .int), ("unit_rated_at", .datetime)] {
            try await database.schema("complainant_rounds").field(.definition(name: .key(.init(stringLiteral: name)), dataType: type, constraints: [])).update()
        }
        let sql = database.sql
        try await sql.raw("""
            UPDATE complainant_rounds SET rated_by = 'resident', rating_channel = 'trackingPage'
            WHERE rating IS NOT NULL AND EXISTS (
                SELECT 1 FROM audit_events a
                WHERE a.matter_id = complainant_rounds.matter_id AND a.kind = 'rated' AND a.actor_id IS NULL
                  AND a.payload LIKE '%"complainant":"' || complainant_rounds.complainant_id || '"%'
                  AND a.payload LIKE '%"round":"' || complainant_rounds.round || '"%')
            """).run()
        try await sql.raw("""
            UPDATE complainant_rounds SET rated_by = 'recordedByUnit', rating_channel = 'unit', unit_rated_at = rated_at, rated_at = NULL
            WHERE rating IS NOT NULL AND rated_by IS NULL
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("UPDATE complainant_rounds SET rated_at = unit_rated_at WHERE rated_by = 'recordedByUnit'").run()
        for name in ["rated_by", "rating_channel", "rated_by_officer", "unit_rated_at"] {
            try await database.schema("complainant_rounds").deleteField(.key(.init(stringLiteral: name))).update()
        }
    }
}
