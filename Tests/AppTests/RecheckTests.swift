import Foundation
import LedgerCore
import Testing
@testable import App

/// 随机复核: each day the call-back office calls back a sample of the matters closed as
/// satisfied; a resident who disagrees reopens the matter, and the unit's scorecard shows it.
@Suite("Random re-checks")
struct RecheckTests {
    /// A matter of `station`'s unit taken to closure with a certified 满意.
    func closedMatter(_ world: TestWorld, station: String = "a") async throws -> Int {
        let id = try await world.register(as: "\(station)-officer")
        try await world.bringToReplied(id, chief: "\(station)-chief", officer: "\(station)-officer")
        try await world.satisfyGate(id, chief: "\(station)-chief", officer: "\(station)-officer")
        try await world.expectOK(world.act(id, "close", as: "\(station)-chief"))
        return id
    }

    func waiting(_ world: TestWorld, as who: String = "callback") async throws -> [[String: Any]] {
        try await world.send(.GET, "/api/v1/callbacks/rechecks", as: who).jsonArray
    }

    @Test("the daily draw takes at least one closure of each station and the share in all, once a day, and never the same closure twice")
    func dailyDraw() async throws {
        try await withWorld { world in
            var closed: [Int] = []
            for _ in 0..<3 { closed.append(try await closedMatter(world)) }
            let atB = try await closedMatter(world, station: "b")
            let open = try await world.register()
            try await world.bringToReplied(open)
            world.app.clock.advance(by: 3_600)
            #expect(try await world.app.rechecks.draw() == 2, "10% of four closures, but one for each of the two stations")
            let drawn = try await waiting(world)
            let matters = Set(drawn.compactMap { $0["matterId"] as? Int })
            #expect(matters.count == 2 && matters.contains(atB) && matters.subtracting([atB]).isSubset(of: Set(closed)))
            #expect(!matters.contains(open))
            #expect(drawn.allSatisfy { $0["phone"] as? String == "138****5678" && $0["rating"] as? String == "satisfied" && $0["result"] == nil })
            #expect(try await world.app.rechecks.draw() == 0, "a second draw on the same day")
            let timeline = try await world.send(.GET, "/api/v1/matters/\(atB)/timeline", as: "b-chief").jsonArray
            #expect(timeline.contains { $0["kind"] as? String == "recheckDrawn" })

            world.app.clock.advance(by: 86_400)
            #expect(try await world.app.rechecks.draw() == 0, "closures drawn from before the last draw are drawn again")
            let later = try await closedMatter(world, station: "b")
            world.app.clock.advance(by: 86_400)
            #expect(try await world.app.rechecks.draw() == 1)
            #expect(try await waiting(world).contains { $0["matterId"] as? Int == later })
            #expect(try await waiting(world, as: "d2-callback").isEmpty, "another district's office sees these re-checks")
            #expect(try await world.send(.GET, "/api/v1/callbacks/rechecks", as: "a-chief").status == .forbidden)
        }
    }

