import Fluent
import SQLKit

/// A tracking code for every complainant of a matter (not only for those who wrote online):
/// only its digest is kept, so the code is seen once, on the receipt and in the resident's SMS.
struct M0052_AddComplainantTracking: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("complainants").field("tracking_digest", .string).update()
        try await database.sql.raw("CREATE UNIQUE INDEX complainants_tracking_idx ON complainants (tracking_digest) WHERE tracking_digest IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "complainants_tracking_idx").run()
        try await database.schema("complainants").deleteField("tracking_digest").update()
    }
}
