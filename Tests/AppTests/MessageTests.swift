@testable import App
import Foundation
import LedgerCore
import Testing

@Suite("The online platform: messages, tracking, answers, escalation")
struct MessageTests {
    static func report(_ world: TestWorld, kind: String = "report", district: Int? = nil) -> [String: Any] {
        var body = TestWorld.person()
        body.removeValue(forKey: "address")
        body["kind"] = kind
        body["content"] = "小区门口夜间烧烤摊占道经营，噪音扰民"
        body["districtId"] = district ?? world.d1
        body["place"] = "西一路与解放路十字东北角"
        return body
    }

    func submit(_ world: TestWorld, _ body: [String: Any]) async throws -> String {
        let reply = try await world.send(.POST, "/api/v1/public/messages", json: body)
        #expect(reply.status == .created, "\(reply.text)")
        return try #require(reply.json["trackingCode"] as? String)
    }

    func track(_ world: TestWorld, _ code: String, _ last4: String = "5678") async throws -> TestWorld.Reply {
        try await world.send(.POST, "/api/v1/public/track", json: ["trackingCode": code, "phoneLast4": last4])
    }

    func messageID(_ world: TestWorld) async throws -> Int {
        let items = try await world.send(.GET, "/api/v1/messages", as: "d1-chief").json["items"] as? [[String: Any]] ?? []
        return try #require(items.first?["id"] as? Int)
    }

    @Test("an anonymous consultation is answered directly and rated once")
    func consultationAnswered() async throws {
        try await withWorld { world in
            let code = try await submit(world, ["kind": "consultation", "content": "办理居住证需要哪些材料？", "districtId": world.d1])
            #expect(code.wholeMatch(of: /[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/) != nil)
            #expect(try await track(world, code, "").json["status"] as? String == "received")
            let id = try await messageID(world)
            let answered = try await world.send(.POST, "/api/v1/messages/\(id)/answer", as: "d1-chief", json: ["answer": "请携带身份证和租房合同到户籍室办理。"])
            #expect(answered.status == .ok)
            let again = try await world.send(.POST, "/api/v1/messages/\(id)/answer", as: "d1-chief", json: ["answer": "再答"])
            #expect(again.status == .conflict)
            let seen = try await track(world, code.lowercased().replacingOccurrences(of: "-", with: " "), "")
            #expect(seen.json["status"] as? String == "answered")
            #expect(seen.json["canRate"] as? Bool == true)
            let rated = try await world.send(.POST, "/api/v1/public/rate", json: ["trackingCode": code, "phoneLast4": "", "rating": "satisfied", "comment": "很清楚"])
            #expect(rated.status == .ok)
            #expect(rated.json["canRate"] as? Bool == false)
            let twice = try await world.send(.POST, "/api/v1/public/rate", json: ["trackingCode": code, "phoneLast4": "", "rating": "dissatisfied"])
            #expect(twice.status == .conflict)
        }
    }

    @Test("suggestions, reports and business requests need name, phone, ID number, district and place")
    func contactRequired() async throws {
        try await withWorld { world in
            let full = Self.report(world)
            for field in ["name", "phone", "idNumber", "districtId", "place"] {
                var body = full
                body.removeValue(forKey: field)
                let reply = try await world.send(.POST, "/api/v1/public/messages", json: body)
                #expect(reply.status == .unprocessableEntity, "\(field)")
                #expect(reply.invalidParams == [field])
            }
            let cases: [(String, Any, String)] = [("phone", "12345", "phone"), ("idNumber", "610102199003071234", "idNumber"),
                                                  ("districtId", world.stationA, "districtId"), ("kind", "gossip", "kind"),
                                                  ("content", "", "content"), ("latitude", 34.2, "longitude")]
            for (key, value, field) in cases {
                var body = full
                body[key] = value
                let reply = try await world.send(.POST, "/api/v1/public/messages", json: body)
                #expect(reply.invalidParams == [field], "\(key): \(reply.text)")
            }
            // Nothing was stored by any refusal.
            #expect((try await world.send(.GET, "/api/v1/messages", as: "city-chief").json["items"] as? [[String: Any]] ?? []).isEmpty)
        }
    }

