@testable import App
import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

@Suite("Online applications (在线办理)")
struct ApplicationTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF".utf8)
    /// A whole 1×1 PNG: signature, IHDR, IDAT, IEND.
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
                           0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
                           0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
                           0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
                           0x42, 0x60, 0x82])
    /// Right first bytes, wrong file: what a sniffing browser would run as a page.
    static let pngThenSVG = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data("<svg onload=alert(1)><script>alert(1)</script></svg>".utf8)
    static let pdfThenHTML = Data("%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF".utf8)
    static let exe = Data("MZ\u{90}\u{0}this is not a picture".utf8)

    func setUp(_ world: TestWorld) async throws {
        let created = try await world.send(.POST, "/api/v1/services", as: "admin", json: [
            "code": "passport", "category": "exitEntry", "nameZh": "护照", "nameEn": "Passport", "description": "",
            "materials": ["居民身份证", "近期免冠照片"], "steps": ["提交", "领取"], "timeLimitDays": 7, "fee": "120元"])
        #expect(created.status == .created)
    }

    func fields(_ world: TestWorld, phone: String = "13912345678") -> [(String, String)] {
        [("serviceCode", "passport"), ("districtId", String(world.d1)), ("name", "王五"), ("phone", phone),
         ("idNumber", TestWorld.person()["idNumber"] as! String)]
    }

    @Test("apply with the listed materials, follow the status, staff move it on and the resident is told")
    func applyAndFollow() async throws {
        try await withWorld { world in
            try await setUp(world)
            let applied = try await world.sendMultipart("/api/v1/public/applications", fields: fields(world), files: [
                ("attachments[]", "id.pdf", "application/pdf", Self.pdf), ("attachments[]", "photo.png", "image/png", Self.png)])
            #expect(applied.status == .created, "\(applied.text)")
            let code = try #require(applied.json["code"] as? String)
            #expect((applied.json["attachments"] as? [[String: Any]])?.compactMap { $0["material"] as? String } == ["居民身份证", "近期免冠照片"])
            let tracked = try await world.send(.POST, "/api/v1/public/applications/track", json: ["code": code, "phoneLast4": "5678"])
            #expect(tracked.json["status"] as? String == "submitted")
            #expect(try await world.send(.POST, "/api/v1/public/applications/track", json: ["code": code, "phoneLast4": "0000"]).status == .notFound)

            let list = try await world.send(.GET, "/api/v1/applications", as: "d1-chief").json["items"] as? [[String: Any]] ?? []
            let id = try #require(list.first?["id"] as? Int)
            #expect(list.first?["phone"] as? String == "139****5678")
            #expect((try await world.send(.GET, "/api/v1/applications", as: "d2-chief").json["items"] as? [[String: Any]])?.isEmpty == true)
            let fileID = try #require((list.first?["attachments"] as? [Int])?.first)
            let download = try await world.send(.GET, "/api/v1/applications/\(id)/attachments/\(fileID)", as: "d1-chief")
            #expect(download.body == Self.pdf)
            #expect(try await world.send(.GET, "/api/v1/applications/\(id)/attachments/\(fileID)", as: "d2-chief").status == .notFound)
            let needsNote = try await world.send(.POST, "/api/v1/applications/\(id)/status", as: "d1-chief", json: ["status": "rejected"])
            #expect(needsNote.invalidParams == ["note"])
            try world.expectOK(try await world.send(.POST, "/api/v1/applications/\(id)/status", as: "d1-chief", json: ["status": "accepted"]))
            try world.expectOK(try await world.send(.POST, "/api/v1/applications/\(id)/status", as: "d1-chief", json: ["status": "completed", "note": "请到窗口领取"]))
            #expect(try await world.send(.POST, "/api/v1/applications/\(id)/status", as: "d1-chief", json: ["status": "accepted"]).status == .conflict)
            let sender = RecordingSender()
            try await Outbox.dispatch(world.app, sender: sender)
            #expect(sender.sent.withLockedValue { $0.map(\.template) } == ["applicationStatus", "applicationStatus", "serviceEvaluationInvited"],
                    "the completed application invites its rating")
            #expect(sender.sent.withLockedValue { $0.prefix(2).map { $0.payload["status"] ?? "" } } == ["accepted", "completed"])
        }
    }

    @Test("files are checked by their content, size and number; nothing is half-written")
    func fileChecks() async throws {
        try await withWorld { world in
            try await setUp(world)
            let cases: [([(name: String, filename: String, type: String, data: Data)], String)] = [
                ([("attachments[]", "id.pdf", "application/pdf", Self.pdf)], "attachments"),
                ([("attachments[]", "id.pdf", "application/pdf", Self.pdf), ("attachments[]", "photo.png", "image/png", Self.exe)], "attachments[1]"),
                ([("attachments[]", "id.pdf", "application/pdf", Data()), ("attachments[]", "p.png", "image/png", Self.png)], "attachments[0]"),
                ([("attachments[]", "big.pdf", "application/pdf", Self.pdf + Data(count: 5 * 1024 * 1024)), ("attachments[]", "p.png", "image/png", Self.png)], "attachments[0]"),
                ([("attachments[]", "id.pdf", "application/pdf", Self.pdf), ("attachments[]", "p.png", "image/png", Self.pngThenSVG)], "attachments[1]"),
                ([("attachments[]", "id.pdf", "application/pdf", Self.pdfThenHTML), ("attachments[]", "p.png", "image/png", Self.png)], "attachments[0]"),
                ([("attachments[]", "id.pdf", "application/pdf", Self.pdf.prefix(20)), ("attachments[]", "p.png", "image/png", Self.png)], "attachments[0]"),
            ]
            for (files, field) in cases {
                let reply = try await world.sendMultipart("/api/v1/public/applications", fields: fields(world), files: files)
                #expect(reply.status == .unprocessableEntity, "\(field): \(reply.status)")
                #expect(reply.invalidParams == [field], "\(reply.text)")
            }
            var bad = fields(world, phone: "123")
            let phone = try await world.sendMultipart("/api/v1/public/applications", fields: bad, files: [])
            #expect(phone.invalidParams == ["phone"])
            bad = fields(world)
            bad[0] = ("serviceCode", "noise")
            #expect(try await world.sendMultipart("/api/v1/public/applications", fields: bad, files: []).invalidParams == ["serviceCode"])
            #expect(try await ServiceApplication.query(on: world.app.db).count() == 0)
            #expect(try await Attachment.query(on: world.app.db).count() == 0)
        }
    }
}

@Suite("Broken uploads")
struct BrokenUploadTests {
    @Test("a body that is not valid multipart is refused with 422, not a server error")
    func brokenMultipart() async throws {
        try await withWorld { world in
            let broken = try await world.send(.POST, "/api/v1/public/applications",
                                              headers: [("Content-Type", "multipart/form-data; boundary=xyz")])
            #expect(broken.status == .unprocessableEntity, "\(broken.status) \(broken.text)")
            #expect(broken.invalidParams == ["body"], "\(broken.text)")
        }
    }
}

@Suite("Broken multipart bodies")
struct BrokenMultipartTests {
    @Test("a malformed multipart body is a 422 naming the body")
    func malformed() async throws {
        try await withWorld { world in
            var request = HTTPClientRequest(url: world.baseURL + "/api/v1/public/applications")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=xyz")
            request.body = .bytes(ByteBuffer(string: "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated"))
            let response = try await world.client.execute(request, timeout: .seconds(10))
            #expect(response.status == .unprocessableEntity)
        }
    }
}
