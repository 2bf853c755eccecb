@testable import App
import Foundation
import Testing

@Suite("Authorisation by unit scope")
struct ScopeTests {
    /// Every `/{id}` route of the API, as (method, path suffix, body).
    static func routes(for id: Int) -> [(String, String)] {
        ["", "/timeline"].map { ("GET", $0) }
            + API.MattersController.actions.map { ("POST", "/\($0)") }
            + [("POST", "/complainants/1/reveal")]
    }

    @Test("a station-A officer is refused on every /{id} route of a station-B matter")
    func otherStationRefused() async throws {
        try await withWorld { world in
            let id = try await world.register(as: "b-officer")
            let before = try await world.matter(id, as: "b-chief")
            for (method, suffix) in Self.routes(for: id) {
                for intruder in ["a-officer", "a-chief", "c-chief", "d2-chief"] {
                    let reply = try await world.send(method == "GET" ? .GET : .POST, "/api/v1/matters/\(id)\(suffix)", as: intruder,
                                                     json: method == "POST" ? ["version": 1, "ledger": "demand", "reason": "personalPrivacy", "result": "x",
                                                                               "text": "x", "note": "x", "complainantId": 1, "rating": "satisfied",
                                                                               "asked": "x", "summary": "x", "finding": "x",
                                                                               "answerableOfficerId": world.id(intruder), "partnerUnitId": world.partner] : nil)
                    #expect(reply.status == .notFound, "\(intruder) \(method) \(suffix): \(reply.status)")
                    #expect(!reply.text.contains("13812345678"))
                }
            }
            // Nothing about the matter changed.
            let after = try await world.matter(id, as: "b-chief")
            #expect(after["version"] as? Int == before["version"] as? Int)
            #expect(after["status"] as? String == "registered")
        }
    }

    @Test("a station sees its own, a district its stations', the city all")
    func listsAreScoped() async throws {
        try await withWorld { world in
            let a = try await world.register(as: "a-officer")
            let b = try await world.register(as: "b-officer")
            let c = try await world.register(as: "c-chief")
            func ids(_ username: String, _ query: String = "") async throws -> Set<Int> {
                let items = try await world.send(.GET, "/api/v1/matters\(query)", as: username).json["items"] as? [[String: Any]] ?? []
                return Set(items.compactMap { $0["id"] as? Int })
            }
            #expect(try await ids("a-officer") == [a])
            #expect(try await ids("b-chief") == [b])
            #expect(try await ids("d1-chief") == [a, b])
            #expect(try await ids("d2-chief") == [c])
            #expect(try await ids("city-deputy") == [a, b, c])
            // A unit filter never widens the scope.
            #expect(try await ids("a-officer", "?unit=\(world.stationB)") == [])
            #expect(try await ids("city-chief", "?unit=\(world.d1)") == [a, b])
            #expect(try await ids("city-chief", "?unit=\(world.stationC)") == [c])
            // The district sees its station's matter in full, but may not vet it for the station.
            #expect(try await world.send(.GET, "/api/v1/matters/\(a)", as: "d1-deputy").status == .ok)
            #expect(try await world.act(a, "vet", as: "d1-chief", ["ledger": "demand"]).status == .forbidden)
        }
    }

    @Test("filters: ledger, status, text, overdue and cursor pages")
    func filtersAndCursor() async throws {
        try await withWorld { world in
            var ids: [Int] = []
            for index in 0..<7 { ids.append(try await world.register(summary: index == 3 ? "噪音扰民投诉" : "商户经营纠纷\(index)")) }
            try await world.expectOK(world.act(ids[0], "vet", as: "a-chief", ["ledger": "complaint"]))
            func list(_ query: String) async throws -> [String: Any] { try await world.send(.GET, "/api/v1/matters\(query)", as: "a-chief").json }
            func itemIDs(_ page: [String: Any]) -> [Int] { (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int } }
            #expect(itemIDs(try await list("?ledger=complaint")) == [ids[0]])
            #expect(itemIDs(try await list("?status=open")) == [ids[0]])
            #expect(itemIDs(try await list("?status=registered")).count == 6)
            #expect(itemIDs(try await list("?q=%E5%99%AA%E9%9F%B3")) == [ids[3]])
            #expect(itemIDs(try await list("?overdue=true")).isEmpty)
            // Pages of 3, newest first, every matter exactly once.
            var seen: [Int] = []
            var cursor: String? = nil
            repeat {
                let page = try await list("?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""))
                seen += itemIDs(page)
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(seen == ids.reversed())
        }
    }
}
