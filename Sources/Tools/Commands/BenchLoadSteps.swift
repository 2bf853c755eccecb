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

/// The secondary indexes of the tables a bulk load fills: dropped before it, and built again
/// from their own definitions after it. Building an index once from all its keys, sorted, is far
/// cheaper than inserting a million scattered keys one at a time (at 200,000 matters the
/// twelve indexes of `matters` were most of SQLite's work). Indexes that hold a constraint
/// (primary keys, unique columns) stay, so the load is still checked by them.
struct DeferredIndexes: Sendable {
    let definitions: [(name: String, sql: String)]

    static func drop(on sql: any SQLDatabase, tables: [String]) async throws -> DeferredIndexes {
        let rows: [any SQLRow]
        if sql.dialect.name == "sqlite" {
            rows = try await sql.raw("""
                SELECT name, sql FROM sqlite_master
                WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (\(binds: tables))
                ORDER BY name
                """).all()
        } else {
            rows = try await sql.raw("""
                SELECT indexname AS name, indexdef AS sql FROM pg_indexes
                WHERE schemaname = current_schema() AND tablename IN (\(binds: tables)) AND indexdef NOT LIKE 'CREATE UNIQUE%'
                  AND indexname NOT IN (SELECT conname FROM pg_constraint)
                ORDER BY indexname
                """).all()
        }
        let definitions = try rows.map { (name: try $0.decode(column: "name", as: String.self), sql: try $0.decode(column: "sql", as: String.self)) }
        for index in definitions { try await sql.raw("DROP INDEX \(ident: index.name)").run() }
        return DeferredIndexes(definitions: definitions)
    }

    /// A job per dropped index that builds it again (one already there is left as it is), the
    /// full-text index first: it takes longest. Each runs in a transaction of its own, so on
    /// PostgreSQL its build may sort in memory: with the default 64 MB the full-text index of a
    /// million matters was built in pieces and merged.
    var builds: [BenchLoader.SideJob] {
        let longestFirst = definitions.filter { $0.sql.contains("USING gin") } + definitions.filter { !$0.sql.contains("USING gin") }
        return longestFirst.map { index in
            BenchLoader.SideJob(name: index.name, table: nil, place: .writer) { sql in
                // SQLite sorts the keys faster in runs of 64 MB merged than in one run the size of the
                // load's 1 GB cache (30 s against 23 s for an index of 10,000,000 matters).
                if sql.dialect.name == "sqlite" { try await sql.raw("PRAGMA cache_size = -65536").run() }
                else { try await sql.raw("SET LOCAL maintenance_work_mem = '1GB'").run() }
                let exists: Bool
                if sql.dialect.name == "sqlite" {
                    exists = try await sql.raw("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = \(bind: index.name)").first() != nil
                } else {
                    exists = try await sql.raw("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = \(bind: index.name)").first() != nil
                }
                if !exists { try await sql.raw("\(unsafeRaw: index.sql)").run() }
            }
        }
    }
}

/// On SQLite, the full-text index of a load's matters is written a batch at a time. FTS5 writes
/// the words it holds to disk at the end of every statement, so the trigger that indexes each
/// matter as its row goes in made a piece of the index per statement of 400 matters, and
/// merging those pieces was written again and again (17 s of a million-matter load, against
/// 9 s a batch at a time). The trigger is dropped for the load, each batch indexes its matters
/// in one statement of its own in its transaction, and the trigger is made again from its own
/// text at the end. (PostgreSQL's full-text index is built once, at the end, like the others.)
struct SearchIndexByBatch: Sendable {
    static let triggerName = "matters_search_insert"
    /// The trigger's text, if this load took it away.
    let trigger: String?

    static func take(on sql: any SQLDatabase) async throws -> SearchIndexByBatch {
        guard sql.dialect.name == "sqlite",
              let row = try await sql.raw("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = \(bind: triggerName)").first()
        else { return SearchIndexByBatch(trigger: nil) }
        let trigger = try row.decode(column: "sql", as: String.self)
        try await sql.raw("DROP TRIGGER \(ident: triggerName)").run()
        return SearchIndexByBatch(trigger: trigger)
    }

    /// Indexes the words of the matters with ids in `matters`, as the trigger would have.
    func index(_ matters: ClosedRange<Int>, on sql: any SQLDatabase) async throws {
        guard trigger != nil else { return }
        try await sql.raw("""
            INSERT INTO matter_search (rowid, search_text)
            SELECT id, search_text FROM matters WHERE id BETWEEN \(bind: matters.lowerBound) AND \(bind: matters.upperBound)
            """).run()
    }

    /// Makes the trigger again; one already back is left as it is.
    func resume(on sql: any SQLDatabase) async throws {
        guard let trigger else { return }
        let exists = try await sql.raw("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = \(bind: Self.triggerName)").first() != nil
        if !exists { try await sql.raw("\(unsafeRaw: trigger)").run() }
    }
}

