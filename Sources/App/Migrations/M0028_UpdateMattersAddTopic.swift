import Fluent
import SQLKit

/// What each matter is about, for the barometer's trends and spikes. Earlier matters get the
/// catch-all topic; the column is never empty so reports need no NULL branch.
struct M0028_UpdateMattersAddTopic: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matters").field("topic", .string, .required, .sql(.default("other"))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("matters").deleteField("topic").update()
    }
}