    @Test("escalated into a ledger: one status for the resident, the matter's reply is the answer, the resident's rating is the gate's")
    func escalation() async throws {
        try await withWorld { world in
            let code = try await submit(world, Self.report(world))
            let id = try await messageID(world)
            let refusedUnit = try await world.send(.POST, "/api/v1/messages/\(id)/escalate", as: "d1-chief", json: ["unitId": world.stationC, "summary": "烧烤摊占道"])
            #expect(refusedUnit.invalidParams == ["unitId"])
            let escalated = try await world.send(.POST, "/api/v1/messages/\(id)/escalate", as: "d1-chief", json: ["unitId": world.stationA, "summary": "烧烤摊占道经营噪音扰民"])
            #expect(escalated.status == .ok, "\(escalated.text)")
            let matterID = try #require(escalated.json["matterId"] as? Int)
            let matter = try await world.matter(matterID)
            #expect(matter["channel"] as? String == "onlineMessage")
            #expect(matter["sourceRef"] as? String == "message:\(id)")
            #expect(try await track(world, code).json["status"] as? String == "inProgress")

            try await world.bringToReplied(matterID)
            let view = try await track(world, code)
            #expect(view.json["status"] as? String == "answered")
            #expect((view.json["replies"] as? [[String: Any]])?.first?["text"] as? String == "经协调，双方已达成和解。")
            // The resident is dissatisfied: the matter reopens one level up.
            let unhappy = try await world.send(.POST, "/api/v1/public/rate", json: ["trackingCode": code, "phoneLast4": "5678", "rating": "dissatisfied", "comment": "摊位还在"])
            #expect(unhappy.status == .ok, "\(unhappy.text)")
            let reopened = try await world.matter(matterID)
            #expect(reopened["status"] as? String == "handling")
            #expect(reopened["oversightLevel"] as? Int == 1)
            #expect(try await track(world, code).json["status"] as? String == "inProgress")
            // Second round, satisfied: the gate takes the resident's own rating.
            let person = try await world.complainantIDs(matterID)[0]
            try await world.expectOK(world.act(matterID, "result", as: "a-officer", ["result": "联合城管取缔占道摊位"]))
            try await world.expectOK(world.act(matterID, "reply", as: "a-officer", ["complainantId": person, "text": "摊位已取缔"]))
            let happy = try await world.send(.POST, "/api/v1/public/rate", json: ["trackingCode": code, "phoneLast4": "5678", "rating": "satisfied"])
            #expect(happy.status == .ok)
            try await world.expectOK(world.act(matterID, "publish", as: "a-chief", ["asked": "居民反映烧烤摊占道经营扰民", "summary": "联合城管取缔占道摊位"]))
            try await world.expectOK(world.act(matterID, "accountability", as: "a-chief", ["answerableOfficerId": world.id("a-officer"), "finding": "首轮办理不彻底"]))
            try await world.expectOK(world.act(matterID, "close", as: "a-chief"))
            let final = try await track(world, code)
            #expect(final.json["status"] as? String == "closed")
            #expect((final.json["replies"] as? [[String: Any]])?.count == 2)
            // An officer cannot rate for the resident a second time in the same round.
            // The resident was told by SMS each time a reply was given, with the code and nothing
            // else, and sent a one-time rating link with each reply.
            let sender = RecordingSender()
            try await Outbox.dispatch(world.app, sender: sender)
            let texts = sender.sent.withLockedValue { $0 }
            let answered = texts.filter { $0.template == "messageAnswered" }
            #expect(answered.count == 2)
            #expect(answered.allSatisfy { $0.payload == ["trackingCode": code] && $0.recipient == "13812345678" })
            let links = texts.filter { $0.template == "ratingInvited" }
            #expect(links.count == 2 && Set(links.compactMap { $0.payload["link"] }).count == 2)
            #expect(links.allSatisfy { $0.recipient == "13812345678" && $0.payload["link"]?.hasPrefix("/rate/") == true && !$0.payload["link"]!.contains("13812345678") })
            let counts = try await world.send(.GET, "/api/v1/messages/counts?from=2026-03-01&to=2026-04-01", as: "city-chief").jsonArray
            #expect(counts.count == 1)
            #expect(counts.first?["received"] as? Int == 1)
            #expect(counts.first?["answered"] as? Int == 1)
            #expect(counts.first?["escalated"] as? Int == 1)
        }
    }

