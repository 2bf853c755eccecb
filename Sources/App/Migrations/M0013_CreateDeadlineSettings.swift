import Fluent
import LedgerCore

struct M0013_CreateDeadlineSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("deadline_settings")
            .field(.id, .int, .identifier(auto: true))
            .field("ledger", .string, .required)
            .field("vet_days", .int, .required)
            .field("reply_days", .int, .required)
            .unique(on: "ledger")
            .create()
        for ledger in Ledger.allCases {
            try await DeadlineSetting(ledger: ledger, policy: .standard(for: ledger)).create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("deadline_settings").delete()
    }
}
