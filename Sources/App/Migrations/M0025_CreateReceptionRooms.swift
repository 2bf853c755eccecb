import Fluent
import SQLKit

struct M0025_CreateReceptionRooms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reception_rooms")
            .field(.id, .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("district_id", .int, .references("units", "id"))
            .field("city_id", .int, .required, .references("units", "id"))
            .field("address", .string, .required)
            .field("hours", .string, .required)
            .field("languages", .string, .required)
            .field("model_site", .bool, .required)
            .field("created_at", .datetime, .required)
            .constraint(.custom(SQLRaw("CHECK (kind IN ('street','community'))")))
            .create()
        try await database.schema("room_inspections")
            .field(.id, .int, .identifier(auto: true))
            .field("room_id", .int, .required, .references("reception_rooms", "id"))
            .field("day", .string, .required)
            .field("inspector_id", .int, .required, .references("officers", "id"))
            .field("construction_standard", .bool, .required)
            .field("division_of_duties", .bool, .required)
            .field("work_rules", .bool, .required)
            .field("management_rules", .bool, .required)
            .field("findings", .string, .required)
            .create()
        try await database.schema("reception_log")
            .field(.id, .int, .identifier(auto: true))
            .field("room_id", .int, .required, .references("reception_rooms", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("district_id", .int, .references("units", "id"))
            .field("city_id", .int, .required, .references("units", "id"))
            .field("at", .datetime, .required)
            .field("officer_id", .int, .required, .references("officers", "id"))
            .field("residents_served", .int, .required)
            .field("service_kind", .string, .required)
            .field("foreign_resident", .bool, .required)
            .field("language", .string)
            .field("summary", .string, .required)
            .field("outcome", .string, .required)
            .field("matter_id", .int, .references("matters", "id"))
            .unique(on: "matter_id")
            .constraint(.custom(SQLRaw("CHECK (residents_served >= 1 AND residents_served <= 10000)")))
            .constraint(.custom(SQLRaw("CHECK (service_kind IN ('consultationHelp','disputeMediation','emergencyHelp','businessOnBehalf','otherService'))")))
            .create()
        let sql = database.sql
        for (table, column) in [("reception_rooms", "unit_id"), ("reception_rooms", "district_id"), ("reception_rooms", "city_id")] {
            try await sql.create(index: "\(table)_\(column)_idx").on(table).column(column).run()
        }
        try await sql.create(index: "room_inspections_room_idx").on("room_inspections").column("room_id").run()
        try await sql.create(index: "reception_log_room_idx").on("reception_log").column("room_id").column("at").run()
        for column in ["unit_id", "district_id", "city_id"] {
            try await sql.create(index: "reception_log_\(column)_idx").on("reception_log").column(column).column("at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reception_log").delete()
        try await database.schema("room_inspections").delete()
        try await database.schema("reception_rooms").delete()
    }
}
