import Fluent
import SQLKit

/// Texts stored before M0045 were never scanned for typed personal data. One row per table
/// says how far a background job has scanned them: rows with `next_id < id <= until_id` are
/// still to do; rows created after this migration were scanned when they were written.
struct M0046_CreateTextScanProgress: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("CREATE TABLE text_scan_progress (name TEXT PRIMARY KEY, next_id BIGINT NOT NULL, until_id BIGINT NOT NULL)").run()
        try await sql.raw("INSERT INTO text_scan_progress (name, next_id, until_id) SELECT 'messages', 0, COALESCE(MAX(id), 0) FROM messages").run()
        try await sql.raw("INSERT INTO text_scan_progress (name, next_id, until_id) SELECT 'matters', 0, COALESCE(MAX(id), 0) FROM matters").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP TABLE text_scan_progress").run()
    }
}
