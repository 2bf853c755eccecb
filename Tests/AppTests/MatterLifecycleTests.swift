@testable import App
import Foundation
import LedgerCore
import Testing

@Suite("A matter's life through the API")
struct MatterLifecycleTests {
    @Test("registered → open → handling → replied → closed, with every step in the timeline")
    func fullLife() async throws {
        try await withWorld { world in
            let id = try await world.register()
            var matter = try await world.matter(id)
            #expect(matter["status"] as? String == "registered")
            #expect(matter["deadlineAt"] != nil)
            try await world.bringToReplied(id)
            matter = try await world.matter(id)
            #expect(matter["status"] as? String == "replied")
            try await world.satisfyGate(id)
            let closed = try await world.act(id, "close", as: "a-chief")
            try world.expectOK(closed)
            #expect(closed.json["status"] as? String == "closed")
            #expect(closed.json["closedAt"] != nil)

            let timeline = try await world.send(.GET, "/api/v1/matters/\(id)/timeline", as: "a-chief").jsonArray
            let kinds = timeline.compactMap { $0["kind"] as? String }
            #expect(kinds == ["registered", "vetted", "handlingStarted", "resultRecorded", "replied", "callbackCalled", "rated", "published",
                              "accountabilityReviewed", "closed"])
            // Nothing is accepted after closing.
            let late = try await world.act(id, "result", as: "a-officer", ["result": "补充"])
            #expect(late.status == .conflict)
        }
    }

    @Test("the closure gate refuses each missing condition in turn")
    func closureGate() async throws {
        try await withWorld { world in
            let officer = world.id("a-officer")
            // Each case leaves out one condition and names it in invalid-params.
            let cases: [(String, (TestWorld, Int, [Int]) async throws -> Void)] = [
                ("ratings", { w, id, people in
                    try await w.expectOK(w.act(id, "publish", as: "a-chief", ["asked": "商厦业主与物业长期纠纷", "summary": "纠纷已化解"]))
                    try await w.expectOK(w.act(id, "accountability", as: "a-chief", ["answerableOfficerId": officer, "finding": "无过错"]))
                    _ = people
                }),
                ("publication", { w, id, people in
                    for p in people { try await w.expectOK(w.callBack(id, complainant: p, rating: "basicallySatisfied")) }
                    try await w.expectOK(w.act(id, "accountability", as: "a-chief", ["answerableOfficerId": officer, "finding": "无过错"]))
                }),
                ("accountability", { w, id, people in
                    for p in people { try await w.expectOK(w.callBack(id, complainant: p, rating: "satisfied")) }
                    try await w.expectOK(w.act(id, "withhold", as: "a-chief", ["reason": "personalPrivacy", "note": "涉及个人隐私"]))
                }),
            ]
            for (missing, prepare) in cases {
                let id = try await world.register()
                try await world.bringToReplied(id)
                try await prepare(world, id, try await world.complainantIDs(id))
                let refused = try await world.act(id, "close", as: "a-chief")
                #expect(refused.status == .conflict, "closing without \(missing)")
                #expect(refused.invalidParams == [missing], "closing without \(missing): \(refused.text)")
                #expect(try await world.matter(id)["status"] as? String == "replied")
            }

            // Two complainants, only one replied: the matter stays in handling and the gate names the reply.
            let id = try await world.register(complainants: 2)
            try await world.expectOK(world.act(id, "vet", as: "a-chief", ["ledger": "complaint"]))
            try await world.expectOK(world.act(id, "handle", as: "a-officer"))
            try await world.expectOK(world.act(id, "result", as: "a-officer", ["result": "已处理"]))
            let people = try await world.complainantIDs(id)
            try await world.expectOK(world.act(id, "reply", as: "a-officer", ["complainantId": people[0], "text": "已答复"]))
            #expect(try await world.matter(id)["status"] as? String == "handling")
            let refused = try await world.act(id, "close", as: "a-chief")
            #expect(refused.status == .conflict)
            #expect(refused.invalidParams.contains("replies"))
        }
    }

    @Test("不满意 reopens the matter, moves oversight up and records who answers for it")
    func dissatisfiedReopens() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            let person = try await world.complainantIDs(id)[0]
            try world.expectOK(try await world.callBack(id, complainant: person, rating: "dissatisfied", comment: "问题没有解决"))
            let rated = try await world.send(.GET, "/api/v1/matters/\(id)", as: "d1-chief")
            #expect(rated.json["status"] as? String == "handling")
            #expect(rated.json["round"] as? Int == 2)
            #expect(rated.json["oversightLevel"] as? Int == 1)
            #expect(rated.json["oversightUnitId"] as? Int == world.d1)
            #expect(rated.json["accountabilityRecords"] as? Int == 1)
            #expect(rated.json["result"] is NSNull || rated.json["result"] == nil, "the new round needs a new result")
            let kinds = try await world.send(.GET, "/api/v1/matters/\(id)/timeline", as: "a-chief").jsonArray.compactMap { $0["kind"] as? String }
            #expect(kinds.suffix(3) == ["rated", "reopened", "accountabilityRecorded"])
            // The district can see it, and a second 不满意 moves it to the city.
            try await world.expectOK(world.act(id, "result", as: "a-officer", ["result": "再次协调"]))
            try await world.expectOK(world.act(id, "reply", as: "a-officer", ["complainantId": person, "text": "再次答复"]))
            try world.expectOK(try await world.callBack(id, complainant: person, rating: "dissatisfied"))
            let again = try await world.send(.GET, "/api/v1/matters/\(id)", as: "city-chief")
            #expect(again.json["oversightLevel"] as? Int == 2)
            #expect(again.json["oversightUnitId"] as? Int == world.city)
            #expect(again.json["accountabilityRecords"] as? Int == 2)
        }
    }

    @Test("an unreachable resident needs the next-level chief's approval")
    func unreachableNeedsApproval() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            let person = try await world.complainantIDs(id)[0]
            // The call-back office finds no answer on three different days and reports it.
            let now = world.app.clock.now()
            for daysAgo in [2.0, 1.0, 0.0] {
                try world.expectOK(try await world.send(.POST, "/api/v1/callbacks/\(id)/complainants/\(person)/calls", as: "callback",
                                                        json: ["outcome": "noAnswer", "calledAt": now.addingTimeInterval(-daysAgo * 86_400).formatted(.iso8601)]))
            }
            try await world.expectOK(world.act(id, "publish", as: "a-chief", ["asked": "商厦业主与物业长期纠纷", "summary": "纠纷已化解"]))
            try await world.expectOK(world.act(id, "accountability", as: "a-chief", ["answerableOfficerId": world.id("a-officer"), "finding": "无过错"]))
            let refused = try await world.act(id, "close", as: "a-chief")
            #expect(refused.status == .conflict)
            #expect(refused.invalidParams == ["ratings"])
            // The owning chief may not approve their own exception; another district's chief neither.
            for wrong in ["a-chief", "b-chief", "d2-chief", "a-officer"] {
                let attempt = try await world.act(id, "approveUnreachable", as: wrong, ["complainantId": person])
                #expect(attempt.status == .forbidden || attempt.status == .notFound, "\(wrong) approved: \(attempt.status)")
            }
            try await world.expectOK(world.act(id, "approveUnreachable", as: "d1-deputy", ["complainantId": person]))
            try await world.expectOK(world.act(id, "close", as: "a-chief"))
        }
    }

    @Test("declining needs a reason, which every complainant receives as the reply")
    func declineCarriesReply() async throws {
        try await withWorld { world in
            let id = try await world.register(complainants: 2)
            let empty = try await world.act(id, "decline", as: "a-chief", ["reason": "   "])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.invalidParams == ["reason"])
            let people = try await world.complainantIDs(id)
            // Before vetting there is nothing to report, so no separate reply is taken.
            let early = try await world.act(id, "reply", as: "a-officer", ["complainantId": people[0], "text": "先答复"])
            #expect(early.status == .conflict)
            let declined = try await world.act(id, "decline", as: "a-chief", ["reason": "不属于公安机关职责，已告知向市场监管部门反映"])
            try world.expectOK(declined)
            #expect(declined.json["status"] as? String == "declined")
            let replies = (declined.json["complainants"] as? [[String: Any]] ?? []).compactMap { $0["reply"] as? String }
            #expect(replies == Array(repeating: "不属于公安机关职责，已告知向市场监管部门反映", count: 2))
            let after = try await world.act(id, "vet", as: "a-chief", ["ledger": "demand"])
            #expect(after.status == .conflict)
        }
    }

    @Test("only a chief of the owning unit vets, declines and closes")
    func onlyOwningChief() async throws {
        try await withWorld { world in
            let id = try await world.register()
            for username in ["a-officer", "a-clerk", "d1-chief", "city-chief"] {
                let vet = try await world.act(id, "vet", as: username, ["ledger": "demand"])
                #expect(vet.status == .forbidden, "\(username) vetted: \(vet.status)")
            }
            let admin = try await world.act(id, "vet", as: "admin", ["ledger": "demand"])
            #expect(admin.status == .forbidden)
            try await world.expectOK(world.act(id, "vet", as: "a-deputy", ["ledger": "demand"]))
            let clerkHandles = try await world.act(id, "handle", as: "a-clerk")
            #expect(clerkHandles.status == .forbidden)
        }
    }

    @Test("a stale version is refused with 409 and nothing changes")
    func optimisticConcurrency() async throws {
        try await withWorld { world in
            let id = try await world.register()
            let version = try await world.matter(id)["version"] as! Int
            let first = try await world.send(.POST, "/api/v1/matters/\(id)/vet", as: "a-chief", json: ["version": version, "ledger": "demand"])
            try world.expectOK(first)
            let stale = try await world.send(.POST, "/api/v1/matters/\(id)/vet", as: "a-chief", json: ["version": version, "ledger": "complaint"])
            #expect(stale.status == .conflict)
            #expect(stale.invalidParams == ["version"])
            #expect(try await world.matter(id)["ledger"] as? String == "demand")
        }
    }

    @Test("an Idempotency-Key returns the first result instead of a duplicate")
    func idempotency() async throws {
        try await withWorld { world in
            let body: [String: Any] = ["summary": "路口红绿灯故障", "channel": "phone", "complainants": [TestWorld.person()]]
            let key = [("Idempotency-Key", "retry-123")]
            let first = try await world.send(.POST, "/api/v1/matters", as: "a-officer", json: body, headers: key)
            let second = try await world.send(.POST, "/api/v1/matters", as: "a-officer", json: body, headers: key)
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(first.json["id"] as? Int == second.json["id"] as? Int)
            let list = try await world.send(.GET, "/api/v1/matters", as: "a-officer").json["items"] as? [[String: Any]] ?? []
            #expect(list.count == 1)
            var other = body
            other["summary"] = "另一件事"
            let reused = try await world.send(.POST, "/api/v1/matters", as: "a-officer", json: other, headers: key)
            #expect(reused.status == .unprocessableEntity)
            #expect(reused.invalidParams == ["Idempotency-Key"])

            // Concurrent retries with one key still make one matter.
            let key2 = [("Idempotency-Key", "burst-1")]
            let ids = try await withThrowingTaskGroup(of: Int?.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let body: [String: Any] = ["summary": "路口红绿灯故障", "channel": "phone", "complainants": [TestWorld.person()]]
                        return try await world.send(.POST, "/api/v1/matters", as: "a-officer", json: body, headers: key2).json["id"] as? Int
                    }
                }
                return try await group.reduce(into: Set<Int?>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            #expect(ids.first! != nil)
        }
    }

    @Test("bad input gets problem+json naming the field, never a 500")
    func badInput() async throws {
        try await withWorld { world in
            var person = TestWorld.person()
            let cases: [([String: Any], String)] = [
                (["channel": "phone", "complainants": [person]], "summary"),
                (["summary": "", "channel": "phone", "complainants": [person]], "summary"),
                (["summary": "x", "channel": "telepathy", "complainants": [person]], "channel"),
                (["summary": "x", "channel": "phone", "complainants": []], "complainants"),
                (["summary": "x", "channel": "phone", "complainants": [person.merging(["phone": "12345"]) { $1 }]], "complainants[0].phone"),
                (["summary": "x", "channel": "phone", "complainants": [person.merging(["idNumber": "610102199003071234"]) { $1 }]], "complainants[0].idNumber"),
                (["summary": "x", "channel": "phone", "complainants": [person.merging(["name": 42]) { $1 }]], "complainants[0].name"),
                (["summary": String(repeating: "长", count: 201), "channel": "phone", "complainants": [person]], "summary"),
                (["summary": "x", "channel": "phone", "unitId": world.partner, "complainants": [person]], "unitId"),
                (["summary": "x", "channel": "phone", "unitId": world.stationB, "complainants": [person]], "unitId"),
            ]
            for (body, field) in cases {
                let reply = try await world.send(.POST, "/api/v1/matters", as: "a-officer", json: body)
                #expect(reply.status == .unprocessableEntity, "\(field): \(reply.status) \(reply.text)")
                #expect(reply.headers.first(name: "Content-Type")?.hasPrefix("application/problem+json") == true)
                #expect(reply.invalidParams == [field], "\(reply.text)")
            }
            person["phone"] = "13800000000"
            var raw = try await world.send(.POST, "/api/v1/matters", as: "a-officer", headers: [("Content-Type", "application/json")])
            #expect(raw.status.code < 500)
            raw = try await world.send(.GET, "/api/v1/matters?ledger=nonsense", as: "a-officer")
            #expect(raw.status == .unprocessableEntity)
            #expect(raw.invalidParams == ["ledger"])
            raw = try await world.send(.GET, "/api/v1/matters?limit=1000", as: "a-officer")
            #expect(raw.invalidParams == ["limit"])
            raw = try await world.send(.GET, "/api/v1/matters?cursor=abc", as: "a-officer")
            #expect(raw.invalidParams == ["cursor"])
            let id = try await world.register()
            raw = try await world.send(.POST, "/api/v1/matters/\(id)/vet", as: "a-chief", json: ["ledger": "demand"])
            #expect(raw.invalidParams == ["version"])
            raw = try await world.send(.POST, "/api/v1/matters/\(id)/vet", as: "a-chief", json: ["version": 1, "ledger": "gossip"])
            #expect(raw.invalidParams == ["ledger"])
            // Nothing was half-written by any refusal.
            let list = try await world.send(.GET, "/api/v1/matters", as: "a-officer").json["items"] as? [[String: Any]] ?? []
            #expect(list.count == 1)
        }
    }
}

