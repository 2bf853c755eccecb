import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import Testing
import Vapor
@testable import App
@testable import Tools

/// The benchmark loader writes rows the services would accept: constraints hold, the chain
/// verifies, the search index finds them, and the services can go on working them.
@Suite("Bench load")
struct BenchLoadTests {
    @Test("bulk-loaded matters are whole: audit chain, full-text index, pages and actions work on them")
    func load() async throws {
        try await withWorld { world in
            // Batches of 250, so batches are made while others are written, and the last is short.
            let indexesBefore = try await indexes(world.app), keysBefore = try await foreignKeys(world.app)
            let triggersBefore = try await triggers(world.app)
            #expect(indexesBefore.count >= 14, "the loaded tables' secondary indexes are listed")
            #expect(keysBefore.count >= 14, "the loaded tables' foreign keys are listed")
            let loader = try await BenchLoader(app: world.app, seed: 4, batchSize: 250)
            var reported: [Int] = []
            try await loader.load(900) { reported.append($0) }
            #expect(reported == [250, 500, 750, 900])
            // The indexes, keys and triggers dropped for the load are all back, as they were.
            #expect(try await indexes(world.app) == indexesBefore)
            #expect(try await foreignKeys(world.app) == keysBefore)
            #expect(try await triggers(world.app) == triggersBefore)
            let sql = world.app.db.sql
            if sql.dialect.name == "sqlite" {
                // The full-text index, written a batch at a time, holds every loaded matter's words
                // and nothing else: FTS5 checks its index against the matters' own text (rank 1).
                try await sql.raw("INSERT INTO matter_search (matter_search, rank) VALUES ('integrity-check', 1)").run()
            }
            if sql.dialect.name != "sqlite" {
                // Vacuumed and analyzed, so reads skip the rows' transaction checks and plans know the tables' sizes.
                let stale = try await sql.raw("""
                    SELECT relname FROM pg_stat_user_tables WHERE relname IN (\(binds: BenchLoader.tables)) AND (last_vacuum IS NULL OR last_analyze IS NULL)
                    """).all().map { try $0.decode(column: "relname", as: String.self) }
                #expect(stale.isEmpty, "not vacuumed and analyzed after the load: \(stale)")
            }
            // The tallies, counted once at the end, equal counts made from the rows; the tally
            // triggers are back, so the actions below keep them so.
            try await TallyTests.compare(world.app.db, "after a bulk load")
            #expect(try await Matter.query(on: world.app.db).count() == 900)
            let ids = try await Matter.query(on: world.app.db).sort(\.$id).all().map { $0.id! }
            #expect(ids == Array(1...900), "every id once, none skipped")
            if case .failure(let failure) = try await AuditLog.verify(on: world.app.db) { Issue.record("chain broken: \(failure)") }
            // The services go on from the loaded rows: a new matter gets the next id.
            let id = try await world.register(summary: "批量数据之后登记的噪音事项")
            #expect(id == 901)
            let open = try await Matter.query(on: world.app.db).filter(\.$status == .open).filter(\.$unitID == world.stationA).first()
            if let open {
                try world.expectOK(await world.act(open.id!, "handle", as: "a-officer"))
            }
            try await MatterTallies.fold(world.app)
            try await TallyTests.compare(world.app.db, "after a registration and an action on the loaded matters")
            let reply = try await world.send(.GET, "/api/v1/matters?q=%E5%99%AA%E9%9F%B3&limit=100", as: "city-chief")
            let items = reply.json["items"] as? [[String: Any]] ?? []
            #expect(!items.isEmpty && items.allSatisfy { ($0["summary"] as? String ?? "").contains("噪音") })
            #expect(items.contains { ($0["id"] as? Int ?? 901) < 901 }, "loaded matters are found, not only the one registered after")
        }
    }

