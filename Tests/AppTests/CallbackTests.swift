import Foundation
import LedgerCore
import Testing
@testable import App

/// 群众满意: only the resident (by the one-time link or the tracking page) or the call-back
/// office records satisfaction; no staff account of the owning unit or above it can.
@Suite("The resident's own word: rating links and the call-back office")
struct CallbackTests {
    /// The token of the rating link queued for a complainant's reply, as the SMS carries it.
    func linkToken(_ world: TestWorld, matter id: Int, complainant: Int, round: Int = 1) async throws -> String {
        struct Row: Decodable { let payload: String }
        let row = try #require(try await world.app.db.statements.row(
            "SELECT payload FROM outbox WHERE dedupe_key = \(bind: "rating-link:\(id):\(round):\(complainant)")", as: Row.self))
        let link = try #require(try JSONSerialization.jsonObject(with: Data(row.payload.utf8)) as? [String: String])["link"]
        return try #require(link?.split(separator: "/").last.map(String.init))
    }

    @Test("every staff role is refused when rating, by the API and by the page; the page offers no rating form")
    func staffCannotRate() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            let person = try await world.complainantIDs(id)[0]
            for who in ["a-officer", "a-clerk", "a-chief", "a-deputy", "d1-chief", "d1-deputy", "city-chief", "city-deputy", "b-chief", "admin", "callback"] {
                for rating in ["satisfied", "dissatisfied"] {
                    let reply = try await world.act(id, "rate", as: who, ["complainantId": person, "rating": rating])
                    #expect(reply.status == .forbidden || reply.status == .notFound, "\(who) rated \(rating): \(reply.status)")
                }
                let unreachable = try await world.act(id, "unreachable", as: who, ["complainantId": person, "note": "联系不上"])
                #expect(unreachable.status == .forbidden || unreachable.status == .notFound, "\(who) reported unreachable: \(unreachable.status)")
            }
            let (cookie, csrf) = try await world.signInWithCookie("a-chief")
            let page = try await world.send(.GET, Page.matter(id).path, cookie: cookie)
            #expect(page.status == .ok)
            #expect(!page.text.contains(Page.matterAction(id, .rate).path), "the owning chief's page offers a rating form")
            let posted = try await world.send(.POST, Page.matterAction(id, .rate).path, cookie: cookie,
                                              form: ["csrf": csrf, "complainantId": String(person), "rating": "satisfied"])
            #expect(posted.status != .ok && posted.status != .seeOther, "the page took the chief's rating: \(posted.status)")
            let detail = try await world.matter(id)
            let people = try #require(detail["complainants"] as? [[String: Any]])
            #expect(people[0]["rating"] == nil || people[0]["rating"] is NSNull)
        }
    }

    @Test("the reply brings a one-time link: it shows the reply, rates once as the resident, and no more")
    func ratingLinkWorksOnce() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            let person = try await world.complainantIDs(id)[0]
            let token = try await linkToken(world, matter: id, complainant: person)
            #expect(!token.contains("1381234"), "the link carries personal data")
            let shown = try await world.send(.GET, "/api/v1/public/rating-links/\(token)")
            #expect(shown.status == .ok)
            #expect(shown.json["reply"] as? String == "经协调，双方已达成和解。")
            let page = try await world.send(.GET, Page.rateLink(token).path)
            #expect(page.status == .ok && page.text.contains("经协调，双方已达成和解。") && page.text.contains("rate-form"))

            #expect(try await world.send(.GET, "/api/v1/public/rating-links/not-a-token").status == .notFound)
            let rated = try await world.send(.POST, "/api/v1/public/rating-links/\(token)", json: ["rating": "satisfied", "comment": "满意"])
            #expect(rated.status == .noContent, "\(rated.text)")
            let again = try await world.send(.POST, "/api/v1/public/rating-links/\(token)", json: ["rating": "dissatisfied"])
            #expect(again.status == .gone)
            let people = try #require(try await world.matter(id)["complainants"] as? [[String: Any]])
            #expect(people[0]["rating"] as? String == "satisfied")
            #expect(people[0]["ratedBy"] as? String == "resident")
            #expect(people[0]["ratingChannel"] as? String == "ratingLink")
            try await world.expectOK(world.act(id, "publish", as: "a-chief", ["asked": "商厦业主与物业长期纠纷", "summary": "纠纷已化解"]))
            try await world.expectOK(world.act(id, "accountability", as: "a-chief", ["answerableOfficerId": world.id("a-officer"), "finding": "无过错"]))
            try await world.expectOK(world.act(id, "close", as: "a-chief"))
        }
    }

    @Test("a rating link expires after the configured days; a bad rating names the field")
    func ratingLinkExpires() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            let person = try await world.complainantIDs(id)[0]
            let token = try await linkToken(world, matter: id, complainant: person)
            let bad = try await world.send(.POST, "/api/v1/public/rating-links/\(token)", json: ["rating": "great"])
            #expect(bad.status == .unprocessableEntity && bad.invalidParams == ["rating"], "\(bad.status) \(bad.text)")
            world.app.clock.advance(by: Double(world.app.config.ratingLinkDays) * 86_400 + 60)
            let late = try await world.send(.POST, "/api/v1/public/rating-links/\(token)", json: ["rating": "satisfied"])
            #expect(late.status == .gone)
            let page = try await world.send(.GET, Page.rateLink(token).path)
            #expect(page.status == .gone && !page.text.contains("rate-form"))
        }
    }

    @Test("an unrated reply reaches the office's queue after the working days allowed, masked; the number is revealed by an audited act")
    func queueAfterWorkingDays() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            let person = try await world.complainantIDs(id)[0]
            func queued(_ who: String) async throws -> [[String: Any]] {
                try await world.send(.GET, "/api/v1/callbacks/queue", as: who).jsonArray.filter { $0["matterId"] as? Int == id }
            }
            #expect(try await queued("callback").isEmpty, "in the queue before the resident had their days")
            world.app.clock.advance(by: 7 * 86_400)  // a week: at least three working days
            let items = try await queued("callback")
            #expect(items.count == 1)
            #expect(items.first?["phone"] as? String == "138****5678")
            #expect(items.first?["reply"] as? String == "经协调，双方已达成和解。")
            #expect(items.first?.keys.contains("result") == false, "the office sees handling notes")
            #expect(try await queued("d2-callback").isEmpty, "another district's office sees this matter")
            #expect(try await world.send(.GET, "/api/v1/callbacks/queue", as: "a-chief").status == .forbidden)
            let phone = try await world.send(.POST, "/api/v1/callbacks/\(id)/complainants/\(person)/phone", as: "callback")
            #expect(phone.json["phone"] as? String == "13812345678")
            let timeline = try await world.send(.GET, "/api/v1/matters/\(id)/timeline", as: "a-chief").jsonArray
            #expect(timeline.contains { $0["kind"] as? String == "callbackPhoneRevealed" && $0["actorId"] as? Int == world.id("callback") })
            #expect(try await world.send(.POST, "/api/v1/callbacks/\(id)/complainants/\(person)/phone", as: "d2-callback").status == .notFound)
        }
    }

    @Test("no answer on three different days: the office, not the unit, reports the resident unreachable; the same day twice does not count twice")
    func threeUnansweredCalls() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            let person = try await world.complainantIDs(id)[0]
            let path = "/api/v1/callbacks/\(id)/complainants/\(person)/calls"
            world.app.clock.advance(by: 7 * 86_400)
            let now = world.app.clock.now()
            func call(_ at: Date) async throws -> TestWorld.Reply {
                try await world.send(.POST, path, as: "callback", json: ["outcome": "noAnswer", "calledAt": at.formatted(.iso8601)])
            }
            try world.expectOK(try await call(now.addingTimeInterval(-2 * 86_400)))
            try world.expectOK(try await call(now.addingTimeInterval(-2 * 86_400 + 60)))
            try world.expectOK(try await call(now.addingTimeInterval(-86_400)))
            var people = try #require(try await world.matter(id)["complainants"] as? [[String: Any]])
            #expect(people[0]["reachability"] as? String == "reachable", "two days of calls reported the resident unreachable")
            let third = try await call(now)
            try world.expectOK(third)
            #expect(third.jsonArray.count == 4)
            people = try #require(try await world.matter(id)["complainants"] as? [[String: Any]])
            #expect(people[0]["reachability"] as? String == "reportedUnreachable")
            let timeline = try await world.send(.GET, "/api/v1/matters/\(id)/timeline", as: "a-chief").jsonArray
            let report = try #require(timeline.last { $0["kind"] as? String == "unreachableReported" })
            #expect(report["actorId"] as? Int == world.id("callback"))
            // The next-level chief still approves closing without a rating.
            try await world.expectOK(world.act(id, "approveUnreachable", as: "d1-chief", ["complainantId": person]))
            let future = try await world.send(.POST, path, as: "callback", json: ["outcome": "noAnswer", "calledAt": now.addingTimeInterval(3600).formatted(.iso8601)])
            #expect(future.status == .conflict || future.status == .unprocessableEntity)
        }
    }

    @Test("the office records the resident's 不满意 on the phone: the matter reopens one level up")
    func callbackDissatisfiedReopens() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            let person = try await world.complainantIDs(id)[0]
            let missing = try await world.send(.POST, "/api/v1/callbacks/\(id)/complainants/\(person)/calls", as: "callback", json: ["outcome": "rated"])
            #expect(missing.status == .unprocessableEntity && missing.invalidParams == ["rating"])
            try world.expectOK(try await world.callBack(id, complainant: person, rating: "dissatisfied", comment: "没解决"))
            let detail = try await world.send(.GET, "/api/v1/matters/\(id)", as: "d1-chief").json
            #expect(detail["status"] as? String == "handling")
            #expect(detail["round"] as? Int == 2)
            let token = try await linkToken(world, matter: id, complainant: person)
            #expect(try await world.send(.POST, "/api/v1/public/rating-links/\(token)", json: ["rating": "satisfied"]).status == .gone,
                    "the first round's link rated after the office recorded the rating")
        }
    }

    @Test("智能邀评: once the working day after an unrated reply has ended the resident gets one reminder with a link that works beside the first; a rating ends both")
    func reminderBeforeTheCall() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            let person = try await world.complainantIDs(id)[0]
            let first = try await linkToken(world, matter: id, complainant: person)
            struct Row: Decodable { let payload: String }
            func reminder() async throws -> String? {
                guard let row = try await world.app.db.statements.row(
                    "SELECT payload FROM outbox WHERE dedupe_key = \(bind: "rating-reminder:\(id):1:\(person)")", as: Row.self) else { return nil }
                let link = (try JSONSerialization.jsonObject(with: Data(row.payload.utf8)) as? [String: String])?["link"]
                return link?.split(separator: "/").last.map(String.init)
            }
            #expect(try await RatingLinks.remind(world.app) == 0, "a reminder went out on the day of the reply")
            world.app.clock.advance(by: 86_400)  // t0 is a Monday: Tuesday, the working day after, has not ended
            #expect(try await RatingLinks.remind(world.app) == 0, "a reminder before a whole working day")
            world.app.clock.advance(by: 86_400)
            #expect(try await RatingLinks.remind(world.app) == 1)
            #expect(try await RatingLinks.remind(world.app) == 0, "a second reminder")
            let token = try #require(try await reminder())
            #expect(token != first)
            #expect(try await world.send(.GET, "/api/v1/public/rating-links/\(first)").status == .ok, "the first text's link stopped working")
            #expect(try await world.send(.POST, "/api/v1/public/rating-links/\(token)", json: ["rating": "satisfied"]).status == .noContent)
            #expect(try await world.send(.GET, "/api/v1/public/rating-links/\(first)").status == .gone)
        }
    }

    @Test("the office's desk: its own menu, the waiting replies masked, an audited look at the number, and the call recorded from the page")
    func desk() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            let person = try await world.complainantIDs(id)[0]
            world.app.clock.advance(by: 7 * 86_400)
            let (cookie, csrf) = try await world.signInWithCookie("callback")
            let page = try await world.send(.GET, Page.callbacks.path, cookie: cookie)
            #expect(page.status == .ok && page.text.contains("id=\"queue-\(id)-\(person)\"") && page.text.contains("138****5678"))
            #expect(page.text.contains("nav-callbacks") && !page.text.contains("nav-new"), "the office is offered the ledger's menu")
            #expect(!page.text.contains("13812345678") && !page.text.contains("协调街道办"), "the desk shows the number or the handling notes")

            let shown = try await world.send(.POST, Page.callbackPhone(id, complainant: person).path, cookie: cookie, form: ["csrf": csrf])
            #expect(shown.status == .ok && shown.text.contains("13812345678"))
            let timeline = try await world.send(.GET, "/api/v1/matters/\(id)/timeline", as: "a-chief").jsonArray
            #expect(timeline.contains { $0["kind"] as? String == "callbackPhoneRevealed" })

            let bad = try await world.send(.POST, Page.callbackCall(id, complainant: person).path, cookie: cookie,
                                           form: ["csrf": csrf, "outcome": "rated", "rating": ""])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("id=\"error\""), "\(bad.status)")
            let done = try await world.send(.POST, Page.callbackCall(id, complainant: person).path, cookie: cookie,
                                            form: ["csrf": csrf, "outcome": "rated", "rating": "satisfied", "comment": "满意"])
            #expect(done.status == .seeOther)
            let people = try #require(try await world.matter(id)["complainants"] as? [[String: Any]])
            #expect(people[0]["ratedBy"] as? String == "callbackOffice" && people[0]["ratingChannel"] as? String == "callback")
            let after = try await world.send(.GET, Page.callbacks.path, cookie: cookie)
            #expect(!after.text.contains("id=\"queue-\(id)-\(person)\""))

            let (chief, _) = try await world.signInWithCookie("a-chief")
            #expect(try await world.send(.GET, Page.callbacks.path, cookie: chief).status == .forbidden)
        }
    }
}