@Suite("Handling details: coordination, handler, answerable officer")
struct HandlingDetailTests {
    @Test("coordination is recorded with a partner body of the city, and only with one")
    func coordination() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.expectOK(world.act(id, "vet", as: "a-chief", ["ledger": "demand"]))
            try await world.expectOK(world.act(id, "handle", as: "a-officer"))
            let station = try await world.act(id, "coordinate", as: "a-officer", ["partnerUnitId": world.stationB, "note": "转交"])
            #expect(station.invalidParams == ["partnerUnitId"])
            let empty = try await world.act(id, "coordinate", as: "a-officer", ["partnerUnitId": world.partner, "note": " "])
            #expect(empty.invalidParams == ["note"])
            let done = try await world.act(id, "coordinate", as: "a-officer", ["partnerUnitId": world.partner, "note": "联系街道办和社区共同调解"])
            try world.expectOK(done)
            let items = done.json["coordinations"] as? [[String: Any]] ?? []
            #expect(items.count == 1)
            #expect(items.first?["partnerUnitId"] as? Int == world.partner)
            #expect(items.first?["partnerName"] as? String == "新城区街道办事处")
        }
    }

    @Test("the handler must be an active officer of the owning unit; the answerable officer from its chain")
    func handlerAndAnswerable() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.expectOK(world.act(id, "vet", as: "a-chief", ["ledger": "demand"]))
            for wrong in ["b-officer", "a-clerk", "admin"] {
                let reply = try await world.act(id, "handle", as: "a-chief", ["handlerId": world.id(wrong)])
                #expect(reply.invalidParams == ["handlerId"], "\(wrong)")
            }
            let assigned = try await world.act(id, "handle", as: "a-chief", ["handlerId": world.id("a-officer")])
            #expect(assigned.json["handlerId"] as? Int == world.id("a-officer"))
            let foreign = try await world.act(id, "accountability", as: "a-chief", ["answerableOfficerId": world.id("c-chief"), "finding": "x"])
            #expect(foreign.invalidParams == ["answerableOfficerId"])
            try await world.expectOK(world.act(id, "accountability", as: "a-chief", ["answerableOfficerId": world.id("d1-chief"), "finding": "分局督办不力"]))
        }
    }
}
