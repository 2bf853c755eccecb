import Fluent
import SQLKit

struct M0027_CreateLiaison: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("liaison_contacts")
            .field(.id, .int, .identifier(auto: true))
            .field("officer_id", .int, .required, .references("officers", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("district_id", .int, .references("units", "id"))
            .field("city_id", .int, .required, .references("units", "id"))
            .field("kind", .string, .required)
            .field("name_sealed", .string, .required)
            .field("started_on", .string, .required)
            .field("ended_on", .string)
            .constraint(.custom(SQLRaw("CHECK (kind IN ('enterprise','school','community','other','individual'))")))
            .constraint(.custom(SQLRaw("CHECK (ended_on IS NULL OR ended_on >= started_on)")))
            .create()
        try await database.schema("liaison_visits")
            .field(.id, .int, .identifier(auto: true))
            .field("contact_id", .int, .required, .references("liaison_contacts", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("district_id", .int, .references("units", "id"))
            .field("city_id", .int, .required, .references("units", "id"))
            .field("day", .string, .required)
            .field("mode", .string, .required)
            .field("notes", .string, .required)
            .create()
        try await database.schema("liaison_items")
            .field(.id, .int, .identifier(auto: true))
            .field("visit_id", .int, .required, .references("liaison_visits", "id"))
            .field("contact_id", .int, .required, .references("liaison_contacts", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("district_id", .int, .references("units", "id"))
            .field("city_id", .int, .required, .references("units", "id"))
            .field("day", .string, .required)
            .field("description", .string, .required)
            .field("solution", .string)
            .field("matter_id", .int, .references("matters", "id"))
            .unique(on: "matter_id")
            // An item is solved on the spot or becomes a ledger matter, never both.
            .constraint(.custom(SQLRaw("CHECK (solution IS NULL OR matter_id IS NULL)")))
            .create()
        let sql = database.sql
        for table in ["liaison_contacts", "liaison_visits", "liaison_items"] {
            for column in ["unit_id", "district_id", "city_id"] {
                try await sql.create(index: "\(table)_\(column)_idx").on(table).column(column).run()
            }
        }
        try await sql.create(index: "liaison_visits_contact_idx").on("liaison_visits").column("contact_id").run()
        try await sql.create(index: "liaison_items_visit_idx").on("liaison_items").column("visit_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("liaison_items").delete()
        try await database.schema("liaison_visits").delete()
        try await database.schema("liaison_contacts").delete()
    }
}