    @Test("a load whose audit chain was written to meanwhile stores nothing and leaves the indexes as they were")
    func refusesMovedChain() async throws {
        try await withWorld { world in
            let indexesBefore = try await indexes(world.app), triggersBefore = try await triggers(world.app)
            let keysBefore = try await foreignKeys(world.app)
            let mattersBefore = try await Matter.query(on: world.app.db).count()
            let loader = try await BenchLoader(app: world.app, seed: 4, batchSize: 250)
            // Someone else appends to the chain after the loader has read its end.
            _ = try await world.app.write { db in
                try await AuditLog.append(on: db, kind: .calendarChanged, matterID: nil, actorID: nil, fields: ["day": "2024-04-04"], at: Date())
            }
            await #expect(throws: AppError.self) { try await loader.load(300) }
            #expect(try await Matter.query(on: world.app.db).count() == mattersBefore)
            #expect(try await indexes(world.app) == indexesBefore)
            #expect(try await triggers(world.app) == triggersBefore)
            #expect(try await foreignKeys(world.app) == keysBefore)
            if case .failure(let failure) = try await AuditLog.verify(on: world.app.db) { Issue.record("chain broken: \(failure)") }
        }
    }

    @Test("on PostgreSQL, foreign keys dropped for a load are checked against every row when added again")
    func foreignKeysCheckedAfterLoad() async throws {
        try await withWorld { world in
            let sql = world.app.db.sql
            guard sql.dialect.name != "sqlite" else { return }
            let keysBefore = try await foreignKeys(world.app)
            let deferred = try await DeferredForeignKeys.drop(on: sql, tables: BenchLoader.tables)
            #expect(try await foreignKeys(world.app).isEmpty)
            // A round of a matter that does not exist, written while the keys are off.
            try await sql.raw("INSERT INTO matter_rounds (matter_id, round, started_at) VALUES (987654, 1, now())").run()
            try await deferred.addUnchecked(on: sql)
            await #expect(throws: (any Error).self) { for check in deferred.checks { try await check.run(sql) } }
            #expect(try await foreignKeys(world.app) != keysBefore, "a key not checked is marked NOT VALID")
            try await sql.raw("DELETE FROM matter_rounds WHERE matter_id = 987654").run()
            for check in deferred.checks { try await check.run(sql) }
            #expect(try await foreignKeys(world.app) == keysBefore)
        }
    }

