import Fluent
import SQLKit

struct M0005_CreateMatters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("matters")
            .field(.id, .int, .identifier(auto: true))
            .field("reference", .string, .required)
            .field("ledger", .string)
            .field("status", .string, .required)
            .field("version", .int, .required)
            .field("round", .int, .required)
            .field("oversight_level", .int, .required)
            .field("channel", .string, .required)
            .field("source_ref", .string)
            .field("summary", .string, .required)
            .field("details", .string, .required)
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("district_id", .int, .references("units", "id"))
            .field("city_id", .int, .required, .references("units", "id"))
            .field("handler_id", .int, .references("officers", "id"))
            .field("registered_at", .datetime, .required)
            .field("deadline_at", .datetime)
            .field("chase_level", .int, .required)
            .field("closed_at", .datetime)
            .field("decline_reason", .string)
            .field("registered_by", .int, .required, .references("officers", "id"))
            .unique(on: "reference")
            // The database holds the ledger rules it can express on its own.
            .constraint(.custom(SQLRaw("CHECK (status IN ('registered','open','handling','replied','closed','declined'))")))
            .constraint(.custom(SQLRaw("CHECK (ledger IS NULL OR ledger IN ('suggestion','demand','complaint'))")))
            .constraint(.custom(SQLRaw("CHECK (status IN ('registered','declined') OR ledger IS NOT NULL)")))
            .constraint(.custom(SQLRaw("CHECK ((status = 'declined') = (decline_reason IS NOT NULL))")))
            .constraint(.custom(SQLRaw("CHECK ((status = 'closed') = (closed_at IS NOT NULL))")))
            .constraint(.custom(SQLRaw("CHECK (round >= 1 AND version >= 1 AND oversight_level BETWEEN 0 AND 2 AND chase_level BETWEEN 0 AND 3)")))
            .create()
        let sql = database.sql
        // Scope filters are equality on one of these, newest first.
        for column in ["unit_id", "district_id", "city_id"] {
            try await sql.create(index: "matters_\(column)_idx").on("matters").column(column).column("id").run()
        }
        try await sql.create(index: "matters_status_deadline_idx").on("matters").column("status").column("deadline_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("matters").delete()
    }
}
