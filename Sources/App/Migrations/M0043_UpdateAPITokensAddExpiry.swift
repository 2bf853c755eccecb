import Fluent
import SQLKit

/// Bearer tokens expire. Tokens issued before this migration expire 30 days after they were
/// issued (the default lifetime), counted in each database's own time type.
struct M0043_UpdateAPITokensAddExpiry: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await database.schema("api_tokens").field("expires_at", .datetime).update()
        if sql.dialect.name == "sqlite" {
            try await sql.raw("UPDATE api_tokens SET expires_at = created_at + 2592000").run()
        } else {
            try await sql.raw("UPDATE api_tokens SET expires_at = created_at + interval '30 days'").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").deleteField("expires_at").update()
    }
}
