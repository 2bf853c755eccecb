import Fluent
import SQLKit

/// An Open311 request is known to the public by a random id, not by its row number, which
/// would tell anyone how many messages the bureau receives. Requests made before this
/// migration get one here; the unique index finds a request by it.
struct M0042_UpdateMessagesAddPublicID: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await database.schema("messages").field("public_id", .string).update()
        if sql.dialect.name == "sqlite" {
            try await sql.raw("UPDATE messages SET public_id = upper(hex(randomblob(8))) WHERE service_code IS NOT NULL").run()
        } else {
            try await sql.raw("UPDATE messages SET public_id = upper(substr(md5(random()::text || id::text), 1, 16)) WHERE service_code IS NOT NULL").run()
        }
        try await sql.create(index: "messages_public_id_idx").unique().on("messages").column("public_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "messages_public_id_idx").run()
        try await database.schema("messages").deleteField("public_id").update()
    }
}
