@testable import App
import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// Hostile text through the API: refused with the field named, nothing written.
@Suite("Input hygiene")
struct InputHygieneTests {
    @Test("direction overrides, invisible characters and line breaks in one-line fields are refused, naming the field; nothing is written")
    func hostileText() async throws {
        try await withWorld { world in
            var cases: [(String, [String: Any], String)] = []
            var person = TestWorld.person()
            person["name"] = "张\u{202E}三"
            cases.append(("override in a name", ["summary": "噪音扰民", "channel": "walkIn", "complainants": [person]], "complainants[0].name"))
            person = TestWorld.person()
            person["address"] = "西一路1号\r\n伪造的一行"
            cases.append(("CR/LF in an address", ["summary": "噪音扰民", "channel": "walkIn", "complainants": [person]], "complainants[0].address"))
            cases.append(("zero-width space in the summary", ["summary": "噪音\u{200B}扰民", "channel": "walkIn", "complainants": [TestWorld.person()]], "summary"))
            cases.append(("a line break in the summary", ["summary": "噪音\n扰民", "channel": "walkIn", "complainants": [TestWorld.person()]], "summary"))
            cases.append(("override in the details", ["summary": "噪音扰民", "details": "见附件\u{202E}fdp.exe", "channel": "walkIn",
                                                     "complainants": [TestWorld.person()]], "details"))
            for (label, body, field) in cases {
                let reply = try await world.send(.POST, "/api/v1/matters", as: "a-officer", json: body)
                #expect(reply.status == .unprocessableEntity, "\(label): \(reply.status)")
                #expect(reply.invalidParams == [field], "\(label): \(reply.text)")
            }
            #expect(try await Matter.query(on: world.app.db).count() == 0)
            // Line breaks stay welcome where text runs to paragraphs, and so does an emoji family.
            let fine = try await world.send(.POST, "/api/v1/matters", as: "a-officer", json: [
                "summary": "噪音扰民", "details": "第一段\n第二段👨\u{200D}👩\u{200D}👧", "channel": "walkIn", "complainants": [TestWorld.person()]])
            #expect(fine.status == .created, "\(fine.text)")
        }
    }

    func sendRaw(_ world: TestWorld, _ path: String, _ body: String) async throws -> TestWorld.Reply {
        var request = HTTPClientRequest(url: world.baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await world.client.execute(request, timeout: .seconds(30))
        return TestWorld.Reply(status: response.status, headers: response.headers, body: Data(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test("a number out of range is blamed on its field; a null or [] body on the first field it lacks", arguments: [
        (#"{"kind":"report","content":"噪音","districtId":9223372036854775808}"#, "districtId"),
        (#"{"kind":"report","content":"噪音","districtId":1e308}"#, "districtId"),
        (#"{"kind":"report","content":"噪音","districtId":-9223372036854775809}"#, "districtId"),
        (#"{"kind":"report","content":"噪音","latitude":1e400,"longitude":1}"#, "latitude"),
        ("null", "kind"),
        ("[]", "kind"),
        (#"[{"kind":"report"}]"#, "kind"),
    ])
    func numbersAndShapes(body: String, field: String) async throws {
        try await withWorld { world in
            let reply = try await sendRaw(world, "/api/v1/public/messages", body)
            #expect(reply.status == .unprocessableEntity, "\(body): \(reply.status) \(reply.text)")
            #expect(reply.invalidParams == [field], "\(body): \(reply.text)")
            #expect(try await ResidentMessage.query(on: world.app.db).count() == 0)
        }
    }
}
