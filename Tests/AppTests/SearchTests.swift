import Foundation
import Testing
@testable import App

/// Text search over matters goes through the full-text index and stays exact.
@Suite("Text search")
struct SearchTests {
    @Test("Chinese and Latin words, whole phrases, a lone character and a reference are found; nothing else is")
    func search() async throws {
        try await withWorld { world in
            let noise = try await world.register(summary: "工地夜间施工噪音扰民")
            let dispute = try await world.register(summary: "邻里纠纷：楼上漏水")
            let fraud = try await world.register(summary: "接到冒充客服的WiFi诈骗电话")
            func found(_ text: String) async throws -> [Int] {
                let query = text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&+=")))!
                let reply = try await world.send(.GET, "/api/v1/matters?q=\(query)", as: "a-chief")
                #expect(reply.status == .ok)
                return (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            }
            #expect(try await found("噪音") == [noise])
            #expect(try await found("施工噪音扰民") == [noise])
            #expect(try await found("扰民噪音").isEmpty, "the pairs are all there, but not in this order")
            #expect(try await found("噪") == [noise], "a lone character is found by a scan")
            #expect(try await found("wifi") .isEmpty == TestWorld.usesPostgres, "case: SQLite's LIKE ignores ASCII case, PostgreSQL's does not")
            #expect(try await found("WiFi诈骗") == [fraud])
            #expect(try await found("漏水") == [dispute])
            #expect(try await found("纠纷漏水").isEmpty)
            let reference = try await world.matter(dispute)["reference"] as! String
            #expect(try await found(reference) == [dispute])
        }
    }
}
