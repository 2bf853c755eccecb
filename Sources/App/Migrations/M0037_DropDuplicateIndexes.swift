import Fluent
import SQLKit

/// Indexes that repeated another index of their table, found by `DatabaseGuardTests`: each one
/// cost every write to its table and served no read the other did not. `messages(created_at)`
/// was indexed by M0015 and again by M0030; `messages(matter_id)` and
/// `appointment_slots(window_id, starts_at)` are already indexed by their unique constraints.
struct M0037_DropDuplicateIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("messages_created_at_idx", "messages", ["created_at"]),
        ("messages_matter_idx", "messages", ["matter_id"]),
        ("appointment_slots_window_idx", "appointment_slots", ["window_id", "starts_at"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        for index in Self.indexes { try await sql.drop(index: index.name).run() }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        for index in Self.indexes {
            var builder = sql.create(index: index.name).on(index.table)
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
    }
}
