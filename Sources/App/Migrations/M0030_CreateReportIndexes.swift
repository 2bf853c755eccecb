import Fluent
import SQLKit

/// The barometer counts by period: every figure of the annual report and the dashboards reads
/// a date range through one of these, never a whole table.
struct M0030_CreateReportIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("matters_registered_at_idx", "matters", ["registered_at"]),
        ("matters_closed_at_idx", "matters", ["closed_at"]),
        ("matters_escalated_at_idx", "matters", ["escalated_at"]),
        ("complainant_rounds_rated_at_idx", "complainant_rounds", ["rated_at"]),
        ("messages_created_at_idx", "messages", ["created_at"]),
        ("reception_log_at_idx", "reception_log", ["at"]),
        ("engagement_meetings_day_idx", "engagement_meetings", ["day"]),
        ("liaison_items_day_idx", "liaison_items", ["day"]),
        ("accountability_records_at_idx", "accountability_records", ["at"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        for index in Self.indexes {
            var builder = sql.create(index: index.name).on(index.table)
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        for index in Self.indexes { try await sql.drop(index: index.name).run() }
    }
}
