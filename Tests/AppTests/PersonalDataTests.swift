@testable import App
import Foundation
import SQLKit
import Testing

@Suite("Residents' personal data")
struct PersonalDataTests {
    @Test("stored sealed, shown masked, revealed only by an audited action of the right people")
    func sealedMaskedRevealed() async throws {
        try await withWorld { world in
            let id = try await world.register()
            let person = TestWorld.person()
            let phone = person["phone"] as! String
            let idNumber = person["idNumber"] as! String
            // At rest: no column of any table holds the clear value.
            let sql = world.app.db.sql
            let rows = try await sql.raw("SELECT name_sealed, phone_sealed, id_number_sealed, address_sealed FROM complainants").all()
            for row in rows {
                for column in ["name_sealed", "phone_sealed", "id_number_sealed", "address_sealed"] {
                    let stored = try row.decode(column: column, as: String.self)
                    #expect(!stored.contains(phone) && !stored.contains(idNumber) && !stored.contains("张三") && !stored.contains("西一路"))
                }
            }
            let events = try await sql.raw("SELECT payload FROM audit_events").all().map { try $0.decode(column: "payload", as: String.self) }
            #expect(!events.contains { $0.contains(phone) || $0.contains(idNumber) || $0.contains("张三") })

            // On screen: masked.
            let shown = try await world.matter(id)
            let complainant = try #require((shown["complainants"] as? [[String: Any]])?.first)
            #expect(complainant["name"] as? String == "张*")
            #expect(complainant["phone"] as? String == "138****5678")
            #expect(complainant["idNumber"] as? String == String(idNumber.prefix(4)) + "**********" + String(idNumber.suffix(4)))
            let page = try await world.send(.GET, "/matters/\(id)", cookie: try await world.signInWithCookie("a-chief").cookie)
            #expect(page.status == .ok)
            #expect(!page.text.contains(phone) && !page.text.contains("张三") && !page.text.contains(idNumber))
            #expect(page.text.contains("138****5678"))

            // Revealed: only the owning chief or the handler, and the look is recorded.
            let cid = complainant["id"] as! Int
            #expect(try await world.send(.POST, "/api/v1/matters/\(id)/complainants/\(cid)/reveal", as: "a-officer").status == .forbidden)
            #expect(try await world.send(.POST, "/api/v1/matters/\(id)/complainants/\(cid)/reveal", as: "b-chief").status == .notFound)
            let revealed = try await world.send(.POST, "/api/v1/matters/\(id)/complainants/\(cid)/reveal", as: "a-chief")
            #expect(revealed.status == .ok)
            #expect(revealed.json["phone"] as? String == phone)
            #expect(revealed.json["idNumber"] as? String == idNumber)
            let kinds = try await world.send(.GET, "/api/v1/matters/\(id)/timeline", as: "a-chief").jsonArray.compactMap { $0["kind"] as? String }
            #expect(kinds.last == "personalDataRevealed")
        }
    }

    @Test("a public summary must be anonymised, not merely masked")
    func anonymisedSummary() async throws {
        try await withWorld { world in
            let id = try await world.register()
            try await world.bringToReplied(id)
            for leaky in ["张三反映的问题已解决", "联系电话13812345678", "住址西安市新城区西一路1号", "证件号" + (TestWorld.person()["idNumber"] as! String)] {
                let reply = try await world.act(id, "publish", as: "a-chief", ["asked": "商厦业主与物业长期纠纷", "summary": leaky])
                #expect(reply.status == .unprocessableEntity, "\(leaky)")
                #expect(reply.invalidParams == ["summary"])
            }
            let leakyAsk = try await world.act(id, "publish", as: "a-chief", ["asked": "张三反映物业纠纷", "summary": "已化解"])
            #expect(leakyAsk.invalidParams == ["asked"])
            try await world.expectOK(world.act(id, "publish", as: "a-chief", ["asked": "商厦业主与物业长期纠纷", "summary": "某商厦业主与物业纠纷经协调化解"]))
            let withhold = try await world.act(id, "withhold", as: "a-chief", ["note": "涉及个人隐私"])
            #expect(withhold.invalidParams == ["reason"])
        }
    }
}

@Suite("Revealing on the page")
struct RevealPageTests {
    @Test("the chief sees a reveal button, the officer does not; revealing shows the clear value once and records it")
    func revealOnPage() async throws {
        try await withWorld { world in
            let id = try await world.register()
            let person = try await world.complainantIDs(id)[0]
            let (officerCookie, officerCSRF) = try await world.signInWithCookie("a-officer")
            #expect(!(try await world.send(.GET, "/matters/\(id)", cookie: officerCookie).text.contains("/reveal")))
            let refused = try await world.send(.POST, "/matters/\(id)/complainants/\(person)/reveal", cookie: officerCookie, form: ["csrf": officerCSRF])
            #expect(refused.status == .forbidden)
            let (cookie, csrf) = try await world.signInWithCookie("a-chief")
            #expect(try await world.send(.GET, "/matters/\(id)", cookie: cookie).text.contains("/complainants/\(person)/reveal"))
            let shown = try await world.send(.POST, "/matters/\(id)/complainants/\(person)/reveal", cookie: cookie, form: ["csrf": csrf])
            #expect(shown.status == .ok)
            #expect(shown.text.contains("13812345678"))
            #expect(shown.headers.first(name: .cacheControl) == "no-store")
            #expect(!(try await world.send(.GET, "/matters/\(id)", cookie: cookie).text.contains("13812345678")))
            let kinds = try await world.send(.GET, "/api/v1/matters/\(id)/timeline", as: "a-chief").jsonArray.compactMap { $0["kind"] as? String }
            #expect(kinds.filter { $0 == "personalDataRevealed" }.count == 1)
        }
    }
}
