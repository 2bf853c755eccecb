import Fluent
import SQLKit

struct M0013_CreateDeadlineSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("deadline_settings")
            .field(.id, .int, .identifier(auto: true))
            .field("ledger", .string, .required)
            .field("vet_days", .int, .required)
            .field("reply_days", .int, .required)
            .unique(on: "ledger")
            .create()
        // The standard deadlines of the day, frozen: vet within 1 working day; reply within 10
        // for suggestions, 5 for demands and complaints.
        try await database.sql.raw("""
            INSERT INTO deadline_settings (ledger, vet_days, reply_days) VALUES ('suggestion', 1, 10), ('demand', 1, 5), ('complaint', 1, 5)
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("deadline_settings").delete()
    }
}
