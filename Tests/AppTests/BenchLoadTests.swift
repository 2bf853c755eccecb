import Fluent
import Foundation
import SQLKit
import Testing
@testable import App

/// The benchmark loader writes rows the services would accept: constraints hold, the chain
/// verifies, the search index finds them, and the services can go on working them.
@Suite("Bench load")
struct BenchLoadTests {
    @Test("bulk-loaded matters are whole: audit chain, full-text index, pages and actions work on them")
    func load() async throws {
        try await withWorld { world in
            // Batches of 250, so batches are made while others are written, and the last is short.
            let loader = try await BenchLoader(app: world.app, seed: 4, batchSize: 250)
            var reported: [Int] = []
            try await loader.load(900) { reported.append($0) }
            #expect(reported == [250, 500, 750, 900])
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
            let reply = try await world.send(.GET, "/api/v1/matters?q=%E5%99%AA%E9%9F%B3&limit=100", as: "city-chief")
            let found = (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["summary"] as? String }
            #expect(!found.isEmpty && found.allSatisfy { $0.contains("噪音") })
        }
    }
}
