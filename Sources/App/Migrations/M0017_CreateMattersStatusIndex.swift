import Fluent
import SQLKit

/// The public board reads closed matters newest first.
struct M0017_CreateMattersStatusIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "matters_status_id_idx").on("matters").column("status").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "matters_status_id_idx").run()
    }
}
