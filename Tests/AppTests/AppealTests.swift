@testable import App
import Foundation
import Testing

@Suite("Appeals against malicious ratings")
struct AppealTests {
    /// A matter rated 不满意 once, now in its second round.
    func reopened(_ world: TestWorld) async throws -> (matter: Int, person: Int) {
        let id = try await world.register()
        try await world.bringToReplied(id)
        let person = try await world.complainantIDs(id)[0]
        try await world.expectOK(world.callBack(id, complainant: person, rating: "dissatisfied", comment: "故意差评"))
        return (id, person)
    }

    @Test("the owning chief appeals, a chief one level up decides; upheld annuls the accountability record; all is shown")
    func appealUpheld() async throws {
        try await withWorld { world in
            let (id, person) = try await reopened(world)
            #expect(try await world.matter(id)["accountabilityRecords"] as? Int == 1)
            let body: [String: Any] = ["complainantId": person, "round": 1, "reason": "该群众诉求已依法解决，评价与事实不符"]
            for wrong in ["a-officer", "b-chief", "d1-chief"] {
                let reply = try await world.send(.POST, "/api/v1/matters/\(id)/appeals", as: wrong, json: body)
                #expect([.forbidden, .notFound].contains(reply.status), "\(wrong): \(reply.status)")
            }
            let filed = try await world.send(.POST, "/api/v1/matters/\(id)/appeals", as: "a-chief", json: body)
            #expect(filed.status == .created, "\(filed.text)")
            let appealID = try #require(filed.json["id"] as? Int)
            #expect(try await world.send(.POST, "/api/v1/matters/\(id)/appeals", as: "a-chief", json: body).status == .conflict)
            for wrong in ["a-chief", "d2-chief", "c-chief"] {
                let reply = try await world.send(.POST, "/api/v1/appeals/\(appealID)/decide", as: wrong, json: ["decision": "upheld", "note": "x"])
                #expect([.forbidden, .notFound].contains(reply.status), "\(wrong): \(reply.status)")
            }
            let decided = try await world.send(.POST, "/api/v1/appeals/\(appealID)/decide", as: "d1-deputy", json: ["decision": "upheld", "note": "经核查，评价与事实不符"])
            #expect(decided.status == .ok)
            #expect(try await world.send(.POST, "/api/v1/appeals/\(appealID)/decide", as: "d1-chief", json: ["decision": "rejected", "note": "x"]).status == .conflict)
            let matter = try await world.matter(id)
            #expect(matter["accountabilityRecords"] as? Int == 0)
            let appeals = matter["appeals"] as? [[String: Any]] ?? []
            #expect(appeals.first?["decision"] as? String == "upheld")
            let kinds = try await world.send(.GET, "/api/v1/matters/\(id)/timeline", as: "a-chief").jsonArray.compactMap { $0["kind"] as? String }
            #expect(kinds.suffix(2) == ["ratingAppealed", "appealDecided"])
        }
    }

    @Test("only a 不满意 rating can be appealed; a rejected appeal leaves the record standing")
    func appealRules() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            let person = try await world.complainantIDs(id)[0]
            try await world.expectOK(world.callBack(id, complainant: person, rating: "basicallySatisfied"))
            let refused = try await world.send(.POST, "/api/v1/matters/\(id)/appeals", as: "a-chief", json: ["complainantId": person, "round": 1, "reason": "x"])
            #expect(refused.invalidParams == ["complainantId"])

            let (other, otherPerson) = try await reopened(world)
            let filed = try await world.send(.POST, "/api/v1/matters/\(other)/appeals", as: "a-chief", json: ["complainantId": otherPerson, "round": 1, "reason": "恶意评价"])
            let appealID = try #require(filed.json["id"] as? Int)
            try world.expectOK(try await world.send(.POST, "/api/v1/appeals/\(appealID)/decide", as: "d1-chief", json: ["decision": "rejected", "note": "评价有据"]))
            #expect(try await world.matter(other)["accountabilityRecords"] as? Int == 1)
        }
    }
}

@Suite("Appeals on the matter page")
struct AppealPageTests {
    @Test("the owning chief files an appeal from the page and the district chief decides it there")
    func throughPages() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            let person = try await world.complainantIDs(id)[0]
            try await world.expectOK(world.callBack(id, complainant: person, rating: "dissatisfied"))
            let (chief, chiefCSRF) = try await world.signInWithCookie("a-chief")
            #expect(try await world.send(.GET, "/matters/\(id)", cookie: chief).text.contains("action-appeal"))
            let filed = try await world.send(.POST, "/matters/\(id)/appeals", cookie: chief, form: ["csrf": chiefCSRF, "rating": "1-\(person)", "reason": "评价与事实不符"])
            #expect(filed.status == .seeOther)
            let (district, districtCSRF) = try await world.signInWithCookie("d1-chief")
            let page = try await world.send(.GET, "/matters/\(id)", cookie: district)
            let appealID = try #require(page.text.firstMatch(of: /\/appeals\/([0-9]+)\/decide/).map { Int($0.1)! })
            #expect(!page.text.contains("action-appeal\""), "the district does not file for the station")
            let decided = try await world.send(.POST, "/appeals/\(appealID)/decide?matter=\(id)", cookie: district,
                                               form: ["csrf": districtCSRF, "decision": "upheld", "note": "经核查属实"])
            #expect(decided.status == .seeOther)
            #expect(try await world.send(.GET, "/matters/\(id)", cookie: chief).text.contains("data-decision=\"upheld\""))
        }
    }
}
