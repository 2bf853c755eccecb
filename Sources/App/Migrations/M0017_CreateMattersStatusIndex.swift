import Fluent
import SQLKit

/// The public board reads closed matters newest first.
struct M0017_CreateMattersStatusIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.create(index: "matters_status_id_idx").on("matters").column("status").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "matters_status_id_idx").run()
    }
}
