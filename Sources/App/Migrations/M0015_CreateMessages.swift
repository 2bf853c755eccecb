import Fluent
import SQLKit

struct M0015_CreateMessages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("messages")
            .field(.id, .int, .identifier(auto: true))
            .field("tracking_code", .string, .required)
            .field("kind", .string, .required)
            .field("content", .string, .required)
            .field("language", .string, .required)
            .field("created_at", .datetime, .required)
            .field("service_code", .string)
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("district_id", .int, .references("units", "id"))
            .field("city_id", .int, .required, .references("units", "id"))
            .field("place_sealed", .string)
            .field("coordinates_sealed", .string)
            .field("name_sealed", .string)
            .field("phone_sealed", .string)
            .field("phone_digest", .string)
            .field("id_number_sealed", .string)
            .field("status", .string, .required)
            .field("answer", .string)
            .field("answered_by", .int, .references("officers", "id"))
            .field("answered_at", .datetime)
            .field("matter_id", .int, .references("matters", "id"))
            .field("complainant_id", .int, .references("complainants", "id"))
            .field("escalated_at", .datetime)
            .field("rating", .string)
            .field("rating_comment", .string)
            .unique(on: "tracking_code")
            .unique(on: "matter_id")
            .constraint(.custom(SQLRaw("CHECK (kind IN ('consultation','suggestion','report','business'))")))
            .constraint(.custom(SQLRaw("CHECK (status IN ('received','answered','escalated'))")))
            // Only a consultation may come without contact details.
            .constraint(.custom(SQLRaw("CHECK (kind = 'consultation' OR (name_sealed IS NOT NULL AND phone_sealed IS NOT NULL AND id_number_sealed IS NOT NULL))")))
            .constraint(.custom(SQLRaw("CHECK ((status = 'escalated') = (matter_id IS NOT NULL))")))
            .constraint(.custom(SQLRaw("CHECK (status <> 'answered' OR answer IS NOT NULL)")))
            .constraint(.custom(SQLRaw("CHECK (rating IS NULL OR rating IN ('satisfied','basicallySatisfied','dissatisfied'))")))
            .create()
        let sql = database.sql
        for column in ["unit_id", "district_id", "city_id"] {
            try await sql.create(index: "messages_\(column)_idx").on("messages").column(column).column("id").run()
        }
        try await sql.create(index: "messages_matter_idx").on("messages").column("matter_id").run()
        try await sql.create(index: "messages_created_idx").on("messages").column("created_at").run()
        try await sql.create(index: "messages_service_idx").on("messages").column("service_code").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("messages").delete()
    }
}
