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
            let sql = world.app.db as! any SQLDatabase
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
}
