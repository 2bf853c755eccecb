@testable import App
import Foundation
import SQLKit
import Testing

@Suite("The database holds the rules it can express")
struct DatabaseGuardTests {
    @Test("a matter cannot be written closed, declined or open in an inconsistent shape, even bypassing the service")
    func checks() async throws {
        try await withWorld { world in
            let id = try await world.register()
            let sql = world.app.db.sql
            let attempts: [SQLQueryString] = [
                "UPDATE matters SET status = 'closed' WHERE id = \(bind: id)",
                "UPDATE matters SET status = 'declined' WHERE id = \(bind: id)",
                "UPDATE matters SET status = 'open' WHERE id = \(bind: id)",
                "UPDATE matters SET status = 'archived' WHERE id = \(bind: id)",
                "UPDATE matters SET oversight_level = 3 WHERE id = \(bind: id)",
                "UPDATE complainant_rounds SET rating = 'satisfied' WHERE matter_id = \(bind: id)",
                "UPDATE matter_rounds SET published = \(bind: true) WHERE matter_id = \(bind: id)",
            ]
            for attempt in attempts {
                await #expect(throws: (any Error).self, "\(attempt)") { try await sql.raw(attempt).run() }
            }
            #expect(try await world.matter(id)["status"] as? String == "registered")
        }
    }

    @Test("no two indexes of a table cover the same columns: each one costs every write")
    func noDuplicateIndexes() async throws {
        try await withWorld { world in
            let sql = world.app.db.sql
            let rows = sql.dialect.name == "sqlite"
                ? try await sql.raw("""
                    SELECT m.tbl_name AS tbl, m.name AS name, i.seqno AS position, COALESCE(i.name, '(expression)') AS col
                    FROM sqlite_master m, pragma_index_xinfo(m.name) i
                    WHERE m.type = 'index' AND i.key = 1
                    """).all()
                : try await sql.raw("""
                    SELECT t.relname AS tbl, c.relname AS name, k.position AS position, COALESCE(a.attname, '(expression)') AS col
                    FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                    JOIN pg_namespace n ON n.oid = t.relnamespace
                    CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, position)
                    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
                    WHERE n.nspname = current_schema()
                    """).all()
            var columns: [String: [(Int, String)]] = [:], tables: [String: String] = [:]
            for row in rows {
                let name = try row.decode(column: "name", as: String.self)
                tables[name] = try row.decode(column: "tbl", as: String.self)
                columns[name, default: []].append((try row.decode(column: "position", as: Int.self), try row.decode(column: "col", as: String.self)))
            }
            #expect(columns.count > 40, "the schema's indexes are listed (\(columns.count))")
            var seen: [String: String] = [:]
            for (name, cols) in columns.sorted(by: { $0.key < $1.key }) where !cols.contains(where: { $0.1 == "(expression)" }) {
                let key = tables[name]! + "(" + cols.sorted { $0.0 < $1.0 }.map(\.1).joined(separator: ",") + ")"
                if let other = seen[key] { Issue.record("\(name) and \(other) both index \(key)") }
                seen[key] = name
            }
        }
    }
}
