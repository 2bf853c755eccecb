import Fluent
import Foundation
import SQLKit
import Testing
@testable import App

/// Group commit on SQLite: concurrent writes share transactions, each acknowledged only once
/// its transaction committed, and one failing write does not take the others with it.
@Suite("Write gate")
struct WriteGateTests {
    struct Refused: Error {}

    @Test("concurrent writes share commits; a failing one rolls back alone")
    func groupCommit() async throws {
        try await withWorld { world in
            let app = world.app
            let sql = app.db.sql
            try await sql.raw("CREATE TABLE gate_probe (n INTEGER PRIMARY KEY)").run()
            let before = await app.writeGate.commits
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 1...60 {
                    group.addTask {
                        do {
                            try await app.write { db in
                                try await db.sql.raw("INSERT INTO gate_probe (n) VALUES (\(bind: n))").run()
                                if n % 5 == 0 { throw Refused() }
                            }
                            return (n, true)
                        } catch {
                            return (n, false)
                        }
                    }
                }
                var all: [(Int, Bool)] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let stored = Set(try await sql.raw("SELECT n FROM gate_probe").all().map { try $0.decode(column: "n", as: Int.self) })
            #expect(outcomes.count == 60)
            for (n, acknowledged) in outcomes {
                #expect(acknowledged == (n % 5 != 0), "write \(n)")
                #expect(stored.contains(n) == acknowledged, "write \(n) is stored exactly when it was acknowledged")
            }
            if TestWorld.usesPostgres {
                #expect(await app.writeGate.commits == before, "PostgreSQL writes are their own transactions")
            } else {
                let commits = await app.writeGate.commits - before
                #expect(commits < 60, "60 concurrent writes went into \(commits) commits")
            }
        }
    }

    @Test("a write alone in its transaction (no savepoint) that fails leaves nothing and reports its own error")
    func aloneFailing() async throws {
        try await withWorld { world in
            let app = world.app
            let sql = app.db.sql
            try await sql.raw("CREATE TABLE gate_alone (n INTEGER PRIMARY KEY)").run()
            await #expect(throws: Refused.self) {
                try await app.write { db in
                    try await db.sql.raw("INSERT INTO gate_alone (n) VALUES (1)").run()
                    throw Refused()
                }
            }
            let kept = try await app.write { db in
                try await db.sql.raw("INSERT INTO gate_alone (n) VALUES (2)").run()
                return 2
            }
            #expect(kept == 2)
            let stored = try await sql.raw("SELECT n FROM gate_alone").all().map { try $0.decode(column: "n", as: Int.self) }
            #expect(stored == [2], "the failed write's row was rolled back with its transaction")
        }
    }

    @Test("a write whose savepoint cannot be rolled back leaves every caller a definite answer and nothing half-written")
    func poisonedSavepoint() async throws {
        try await withWorld { world in
            let app = world.app
            let sql = app.db.sql
            try await sql.raw("CREATE TABLE gate_poison (n INTEGER PRIMARY KEY)").run()
            // The injected fault: after writing, the write releases whatever savepoint holds it,
            // so undoing it alone (ROLLBACK TO) fails — as a broken connection would make it fail.
            let poisoned: Set<Int> = [7, 23, 41]
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 1...50 {
                    group.addTask {
                        do {
                            try await app.write { db in
                                try await db.sql.raw("INSERT INTO gate_poison (n) VALUES (\(bind: n))").run()
                                if poisoned.contains(n) {
                                    for index in 0..<64 { try? await db.sql.raw("RELEASE \(unsafeRaw: "write_\(index)")").run() }
                                    throw Refused()
                                }
                            }
                            return (n, true)
                        } catch {
                            return (n, false)
                        }
                    }
                }
                var all: [(Int, Bool)] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let stored = Set(try await sql.raw("SELECT n FROM gate_poison").all().map { try $0.decode(column: "n", as: Int.self) })
            #expect(outcomes.count == 50)
            for (n, acknowledged) in outcomes {
                #expect(stored.contains(n) == acknowledged, "write \(n) is stored exactly when it was acknowledged")
                if poisoned.contains(n) { #expect(!acknowledged && !stored.contains(n), "the faulty write \(n) is neither acknowledged nor kept") }
            }
            // The gate still works after the fault.
            try await app.write { db in try await db.sql.raw("INSERT INTO gate_poison (n) VALUES (100)").run() }
            #expect(try await sql.raw("SELECT n FROM gate_poison WHERE n = 100").first() != nil)
        }
    }
}
