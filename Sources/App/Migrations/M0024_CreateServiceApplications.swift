import Fluent
import SQLKit

struct M0024_CreateServiceApplications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("service_applications")
            .field(.id, .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("service_code", .string, .required)
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("district_id", .int, .references("units", "id"))
            .field("city_id", .int, .required, .references("units", "id"))
            .field("name_sealed", .string, .required)
            .field("phone_sealed", .string, .required)
            .field("id_number_sealed", .string, .required)
            .field("status", .string, .required)
            .field("note", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .constraint(.custom(SQLRaw("CHECK (status IN ('submitted','accepted','needsMore','rejected','completed'))")))
            .create()
        try await database.schema("attachments")
            .field(.id, .int, .identifier(auto: true))
            .field("application_id", .int, .required, .references("service_applications", "id"))
            .field("material", .string, .required)
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .constraint(.custom(SQLRaw("CHECK (size > 0 AND size <= 5242880)")))
            .constraint(.custom(SQLRaw("CHECK (content_type IN ('application/pdf','image/jpeg','image/png'))")))
            .create()
        let sql = database.sql
        try await sql.create(index: "attachments_application_idx").on("attachments").column("application_id").run()
        for column in ["district_id", "city_id"] {
            try await sql.create(index: "service_applications_\(column)_idx").on("service_applications").column(column).column("id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("attachments").delete()
        try await database.schema("service_applications").delete()
    }
}
