import Foundation
import LedgerCore
import Testing
@testable import App

/// Every complainant, whatever the channel, can follow their matter and rate its reply
/// themselves with a tracking code given at registration.
@Suite("Tracking codes for every complainant")
struct ComplainantTrackingTests {
    struct Outgoing: Decodable { let template: String; let payload: String }

    func sms(_ world: TestWorld, matter id: Int, complainant: Int) async throws -> [String: String]? {
        let row = try await world.app.db.statements.row(
            "SELECT template, payload FROM outbox WHERE dedupe_key = \(bind: "matter-tracking:\(id):\(complainant)")", as: Outgoing.self)
        return try row.map { try JSONSerialization.jsonObject(with: Data($0.payload.utf8)) as? [String: String] ?? [:] }
    }

    @Test("registration gives each complainant a code, once: by SMS to a mobile and in the answer, never stored in clear; a landline gets no SMS")
    func codesAtRegistration() async throws {
        try await withWorld { world in
            var landline = TestWorld.person(1)
            landline["phone"] = "029-87654321"
            let body: [String: Any] = ["summary": "夜间施工噪音扰民", "details": "群众来所反映", "channel": "walkIn",
                                       "complainants": [TestWorld.person(0), landline]]
            let reply = try await world.send(.POST, "/api/v1/matters", as: "a-officer", json: body, headers: [("Idempotency-Key", "walk-in-1")])
            #expect(reply.status == .created)
            let id = try #require(reply.json["id"] as? Int)
            let codes = try #require(reply.json["trackingCodes"] as? [[String: Any]])
            #expect(codes.count == 2)
            let people = try await world.complainantIDs(id)
            let first = try #require(codes.first { $0["complainantId"] as? Int == people[0] }?["trackingCode"] as? String)
            #expect(TrackingCode.normalise(first) == first)
            let message = try #require(try await sms(world, matter: id, complainant: people[0]))
            #expect(message["trackingCode"] == first && message["reference"] == reply.json["reference"] as? String)
            #expect(try await sms(world, matter: id, complainant: people[1]) == nil, "an SMS was queued to a landline")

            let stored = try await world.app.db.statements.values("SELECT tracking_digest FROM complainants WHERE matter_id = \(bind: id)",
                                                                  column: "tracking_digest", as: String.self)
            #expect(stored.count == 2 && !stored.contains(first) && stored.contains(SecretToken.digest(first)))
            let again = try await world.send(.POST, "/api/v1/matters", as: "a-officer", json: body, headers: [("Idempotency-Key", "walk-in-1")])
            #expect(again.json["id"] as? Int == id)
            #expect((again.json["trackingCodes"] as? [Any])?.isEmpty ?? true, "a retry showed the codes again")
            #expect(try await world.matter(id)["trackingCodes"] == nil, "the matter shows codes after registration")
        }
    }

    @Test("with the code and the phone's last four digits the resident follows the matter and rates the reply as themselves")
    func followAndRate() async throws {
        try await withWorld { world in
            let reply = try await world.send(.POST, "/api/v1/matters", as: "a-officer",
                                             json: ["summary": "小区门口违停", "details": "来所反映", "channel": "walkIn", "complainants": [TestWorld.person(0)]])
            let id = try #require(reply.json["id"] as? Int)
            let code = try #require((reply.json["trackingCodes"] as? [[String: Any]])?.first?["trackingCode"] as? String)
            #expect(try await world.send(.POST, "/api/v1/public/track", json: ["trackingCode": code, "phoneLast4": "0000"]).status == .notFound)
            let seen = try await world.send(.POST, "/api/v1/public/track", json: ["trackingCode": code.lowercased(), "phoneLast4": "5678"])
            #expect(seen.status == .ok && seen.json["status"] as? String == "inProgress" && seen.json["canRate"] as? Bool == false, "\(seen.text)")
            #expect(seen.json["reference"] as? String == reply.json["reference"] as? String)

            try await world.bringToReplied(id)
            let rated = try await world.send(.POST, "/api/v1/public/rate",
                                             json: ["trackingCode": code, "phoneLast4": "5678", "rating": "basicallySatisfied"])
            #expect(rated.status == .ok && (rated.json["replies"] as? [[String: Any]])?.first?["rating"] as? String == "basicallySatisfied", "\(rated.text)")
            let person = try #require((try await world.matter(id)["complainants"] as? [[String: Any]])?.first)
            #expect(person["ratedBy"] as? String == "resident" && person["ratingChannel"] as? String == "trackingPage")
            let twice = try await world.send(.POST, "/api/v1/public/rate", json: ["trackingCode": code, "phoneLast4": "5678", "rating": "dissatisfied"])
            #expect(twice.status == .conflict || twice.status == .unprocessableEntity, "\(twice.status)")
        }
    }

    @Test("the walk-in receipt page prints the code; the page offers the way on to the matter")
    func receiptPage() async throws {
        try await withWorld { world in
            let (cookie, csrf) = try await world.signInWithCookie("a-officer")
            let page = try await world.send(.POST, Page.matters.path, cookie: cookie,
                                            form: ["csrf": csrf, "summary": "邻里纠纷", "details": "来所反映", "channel": "walkIn",
                                                   "name": "张三", "phone": "13812345678"])
            #expect(page.status == .created)
            #expect(page.text.contains("id=\"receipt-codes\"") && page.text.contains("id=\"receipt-matter\""))
            let code = try #require(page.text.range(of: #"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}"#, options: .regularExpression).map { String(page.text[$0]) })
            let seen = try await world.send(.POST, "/api/v1/public/track", json: ["trackingCode": code, "phoneLast4": "5678"])
            #expect(seen.status == .ok)

            // Reloading the receipt sends the form again: the same form registers once.
            let blank = try await world.send(.GET, Page.newMatter.path, cookie: cookie).text
            let form = try #require(blank.range(of: #"name="requestKey" value="[^"]+""#, options: .regularExpression).map { String(blank[$0]) })
            let key = String(form.split(separator: "\"")[3])
            let fields = ["csrf": csrf, "summary": "楼道堆物", "details": "来所反映", "channel": "walkIn", "name": "李四",
                          "phone": "13912345678", "requestKey": key]
            let first = try await world.send(.POST, Page.matters.path, cookie: cookie, form: fields)
            let reload = try await world.send(.POST, Page.matters.path, cookie: cookie, form: fields)
            #expect(first.status == .created && reload.status == .seeOther, "\(first.status) \(reload.status)")
            let count = try await world.app.db.statements.value("SELECT COUNT(*) AS n FROM matters WHERE summary = \(bind: "楼道堆物")",
                                                                column: "n", as: Int.self)
            #expect(count == 1)
        }
    }
}
