import Fluent
import SQLKit

struct M0006_CreateComplainants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("complainants")
            .field(.id, .int, .identifier(auto: true))
            .field("matter_id", .int, .required, .references("matters", "id"))
            .field("name_sealed", .string, .required)
            .field("phone_sealed", .string, .required)
            .field("id_number_sealed", .string)
            .field("address_sealed", .string)
            .field("phone_digest", .string, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "complainants_matter_idx").on("complainants").column("matter_id").run()
        try await sql.create(index: "complainants_phone_idx").on("complainants").column("phone_digest").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("complainants").delete()
    }
}
