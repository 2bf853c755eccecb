import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import App
import Foundation
import LedgerCore
import YearSimulation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// `minyi bench-load --matters N`: a data set for benchmarks — N ledger matters spread over the
/// demo city's units and the past year, each with a complainant (sealed), its round, its events
/// in the hash chain, and for most a reply, a rating and closure. It writes rows in bulk,
/// thousands per statement, because going through the services one matter at a time would
/// take hours at a million; the rows obey every constraint the services' rows do, and
/// `minyi audit verify` passes afterwards. While it loads, the secondary indexes, the tally
/// triggers and (on PostgreSQL) the foreign keys of the tables it fills are off; at the end the
/// indexes are built, the tallies counted and the keys checked, from all the rows at once. (On
/// SQLite the full-text index is written a batch at a time: `SearchIndexByBatch`.) Not for real
/// data, nor with a server running on the database: it refuses a database that holds residents' messages.
struct BenchLoadCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "matters", help: "How many matters to add (default 100000).")
        var matters: String?
        @Option(name: "seed", help: "Random seed (default 1).")
        var seed: String?
    }

    var help: String { "Loads a benchmark data set of N ledger matters in bulk (--matters N); not for real data." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let count = Int(signature.matters ?? "100000"), (1...50_000_000).contains(count) else {
            throw AppError.invalid("--matters", "must be a number from 1 to 50000000")
        }
        guard let seed = UInt64(signature.seed ?? "1") else { throw AppError.invalid("--seed", "must be a whole number") }
        guard try await ResidentMessage.query(on: app.db).count() == 0 else {
            throw AppError.conflict("this database holds residents' messages; load benchmark data into a database of its own")
        }
        var accounts: [DemoCity.Account] = []
        if try await Unit.query(on: app.db).filter(\.$kind == .district).count() == 0 {
            accounts = try await DemoCity.load(into: app)
        }
        let started = Date()
        let loader = try await BenchLoader(app: app, seed: seed)
        try await loader.load(count) { done in
            let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
            context.console.output("\r\(done)/\(count) matters, \(Int(rate))/s ".consoleText(), newLine: false)
        }
        let seconds = Date().timeIntervalSince(started)
        context.console.print("\nloaded \(count) matters in \(String(format: "%.1f", seconds)) s (\(Int(Double(count) / max(seconds, 0.001))) matters/s)")
        context.console.print("  " + loader.phases.map { "\($0.name) \(String(format: "%.1f", $0.seconds)) s" }.joined(separator: ", "))
        for account in accounts { context.console.print("  \(account.username)\t\(account.password)\t\(account.role.rawValue)\t\(account.unit)") }
    }
}

