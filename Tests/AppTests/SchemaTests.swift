@testable import App
import Foundation
import LedgerCore
import SQLKit
import Testing

/// Migrations are frozen: each holds the SQL of its day. The schema an empty database has after
/// every migration is kept in `Schema/<database>.schema`; a migration that changed what it
/// builds (because it called live code that changed, or was edited) makes a fresh database
/// differ from one upgraded in the field, and this test fails. A new migration is a deliberate
/// change: run the suite with MINYI_WRITE_SCHEMA=1 to rewrite the file, and commit the diff.
@Suite("Frozen migrations: the schema of a fresh database")
struct SchemaTests {
    static func schemaFile(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Schema/\(name).schema")
    }

    /// Every table, column, index, constraint, trigger and function, and the rows migrations
    /// write, one per line, sorted.
    static func describe(_ sql: any SQLDatabase) async throws -> String {
        func strings(_ query: SQLQueryString) async throws -> [String] {
            try await sql.raw(query).all().map { try $0.decode(column: "line", as: String.self) }
        }
        var lines: [String]
        if sql.dialect.name == "sqlite" {
            lines = try await strings("""
                SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || COALESCE(sql, '') AS line FROM sqlite_master
                WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'matter_search_%' ORDER BY type, name
                """)
            lines += try await strings("""
                SELECT 'column ' || m.name || '.' || p.name || ' ' || p.type || (CASE WHEN p."notnull" = 1 THEN ' NOT NULL' ELSE '' END)
                       || COALESCE(' DEFAULT ' || p.dflt_value, '') || (CASE WHEN p.pk > 0 THEN ' PK' || p.pk ELSE '' END) AS line
                FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                """)
        } else {
            lines = try await strings("""
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || COALESCE('(' || character_maximum_length || ')', '')
                       || (CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END) || COALESCE(' DEFAULT ' || column_default, '') AS line
                FROM information_schema.columns WHERE table_schema = current_schema()
                """)
            lines += try await strings("SELECT 'index ' || indexname || ': ' || indexdef AS line FROM pg_indexes WHERE schemaname = current_schema()")
            lines += try await strings("""
                SELECT 'constraint ' || c.relname || '.' || k.conname || ': ' || pg_get_constraintdef(k.oid) AS line
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema()
                """)
            lines += try await strings("""
                SELECT 'trigger ' || t.tgname || ': ' || pg_get_triggerdef(t.oid) AS line
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND NOT t.tgisinternal
                """)
            lines += try await strings("""
                SELECT 'function ' || p.proname || ': ' || pg_get_functiondef(p.oid) AS line
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()
                """)
            // Each test runs in a schema of its own; its name is not part of the schema.
            let schema = try await sql.raw("SELECT current_schema() AS line").first()!.decode(column: "line", as: String.self)
            lines = lines.map { $0.replacingOccurrences(of: schema + ".", with: "") }
        }
        // The rows migrations write: the standard deadlines and the audit chain's head.
        lines += try await strings("""
            SELECT 'row deadline_settings ' || ledger || ' ' || CAST(vet_days AS TEXT) || ' ' || CAST(reply_days AS TEXT) AS line FROM deadline_settings
            """)
        lines += try await strings("SELECT 'row audit_head ' || CAST(seq AS TEXT) || ' ' || hash AS line FROM audit_head")
        // Fluent's own bookkeeping differs by nothing we wrote.
        return lines.filter { !$0.contains("_fluent_") }.sorted().joined(separator: "\n") + "\n"
    }

    @Test("an empty database migrated today has exactly the schema in the repository")
    func schemaMatchesTheRepository() async throws {
        try await withWorld { world in
            let sql = world.app.db.sql
            let name = sql.dialect.name == "sqlite" ? "sqlite" : "postgresql"
            let actual = try await Self.describe(sql)
            let file = Self.schemaFile(name)
            if ProcessInfo.processInfo.environment["MINYI_WRITE_SCHEMA"] == "1" {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: file, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOf: file, encoding: .utf8)
            let missing = Set(expected.split(separator: "\n")).subtracting(actual.split(separator: "\n"))
            let extra = Set(actual.split(separator: "\n")).subtracting(expected.split(separator: "\n"))
            #expect(missing.isEmpty && extra.isEmpty,
                    "schema differs from \(file.path): missing \(missing.sorted().prefix(5)), unexpected \(extra.sorted().prefix(5))")
        }
    }

    @Test("the frozen search words of M0031 and M0038 are today's SearchGrams; if this fails, the tokenizer changed: add a migration that rewrites search_text")
    func frozenSearchWordsMatchTheLiveTokenizer() {
        let texts = ["工地夜间施工噪音扰民", "ABC-123 噪音x扰民", "西一路派出所，民警 Zhang 3号", "单", "e\u{301}té 中", "  ", "Ｆｕｌｌ　ｗｉｄｔｈ１２"]
        for text in texts {
            #expect(FrozenSearchWords.document(text) == SearchGrams.document(text), "\(text)")
        }
    }
}