    @Test("a value the loader writes to SQLite is what SQLKit's encoder makes of the value it stands for, of each type a load writes and their nulls")
    func sqliteDataAsEncoded() throws {
        let dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -86_400.25), Date(timeIntervalSince1970: 1_795_000_000.123456)]
        let values: [(LoadValue, any Encodable & Sendable)] = [
            (LoadValue(0), 0), (LoadValue(-5), -5), (LoadValue(Int.max), Int.max), (LoadValue(""), ""), (LoadValue("邻里纠纷\t'\""), "邻里纠纷\t'\""),
            (LoadValue(dates[0]), dates[0]), (LoadValue(dates[1]), dates[1]), (LoadValue(dates[2]), dates[2]), (LoadValue(true), true), (LoadValue(false), false),
            (LoadValue(Int?.none), Int?.none), (LoadValue(String?.none), String?.none), (LoadValue(Date?.none), Date?.none), (LoadValue(Bool?.none), Bool?.none),
            (LoadValue(Int?(7)), Int?(7)), (LoadValue(String?("已办结")), String?("已办结")), (LoadValue(Date?(dates[2])), Date?(dates[2])), (LoadValue(Bool?(false)), Bool?(false)),
        ]
        let encoder = SQLiteDataEncoder()
        for (value, typed) in values {
            #expect(value.sqliteData == (try encoder.encode(typed)), "\(type(of: typed)) \(typed)")
        }
    }

    @Test("on PostgreSQL, COPY text carries each kind of value the loader writes exactly: awkward text, nulls, booleans, instants")
    func copyTextRoundTrips() async throws {
        try await withWorld { world in
            let sql = world.app.db.sql
            guard sql.dialect.name != "sqlite" else { return }
            try await sql.raw("CREATE TABLE copy_check (n BIGINT NOT NULL, t TEXT, b BOOLEAN, d TIMESTAMPTZ)").run()
            let texts = ["plain", "tab\there", "line\nbreak", "cr\rend", "back\\slash", "\\N", "", "中文：夜间施工噪音", "a\\tb", "end\\"]
            let dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_767_225_600.123456), Date(timeIntervalSince1970: -86_400.5),
                         Date(timeIntervalSince1970: 951_782_400.999999), Date(timeIntervalSince1970: 4_102_444_799.000001)]
            var rows: [[LoadValue]] = texts.enumerated().map { index, text in [.int(index), .text(text), .bool(index % 2 == 0), .date(dates[index % dates.count])] }
            rows.append([.int(99), LoadValue(String?.none), LoadValue(Bool?.none), LoadValue(Date?.none)])
            rows.append([.int(100), LoadValue(String?.some("some")), LoadValue(Bool?.some(false)), LoadValue(Date?.some(dates[1]))])
            try await BenchLoader.copy(CopyText.rows(rows), into: "copy_check", columns: ["n", "t", "b", "d"], on: world.app.db, logger: world.app.logger)
            let back = try await sql.raw("SELECT n, t, b, d FROM copy_check ORDER BY n").all()
            #expect(back.count == rows.count)
            for (row, sent) in zip(back, rows) {
                let n = try row.decode(column: "n", as: Int.self)
                #expect(sent[0] == .int(n))
                let text = try row.decode(column: "t", as: String?.self), flag = try row.decode(column: "b", as: Bool?.self)
                let date = try row.decode(column: "d", as: Date?.self)
                switch n {
                case 99: #expect(text == nil && flag == nil && date == nil)
                case 100: #expect(text == "some" && flag == false && abs(date!.timeIntervalSince(dates[1])) < 0.000_001)
                default:
                    #expect(text == texts[n], "row \(n)")
                    #expect(flag == (n % 2 == 0))
                    #expect(abs(date!.timeIntervalSince(dates[n % dates.count])) < 0.000_001, "row \(n): \(date!) against \(dates[n % dates.count])")
                }
            }
        }
    }

    /// The secondary indexes of the tables the loader fills, by name, with their definitions.
    private func indexes(_ app: Application) async throws -> [String: String] {
        let sql = app.db.sql
        let tables = ["matters", "complainants", "matter_rounds", "complainant_rounds", "audit_events"]
        let rows = sql.dialect.name == "sqlite"
            ? try await sql.raw("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(binds: tables))").all()
            : try await sql.raw("SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN (\(binds: tables))").all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "sql", as: String.self)) })
    }

    /// The foreign keys of the tables the loader fills, each with its table and definition.
    private func foreignKeys(_ app: Application) async throws -> Set<String> {
        let sql = app.db.sql
        var keys = Set<String>()
        for table in BenchLoader.tables {
            let rows = sql.dialect.name == "sqlite"
                ? try await sql.raw("SELECT \"from\" || ' -> ' || \"table\" || '(' || \"to\" || ')' AS key FROM pragma_foreign_key_list(\(bind: table))").all()
                : try await sql.raw("""
                    SELECT c.conname || ' ' || pg_get_constraintdef(c.oid) AS key FROM pg_constraint c
                    JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname = \(bind: table)
                    """).all()
            for row in rows { keys.insert(table + ": " + (try row.decode(column: "key", as: String.self))) }
        }
        return keys
    }

    /// The enabled triggers of the tables the loader fills.
    private func triggers(_ app: Application) async throws -> Set<String> {
        let sql = app.db.sql
        let tables = BenchLoader.tables
        let rows = sql.dialect.name == "sqlite"
            ? try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (\(binds: tables))").all()
            : try await sql.raw("""
                SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relname IN (\(binds: tables))
                """).all()
        let names = Set(try rows.map { try $0.decode(column: "name", as: String.self) })
        #expect(names.contains { $0.hasPrefix("matter_tallies_") }, "the tally triggers are listed")
        return names
    }
}