    @Test("an anonymous consultation cannot be escalated; scope limits who sees a message")
    func escalationNeedsContactAndScope() async throws {
        try await withWorld { world in
            _ = try await submit(world, ["kind": "consultation", "content": "咨询", "districtId": world.d1])
            let id = try await messageID(world)
            let refused = try await world.send(.POST, "/api/v1/messages/\(id)/escalate", as: "d1-chief", json: ["unitId": world.stationA, "summary": "咨询"])
            #expect(refused.invalidParams == ["contact"])
            for outsider in ["d2-chief", "a-chief", "c-chief"] {
                #expect(try await world.send(.GET, "/api/v1/messages/\(id)", as: outsider).status == .notFound, "\(outsider)")
                #expect(try await world.send(.POST, "/api/v1/messages/\(id)/answer", as: outsider, json: ["answer": "x"]).status == .notFound)
            }
            #expect(try await world.send(.GET, "/api/v1/messages/\(id)", as: "city-deputy").status == .ok)
        }
    }

    @Test("a guessed code reveals nothing, and look-ups are rate limited")
    func guessing() async throws {
        try await withWorld { world in
            let code = try await submit(world, Self.report(world))
            let wrongPhone = try await track(world, code, "0000")
            let wrongCode = try await track(world, "ABCD-EFGH-JKLM", "5678")
            let garbage = try await track(world, "'; DROP TABLE messages; --", "5678")
            #expect(wrongPhone.status == .notFound)
            #expect(wrongCode.status == .notFound)
            #expect(garbage.status == .notFound)
            #expect(wrongPhone.text == wrongCode.text)
            #expect(!wrongPhone.text.contains("烧烤"))
            var statuses: [Int] = []
            for index in 0..<30 { statuses.append(Int(try await track(world, "ZZZZ-ZZZZ-ZZ\(index % 10)\(index / 10)", "1234").status.code)) }
            #expect(statuses.last == 429)
            #expect(statuses.filter { $0 == 429 }.count == 3)
        }
    }

    @Test("submissions are rate limited per phone")
    func submissionLimit() async throws {
        try await withWorld { world in
            for _ in 0..<5 { _ = try await submit(world, Self.report(world)) }
            let sixth = try await world.send(.POST, "/api/v1/public/messages", json: Self.report(world))
            #expect(sixth.status == .tooManyRequests)
            // The count shares the submission's write: the refused one stored nothing, and
            // rolling its count back with it leaves the limit reached.
            #expect(try await world.send(.POST, "/api/v1/public/messages", json: Self.report(world)).status == .tooManyRequests)
            #expect(try await ResidentMessage.query(on: world.app.db).count() == 5)
            world.app.clock.advance(by: 3600)
            _ = try await submit(world, Self.report(world))
        }
    }
}

