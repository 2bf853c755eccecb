import Fluent
import SQLKit

struct M0026_CreateEngagement: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("think_tank_members")
            .field(.id, .int, .identifier(auto: true))
            .field("name_sealed", .string, .required)
            .field("expertise", .string, .required)
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("appointed_on", .string, .required)
            .field("term_ends_on", .string, .required)
            .constraint(.custom(SQLRaw("CHECK (term_ends_on > appointed_on)")))
            .create()
        try await database.schema("engagement_meetings")
            .field(.id, .int, .identifier(auto: true))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("level", .string, .required)
            .field("district_id", .int, .references("units", "id"))
            .field("city_id", .int, .required, .references("units", "id"))
            .field("day", .string, .required)
            .field("place", .string, .required)
            .field("topic", .string, .required)
            .field("think_tank_members", .int, .required)
            .field("deputies", .int, .required)
            .field("cppcc_members", .int, .required)
            .field("residents", .int, .required)
            .field("experience_officers", .int, .required)
            .field("officers", .int, .required)
            .field("member_ids", .string, .required)
            .field("minutes", .string, .required)
            .field("created_by", .int, .required, .references("officers", "id"))
            .constraint(.custom(SQLRaw("CHECK (level IN ('city','district','station'))")))
            .constraint(.custom(SQLRaw("CHECK (think_tank_members >= 0 AND deputies >= 0 AND cppcc_members >= 0 AND residents >= 0 AND experience_officers >= 0 AND officers >= 0)")))
            .create()
        try await database.schema("agenda_items")
            .field(.id, .int, .identifier(auto: true))
            .field("meeting_id", .int, .required, .references("engagement_meetings", "id"))
            .field("title", .string, .required)
            .field("resolution", .string)
            .field("plan", .string)
            .field("owner_id", .int, .references("officers", "id"))
            .field("due_on", .string)
            .field("matter_id", .int, .references("matters", "id"))
            .unique(on: "matter_id")
            .constraint(.custom(SQLRaw("CHECK (resolution IS NULL OR (plan IS NOT NULL AND owner_id IS NOT NULL AND due_on IS NOT NULL))")))
            .create()
        let sql = database.sql
        for column in ["unit_id", "district_id", "city_id"] {
            try await sql.create(index: "engagement_meetings_\(column)_idx").on("engagement_meetings").column(column).column("day").run()
        }
        try await sql.create(index: "agenda_items_meeting_idx").on("agenda_items").column("meeting_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("agenda_items").delete()
        try await database.schema("engagement_meetings").delete()
        try await database.schema("think_tank_members").delete()
    }
}
