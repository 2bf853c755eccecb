import Fluent
import SQLKit

/// The service guide in English beside the Chinese: description, materials, steps and fee
/// (the name had its English from the start). Entries made before this have none: their
/// guide shows the Chinese until an administrator adds it.
struct M0039_UpdateServiceItemsAddEnglishGuide: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        for (column, empty) in [("description_en", ""), ("materials_en", "[]"), ("steps_en", "[]"), ("fee_en", "")] {
            try await database.schema("service_items").field(.string(column), .string, .required, .sql(.default(empty))).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in ["description_en", "materials_en", "steps_en", "fee_en"] {
            try await database.schema("service_items").deleteField(.string(column)).update()
        }
    }
}