/// The foreign keys of the tables a bulk load fills, on PostgreSQL: dropped before it and added
/// again after it, which checks every loaded row in one join per key. While they stand,
/// PostgreSQL checks each row's keys with a query of its own that also locks the row referred
/// to (fifteen per matter). SQLite checks a key with a lookup in the same b-tree pass and
/// cannot drop one without rebuilding its table: its keys stay.
struct DeferredForeignKeys: Sendable {
    let definitions: [(name: String, table: String, sql: String)]

    static func drop(on sql: any SQLDatabase, tables: [String]) async throws -> DeferredForeignKeys {
        guard sql.dialect.name != "sqlite" else { return DeferredForeignKeys(definitions: []) }
        let rows = try await sql.raw("""
            SELECT c.conname AS name, t.relname AS tbl, pg_get_constraintdef(c.oid) AS sql FROM pg_constraint c
            JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname IN (\(binds: tables))
            ORDER BY t.relname, c.conname
            """).all()
        let definitions = try rows.map {
            (name: try $0.decode(column: "name", as: String.self), table: try $0.decode(column: "tbl", as: String.self), sql: try $0.decode(column: "sql", as: String.self))
        }
        for key in definitions { try await sql.raw("ALTER TABLE \(ident: key.table) DROP CONSTRAINT \(ident: key.name)").run() }
        return DeferredForeignKeys(definitions: definitions)
    }

    /// Adds the keys again without checking the rows already there (`checks` does), so that adding
    /// them waits for no index build; one already there is left as it is.
    func addUnchecked(on sql: any SQLDatabase) async throws {
        for key in definitions {
            let exists = try await sql.raw("""
                SELECT 1 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE c.conname = \(bind: key.name) AND t.relname = \(bind: key.table) AND n.nspname = current_schema()
                """).first() != nil
            if !exists { try await sql.raw("ALTER TABLE \(ident: key.table) ADD CONSTRAINT \(ident: key.name) \(unsafeRaw: key.sql) NOT VALID").run() }
        }
    }

    /// A job per key that checks it against every row, in one join, and marks it valid; a row that
    /// breaks a key fails the load there, with the key named. (Checking a key of `matters` waits
    /// for the builds of its indexes; the load runs those last.)
    var checks: [BenchLoader.SideJob] {
        definitions.map { key in
            BenchLoader.SideJob(name: key.name, table: key.table, place: .writer) { sql in
                try await sql.raw("ALTER TABLE \(ident: key.table) VALIDATE CONSTRAINT \(ident: key.name)").run()
            }
        }
    }
}

/// The tally triggers of the tables a bulk load fills, off while it runs: with them, each
/// matter's rows wrote a dozen change rows and every batch waited for their fold, and
/// `MatterTallies.count` and `store` count the same tallies once at the end from all the rows.
struct SuspendedTallyTriggers: Sendable {
    /// SQLite cannot switch a trigger off: it is dropped and made again from its own text.
    let definitions: [(name: String, table: String, sql: String)]

    static func suspend(on sql: any SQLDatabase) async throws -> SuspendedTallyTriggers {
        let rows: [any SQLRow]
        if sql.dialect.name == "sqlite" {
            rows = try await sql.raw("""
                SELECT name, tbl_name AS tbl, sql FROM sqlite_master
                WHERE type = 'trigger' AND name LIKE 'matter\\_tallies\\_%' ESCAPE '\\' AND tbl_name IN (\(binds: BenchLoader.tables))
                ORDER BY name
                """).all()
        } else {
            rows = try await sql.raw("""
                SELECT t.tgname AS name, c.relname AS tbl, '' AS sql FROM pg_trigger t
                JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND t.tgname LIKE 'matter\\_tallies\\_%' AND c.relname IN (\(binds: BenchLoader.tables))
                ORDER BY t.tgname
                """).all()
        }
        let definitions = try rows.map {
            (name: try $0.decode(column: "name", as: String.self), table: try $0.decode(column: "tbl", as: String.self), sql: try $0.decode(column: "sql", as: String.self))
        }
        for trigger in definitions {
            if sql.dialect.name == "sqlite" {
                try await sql.raw("DROP TRIGGER \(ident: trigger.name)").run()
            } else {
                try await sql.raw("ALTER TABLE \(ident: trigger.table) DISABLE TRIGGER \(ident: trigger.name)").run()
            }
        }
        return SuspendedTallyTriggers(definitions: definitions)
    }

    /// Puts the triggers back; one already back is left as it is.
    func resume(on sql: any SQLDatabase) async throws {
        for trigger in definitions {
            if sql.dialect.name == "sqlite" {
                let exists = try await sql.raw("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = \(bind: trigger.name)").first() != nil
                if !exists { try await sql.raw("\(unsafeRaw: trigger.sql)").run() }
            } else {
                try await sql.raw("ALTER TABLE \(ident: trigger.table) ENABLE TRIGGER \(ident: trigger.name)").run()
            }
        }
    }
}

