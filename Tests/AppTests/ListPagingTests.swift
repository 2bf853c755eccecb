@testable import App
import Foundation
import Testing

/// Staff lists of what residents send take `limit` and a `cursor` (issue 21, item 12).
@Suite("Paged lists")
struct ListPagingTests {
    func walk(_ world: TestWorld, _ path: String, as username: String) async throws -> [[Int]] {
        var pages: [[Int]] = [], cursor: String?
        repeat {
            let reply = try await world.send(.GET, path + "?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), as: username)
            #expect(reply.status == .ok, "\(reply.text)")
            pages.append((reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })
            cursor = reply.json["nextCursor"] as? String
        } while cursor != nil && pages.count < 10
        return pages
    }

    @Test("messages and applications come limit at a time, newest first, each once; a bad limit or cursor is named")
    func pages() async throws {
        try await withWorld { world in
            try await ApplicationTests().setUp(world)
            for index in 0..<5 {
                let phone = "1391234\(String(format: "%04d", 2000 + index))"
                let sent = try await world.send(.POST, "/api/v1/public/messages", json: [
                    "kind": "consultation", "content": "咨询\(index)", "districtId": world.d1])
                #expect(sent.status == .created, "\(sent.text)")
                let applied = try await world.sendMultipart("/api/v1/public/applications", fields: ApplicationTests().fields(world, phone: phone), files: [
                    ("attachments[]", "id.pdf", "application/pdf", ApplicationTests.pdf), ("attachments[]", "photo.png", "image/png", ApplicationTests.png)])
                #expect(applied.status == .created, "\(applied.text)")
            }
            for path in ["/api/v1/messages", "/api/v1/applications"] {
                let pages = try await walk(world, path, as: "d1-chief")
                #expect(pages.map(\.count) == [2, 2, 1], "\(path): \(pages)")
                let ids = pages.flatMap { $0 }
                #expect(ids == ids.sorted(by: >) && Set(ids).count == 5, "\(path): newest first, each once: \(ids)")
                for bad in ["limit=0", "limit=201", "limit=many"] {
                    let reply = try await world.send(.GET, path + "?" + bad, as: "d1-chief")
                    #expect(reply.status == .unprocessableEntity && reply.invalidParams == ["limit"], "\(path)?\(bad): \(reply.text)")
                }
                let reply = try await world.send(.GET, path + "?cursor=-3", as: "d1-chief")
                #expect(reply.invalidParams == ["cursor"], "\(reply.text)")
            }
        }
    }

    /// Follows `Link: rel="next"` from `first` to the end; the ids of each page.
    func follow(_ world: TestWorld, _ first: String, as username: String) async throws -> [[Int]] {
        var pages: [[Int]] = [], next: String? = first
        while let path = next, pages.count < 20 {
            let reply = try await world.send(.GET, path, as: username)
            #expect(reply.status == .ok, "\(path): \(reply.text)")
            pages.append(reply.jsonArray.compactMap { $0["id"] as? Int })
            next = reply.headers.first(name: "Link").flatMap { $0.firstMatch(of: /<([^>]+)>; rel="next"/).map { String($0.1) } }
        }
        return pages
    }

    @Test("the staff lists (units, officers, rooms, meetings) take limit and a cursor, the next page named in a Link header")
    func arrayLists() async throws {
        try await withWorld { world in
            for (index, day) in ["2026-03-02", "2026-03-02", "2026-03-05", "2026-02-20", "2026-03-05"].enumerated() {
                _ = try await EngagementTests().meeting(world, day: day, residents: 10 + index)
            }
            for _ in 0..<3 { _ = try await ReceptionTests().room(world) }
            for (path, username, all) in [("/api/v1/units", "admin", 9), ("/api/v1/officers", "admin", 15),
                                          ("/api/v1/reception/rooms", "a-chief", 3), ("/api/v1/engagement/meetings", "a-chief", 5)] {
                let pages = try await follow(world, path + "?limit=2", as: username)
                #expect(pages.dropLast().allSatisfy { $0.count == 2 } && pages.flatMap { $0 }.count == all, "\(path): \(pages)")
                let whole = try await world.send(.GET, path, as: username).jsonArray.compactMap { $0["id"] as? Int }
                #expect(pages.flatMap { $0 } == whole, "\(path): the pages are the whole list, in its order, each once")
                let bad = try await world.send(.GET, path + "?limit=0", as: username)
                #expect(bad.status == .unprocessableEntity && bad.invalidParams == ["limit"], "\(path): \(bad.text)")
            }
            // Meetings run newest day first, so their cursor continues within a day and across days.
            let days = try await world.send(.GET, "/api/v1/engagement/meetings", as: "a-chief").jsonArray.compactMap { $0["day"] as? String }
            #expect(days == days.sorted(by: >), "\(days)")
        }
    }
}