@Suite("The public board (一事一公开)")
struct BoardTests {
    @Test("lists closed, published matters with the anonymised account only — no personal field ever appears")
    func board() async throws {
        try await withWorld { world in
            // Three matters: published and closed, withheld and closed, published but not closed.
            let shown = try await world.register(complainants: 2)
            try await world.bringToReplied(shown)
            try await world.satisfyGate(shown)
            try await world.expectOK(world.act(shown, "close", as: "a-chief"))
            let withheld = try await world.register()
            try await world.bringToReplied(withheld)
            for p in try await world.complainantIDs(withheld) { try await world.expectOK(world.callBack(withheld, complainant: p, rating: "basicallySatisfied")) }
            try await world.expectOK(world.act(withheld, "withhold", as: "a-chief", ["reason": "personalPrivacy", "note": "涉及隐私"]))
            try await world.expectOK(world.act(withheld, "accountability", as: "a-chief", ["answerableOfficerId": world.id("a-officer"), "finding": "无"]))
            try await world.expectOK(world.act(withheld, "close", as: "a-chief"))
            let open = try await world.register()
            try await world.bringToReplied(open)
            try await world.expectOK(world.act(open, "publish", as: "a-chief", ["asked": "未办结事项", "summary": "办理中"]))

            let board = try await world.send(.GET, "/api/v1/public/board")
            let items = board.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 1)
            #expect(items.first?["asked"] as? String == "商厦业主与物业长期纠纷")
            #expect(items.first?["district"] as? String == "新城分局")
            #expect(items.first?["satisfied"] as? Int == 2)
            let page = try await world.send(.GET, "/board")
            #expect(page.status == .ok)
            #expect(page.text.contains("商厦业主与物业长期纠纷"))
            // Every personal field of every complainant, clear or masked, and the staff-only texts.
            var forbidden: [String] = ["商厦业主与物业长期经济纠纷", "百余户业主与物业之间存在涉众类经济纠纷"]
            for index in 0..<2 {
                let person = TestWorld.person(index)
                for key in ["name", "phone", "idNumber", "address"] {
                    let value = person[key] as! String
                    forbidden.append(value)
                    forbidden.append(key == "name" ? Masking.name(value) : key == "phone" ? Masking.phone(value) : key == "idNumber" ? Masking.idNumber(value) : Masking.address(value))
                }
            }
            for text in forbidden {
                #expect(!board.text.contains(text), "board JSON shows \(text)")
                #expect(!page.text.contains(text), "board page shows \(text)")
            }
            // Filters.
            #expect((try await world.send(.GET, "/api/v1/public/board?district=\(world.d2)").json["items"] as? [[String: Any]] ?? []).isEmpty)
            #expect((try await world.send(.GET, "/api/v1/public/board?ledger=complaint").json["items"] as? [[String: Any]] ?? []).isEmpty)
            #expect((try await world.send(.GET, "/api/v1/public/board?month=2026-03").json["items"] as? [[String: Any]] ?? []).count == 1)
            #expect((try await world.send(.GET, "/api/v1/public/board?month=2026-04").json["items"] as? [[String: Any]] ?? []).isEmpty)
            #expect(try await world.send(.GET, "/api/v1/public/board?month=March").invalidParams == ["month"])
        }
    }
}

@Suite("Resident pages")
struct ResidentPageTests {
    @Test("send a message from the form, keep the code, follow it; a refusal keeps what was typed")
    func formsFlow() async throws {
        try await withWorld { world in
            let refused = try await world.send(.POST, "/ask", form: ["kind": "report", "content": "楼道堆放杂物", "name": "王五", "phone": "123"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("楼道堆放杂物"))
            let sent = try await world.send(.POST, "/ask", form: ["kind": "consultation", "content": "护照办理需要多久？"])
            #expect(sent.status == .ok)
            let code = try #require(sent.text.firstMatch(of: /id="tracking-code">([2-9A-Z-]+)</).map { String($0.1) })
            let status = try await world.send(.POST, "/track", form: ["trackingCode": code, "phoneLast4": ""])
            #expect(status.text.contains("data-status=\"received\""))
            let wrong = try await world.send(.POST, "/track", form: ["trackingCode": code, "phoneLast4": "9999"])
            #expect(wrong.status == .notFound)
            #expect(try await world.send(.GET, "/").text.contains("/ask?kind=report"))
        }
    }
}
