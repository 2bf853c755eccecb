import Fluent
import SQLKit

/// When work on a matter first reached the next level of command — chased past the owning
/// chief, or overseen one level up after a dissatisfied rating. The chase level is reset at
/// every stage, so without this the barometer could not count escalations after the fact.
struct M0029_UpdateMattersAddEscalatedAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matters").field("escalated_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("matters").deleteField("escalated_at").update()
    }
}