    @Test("a resident who disagrees reopens the matter in a new round, counted against the unit; one who confirms leaves it closed")
    func verdicts() async throws {
        try await withWorld { world in
            let first = try await closedMatter(world)
            world.app.clock.advance(by: 3_600)
            #expect(try await world.app.rechecks.draw() == 1)
            let second = try await closedMatter(world)
            world.app.clock.advance(by: 86_400)
            #expect(try await world.app.rechecks.draw() == 1)
            let items = try await waiting(world)
            let recheckOf = Dictionary(uniqueKeysWithValues: items.map { ($0["matterId"] as! Int, $0["id"] as! Int) })
            let (one, two) = (try #require(recheckOf[first]), try #require(recheckOf[second]))
            let person = try await world.complainantIDs(first)[0]

            // Nobody on the staff gives a re-check's verdict, not even through the matter's own route.
            for who in ["a-chief", "d1-chief", "city-chief"] {
                let tried = try await world.act(first, "recheck", as: who, ["complainantId": person, "verdict": "confirmed"])
                #expect(tried.status == .forbidden, "\(who): \(tried.status)")
            }
            #expect(try await world.send(.POST, "/api/v1/callbacks/rechecks/\(one)/calls", as: "d2-callback",
                                         json: ["outcome": "rated", "verdict": "confirmed"]).status == .notFound)
            let noVerdict = try await world.send(.POST, "/api/v1/callbacks/rechecks/\(one)/calls", as: "callback", json: ["outcome": "rated"])
            #expect(noVerdict.status == .unprocessableEntity && noVerdict.invalidParams == ["verdict"], "\(noVerdict.text)")

            let phone = try await world.send(.POST, "/api/v1/callbacks/rechecks/\(one)/phone", as: "callback")
            #expect(phone.json["phone"] as? String == "13812345678")
            let disagreed = try await world.send(.POST, "/api/v1/callbacks/rechecks/\(one)/calls", as: "callback",
                                                 json: ["outcome": "rated", "verdict": "disagreed", "comment": "噪音又出现了"])
            #expect(disagreed.status == .ok && disagreed.json["state"] as? String == "disagreed", "\(disagreed.text)")
            let reopened = try await world.matter(first)
            #expect(reopened["status"] as? String == "handling" && reopened["round"] as? Int == 2 && reopened["oversightLevel"] as? Int == 1)
            #expect(reopened["closedAt"] == nil || reopened["closedAt"] is NSNull)
            let shown = try #require((reopened["rechecks"] as? [[String: Any]])?.first)
            #expect(shown["state"] as? String == "disagreed" && shown["round"] as? Int == 1 && shown["comment"] as? String == "噪音又出现了")
            let timeline = try await world.send(.GET, "/api/v1/matters/\(first)/timeline", as: "a-chief").jsonArray
            #expect(timeline.contains { $0["kind"] as? String == "rechecked" && $0["actorId"] as? Int == world.id("callback")
                                        && ($0["fields"] as? [String: String])?["verdict"] == "disagreed" })
            #expect(timeline.contains { $0["kind"] as? String == "reopened" })
            let again = try await world.send(.POST, "/api/v1/callbacks/rechecks/\(one)/calls", as: "callback", json: ["outcome": "rated", "verdict": "confirmed"])
            #expect(again.status == .conflict)

            try await world.expectOK(world.send(.POST, "/api/v1/callbacks/rechecks/\(two)/calls", as: "callback",
                                                json: ["outcome": "rated", "verdict": "confirmed"]))
            #expect(try await world.matter(second)["status"] as? String == "closed")
            #expect(try await waiting(world).isEmpty)

            // The page shows the re-check; the scorecard counts it against station A.
            let (cookie, _) = try await world.signInWithCookie("d1-chief")
            let page = try await world.send(.GET, Page.matter(first).path, cookie: cookie)
            #expect(page.text.contains("id=\"rechecks\"") && page.text.contains("群众不满意，已重新办理"))
            let barometer = try await world.send(.GET, "/barometer?unit=\(world.d1)&from=2026-01-01&to=2027-01-01", cookie: cookie)
            let row = try #require(barometer.text.range(of: "id=\"scorecard-\(world.stationA)\"").map { String(barometer.text[$0.upperBound...].prefix(1500)) })
            #expect(row.contains("<td class=\"recheck-confirmation\">50.0%</td>"), "\(row)")
            let figures = try await world.send(.GET, "/api/v1/reports/annual?year=2026", as: "d1-chief").json
            let satisfaction = try #require(figures["satisfaction"] as? [String: Any])
            #expect(satisfaction["rechecksConfirmed"] as? Int == 1 && satisfaction["rechecksDisagreed"] as? Int == 1)
            #expect(satisfaction["ratings"] as? Int == 2 && satisfaction["satisfied"] as? Int == 2)
        }
    }

    @Test("a re-check no one answers on three different days ends unreached, and the closure stands")
    func unreached() async throws {
        try await withWorld { world in
            let id = try await closedMatter(world)
            world.app.clock.advance(by: 3_600)
            #expect(try await world.app.rechecks.draw() == 1)
            let recheck = try #require(try await waiting(world).first?["id"] as? Int)
            for day in 0..<3 {
                let call = try await world.send(.POST, "/api/v1/callbacks/rechecks/\(recheck)/calls", as: "callback", json: ["outcome": "noAnswer"])
                #expect(call.status == .ok)
                #expect(call.json["state"] as? String == (day < 2 ? "pending" : "unreached"), "after \(day + 1) calls")
                world.app.clock.advance(by: 86_400)
            }
            #expect(try await world.matter(id)["status"] as? String == "closed")
            #expect(try await waiting(world).isEmpty)
            // The office's calls about the re-check are not calls about a reply waiting for a rating.
            let person = try await world.complainantIDs(id)[0]
            #expect(try await world.send(.GET, "/api/v1/callbacks/\(id)/complainants/\(person)/calls", as: "callback").jsonArray.count == 1)
        }
    }
}
