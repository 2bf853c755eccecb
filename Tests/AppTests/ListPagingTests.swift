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
}
