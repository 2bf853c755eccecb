@testable import App
import Fluent
import Foundation
import LedgerCore
import SQLKit
import Testing

/// Personal data typed into free text is sealed apart and shown masked (issue 21, item 5).
@Suite("Personal data in free text")
struct TextPersonalDataTests {
    static let id = PersonalDataValidation.completeIDNumber("61010219880812345")

    /// Every byte of the data directory and, on PostgreSQL, the text columns of the database.
    func stored(_ world: TestWorld) async throws -> String {
        var text = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: world.dataDirectory) {
            if let data = FileManager.default.contents(atPath: world.dataDirectory + "/" + name) { text += String(decoding: data, as: UTF8.self) }
        }
        for (table, column) in [("messages", "content"), ("matters", "summary"), ("matters", "details"), ("matters", "search_text"), ("audit_events", "payload")] {
            text += try await world.app.db.sql.raw("SELECT \(ident: column) AS v FROM \(ident: table)").all()
                .map { (try? $0.decode(column: "v", as: String.self)) ?? "" }.joined()
        }
        return text
    }

    @Test("a phone, an ID number and an e-mail address in a message are sealed, masked on the desk, and revealed to a chief only, recorded")
    func message() async throws {
        try await withWorld { world in
            let sent = try await world.send(.POST, "/api/v1/public/messages", json: [
                "kind": "consultation", "districtId": world.d1,
                "content": "我的电话＋８６ １３９-１２３４-５６７８，身份证\(Self.id)，邮箱 wang.wu@example.com，请回电"])
            #expect(sent.status == .created, "\(sent.text)")
            try await world.app.db.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run().recover { _ in }
            let everything = try await stored(world)
            for secret in ["12345678", "1234-5678", Self.id, "wang.wu@example.com", "１２３４"] {
                #expect(!everything.contains(secret), "\(secret) is stored nowhere in clear")
            }
            let item = try #require((try await world.send(.GET, "/api/v1/messages", as: "d1-chief").json["items"] as? [[String: Any]])?.first)
            let content = try #require(item["content"] as? String)
            #expect(content == "我的电话139****5678，身份证6101**********\(Self.id.suffix(4))，邮箱 w***@example.com，请回电", "\(content)")
            let messageID = try #require(item["id"] as? Int)
            #expect(try await world.send(.POST, "/api/v1/messages/\(messageID)/text/reveal", as: "city-chief").status == .forbidden,
                    "the city sees the message, but it was sent to the district")
            #expect(try await world.send(.POST, "/api/v1/messages/\(messageID)/text/reveal", as: "d2-chief").status == .notFound)
            let revealed = try await world.send(.POST, "/api/v1/messages/\(messageID)/text/reveal", as: "d1-chief").jsonArray
            #expect(revealed.compactMap { $0["value"] as? String } == ["13912345678", Self.id, "wang.wu@example.com"], "\(revealed)")
            let events = try await AuditEvent.query(on: world.app.db).filter(\.$kind == AuditKind.textPersonalDataRevealed.rawValue).count()
            #expect(events == 1)
        }
    }

    @Test("a matter's summary and details keep only masks, its search index too; staff find it by the full phone, recorded")
    func matter() async throws {
        try await withWorld { world in
            let id = try await world.register(summary: "业主来电13800001111反映物业纠纷")
            let otherUnit = try await world.register(as: "b-officer", summary: "另一户13800001111反映噪音")
            let shown = try await world.matter(id)
            #expect(shown["summary"] as? String == "业主来电138****1111反映物业纠纷", "\(shown["summary"] ?? "")")
            #expect(!(try await stored(world)).contains("13800001111"))
            let search = try await world.send(.GET, "/api/v1/matters?q=13800001111", as: "a-chief")
            #expect((search.json["items"] as? [[String: Any]] ?? []).isEmpty, "the number is not in the word index")
            let found = try await world.send(.GET, "/api/v1/matters/by-phone?phone=138-0000-1111", as: "a-chief").jsonArray
            #expect(found.compactMap { $0["id"] as? Int } == [id], "within reach only: \(found)")
            let district = try await world.send(.GET, "/api/v1/matters/by-phone?phone=13800001111", as: "d1-chief").jsonArray
            #expect(Set(district.compactMap { $0["id"] as? Int }) == [id, otherUnit])
            // A complainant's own phone finds the matter too.
            let person = TestWorld.person()["phone"] as! String
            #expect(try await world.send(.GET, "/api/v1/matters/by-phone?phone=\(person)", as: "a-chief").jsonArray.compactMap { $0["id"] as? Int } == [id])
            let bad = try await world.send(.GET, "/api/v1/matters/by-phone?phone=1380000", as: "a-chief")
            #expect(bad.status == .unprocessableEntity && bad.invalidParams == ["phone"])
            let searches = try await AuditEvent.query(on: world.app.db).filter(\.$kind == AuditKind.searchedByPhone.rawValue).count()
            #expect(searches == 3)
            #expect(try await world.send(.POST, "/api/v1/matters/\(id)/text/reveal", as: "a-officer").status == .forbidden)
            let revealed = try await world.send(.POST, "/api/v1/matters/\(id)/text/reveal", as: "a-chief").jsonArray
            #expect(revealed.compactMap { $0["value"] as? String } == ["13800001111"])
        }
    }

    @Test("texts stored before typed data was sealed are scanned in the background, in batches, once")
    func olderTexts() async throws {
        try await withWorld { world in
            // As an older version stored them: the number in clear in the text and its search words.
            let matterID = try await world.register(summary: "物业纠纷")
            let old = "业主电话13900002222，邮箱 old.owner@example.com"
            try await world.app.db.sql.raw("""
                UPDATE matters SET details = \(bind: old), search_text = \(bind: SearchGrams.document("物业纠纷 " + old)) WHERE id = \(bind: matterID)
                """).run()
            let sent = try await world.send(.POST, "/api/v1/public/messages", json: ["kind": "consultation", "content": "咨询", "districtId": world.d1])
            #expect(sent.status == .created)
            try await world.app.db.sql.raw("UPDATE messages SET content = '请回电13900003333'").run()
            try await world.app.db.sql.raw("UPDATE text_scan_progress SET next_id = 0, until_id = 1000").run()
            #expect((try await world.send(.GET, "/api/v1/matters?q=13900002222", as: "a-chief").json["items"] as? [[String: Any]])?.count == 1,
                    "before: the number is in the word index")

            #expect(try await TextPersonalData.sealOlderTexts(world.app, batchSize: 1) == 3)
            #expect(try await Scheduler.runOnce(world.app).isEmpty)
            #expect(try await TextPersonalData.sealOlderTexts(world.app) == 0, "each text is scanned once")
            let details = try await world.matter(matterID)["details"] as? String
            #expect(details == "业主电话139****2222，邮箱 o***@example.com", "\(details ?? "")")
            #expect((try await world.send(.GET, "/api/v1/matters?q=13900002222", as: "a-chief").json["items"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await world.send(.GET, "/api/v1/matters/by-phone?phone=13900002222", as: "a-chief").jsonArray.compactMap { $0["id"] as? Int } == [matterID])
            let content = try await world.app.db.sql.raw("SELECT content FROM messages").first()?.decode(column: "content", as: String.self)
            #expect(content == "请回电139****3333")
            let revealed = try await world.send(.POST, "/api/v1/matters/\(matterID)/text/reveal", as: "a-chief").jsonArray
            #expect(revealed.compactMap { $0["value"] as? String } == ["13900002222", "old.owner@example.com"])
        }
    }
}
