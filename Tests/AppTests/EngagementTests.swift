@testable import App
import Foundation
import Testing

@Suite("进建商 engagement meetings")
struct EngagementTests {
    func meeting(_ world: TestWorld, as username: String = "a-chief", unit: Int? = nil, day: String = "2026-03-02", residents: Int = 12) async throws -> [String: Any] {
        var body: [String: Any] = ["day": day, "place": "西一路派出所会议室", "topic": "campusSafety",
                                   "participants": ["residents": residents, "deputies": 1, "cppccMembers": 1, "experienceOfficers": 2, "officers": 3]]
        if let unit { body["unitId"] = unit }
        let reply = try await world.send(.POST, "/api/v1/engagement/meetings", as: username, json: body)
        #expect(reply.status == .created, "\(reply.text)")
        return reply.json
    }

    @Test("each item is resolved on its own, can open a ledger matter, and its progress shows on the meeting")
    func oneItemOneResolution() async throws {
        try await withWorld { world in
            let member = try await world.send(.POST, "/api/v1/engagement/think-tank", as: "city-chief", json: [
                "name": "赵六", "expertise": "校园安全", "appointedOn": "2026-01-01", "termEndsOn": "2027-12-31"])
            #expect(member.status == .created)
            #expect(member.json["name"] as? String == "赵*")
            let memberID = try #require(member.json["id"] as? Int)
            let meetingReply = try await world.send(.POST, "/api/v1/engagement/meetings", as: "a-chief", json: [
                "day": "2026-03-02", "place": "会议室", "topic": "campusSafety", "memberIds": [memberID],
                "participants": ["residents": 10, "officers": 2]])
            let meetingID = try #require(meetingReply.json["id"] as? Int)
            #expect(meetingReply.json["participantTotal"] as? Int == 13, "a named think-tank member counts as a participant")
            let withItem = try await world.send(.POST, "/api/v1/engagement/meetings/\(meetingID)/items", as: "a-officer", json: ["title": "学校门口上下学时段交通拥堵"])
            let itemID = try #require((withItem.json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            let badOwner = try await world.send(.POST, "/api/v1/engagement/items/\(itemID)/resolve", as: "a-chief", json: [
                "resolution": "增设护学岗", "plan": "每日7:30-8:10派警", "ownerId": world.id("c-chief"), "dueOn": "2026-03-09"])
            #expect(badOwner.invalidParams == ["ownerId"])
            let resolved = try await world.send(.POST, "/api/v1/engagement/items/\(itemID)/resolve", as: "a-chief", json: [
                "resolution": "增设护学岗", "plan": "每日7:30-8:10派警", "ownerId": world.id("a-officer"), "dueOn": "2026-03-09"])
            #expect(resolved.status == .ok)
            let opened = try await world.send(.POST, "/api/v1/engagement/items/\(itemID)/matter", as: "a-chief",
                                              json: ["summary": "学校门口交通拥堵", "complainants": [TestWorld.person()]])
            #expect(opened.status == .ok, "\(opened.text)")
            let matterID = try #require(opened.json["id"] as? Int)
            #expect(opened.json["channel"] as? String == "engagementItem")
            #expect((opened.json["provenance"] as? [String: Any])?["path"] as? String == "/engagement/meetings/\(meetingID)#item-\(itemID)")
            try await world.expectOK(world.act(matterID, "vet", as: "a-chief", ["ledger": "suggestion"]))
            let shown = try await world.send(.GET, "/api/v1/engagement/meetings/\(meetingID)", as: "d1-chief").json
            #expect((shown["items"] as? [[String: Any]])?.first?["matterStatus"] as? String == "open")
            #expect(try await world.send(.POST, "/api/v1/engagement/items/\(itemID)/matter", as: "a-chief",
                                         json: ["summary": "x", "complainants": [TestWorld.person()]]).status == .conflict)
            #expect(try await world.send(.GET, "/api/v1/engagement/meetings/\(meetingID)", as: "b-chief").status == .notFound)
            let minutes = try await world.send(.PUT, "/api/v1/engagement/meetings/\(meetingID)/minutes", as: "a-officer", json: ["minutes": "会议纪要：……"])
            #expect(minutes.json["minutes"] as? String == "会议纪要：……")
        }
    }

    @Test("activities, participants and resolutions are counted per level and period")
    func counts() async throws {
        try await withWorld { world in
            let station = try await meeting(world, residents: 10)
            _ = try await meeting(world, as: "d1-chief", residents: 20)
            _ = try await meeting(world, as: "city-chief", day: "2026-04-01", residents: 30)
            let stationID = try #require(station["id"] as? Int)
            for title in ["议题一", "议题二"] {
                let meetingJSON = try await world.send(.POST, "/api/v1/engagement/meetings/\(stationID)/items", as: "a-chief", json: ["title": title]).json
                let id = (meetingJSON["items"] as? [[String: Any]])?.last?["id"] as? Int ?? 0
                if title == "议题一" {
                    _ = try await world.send(.POST, "/api/v1/engagement/items/\(id)/resolve", as: "a-chief", json: [
                        "resolution": "决议", "plan": "方案", "ownerId": world.id("a-chief"), "dueOn": "2026-03-31"])
                }
            }
            let march = try await world.send(.GET, "/api/v1/engagement/counts?from=2026-03-01&to=2026-04-01", as: "city-chief").jsonArray
            let byLevel = Dictionary(uniqueKeysWithValues: march.map { ($0["level"] as? String ?? "", $0) })
            #expect(byLevel["station"]?["activities"] as? Int == 1)
            #expect(byLevel["station"]?["participants"] as? Int == 17)
            #expect(byLevel["station"]?["resolutions"] as? Int == 1)
            #expect(byLevel["district"]?["participants"] as? Int == 27)
            #expect(byLevel["city"] == nil, "the city meeting is in April")
            #expect(try await world.send(.GET, "/api/v1/engagement/counts?from=2026-03-01&to=2026-04-01", as: "a-officer").jsonArray.count == 1)
            let bad = try await world.send(.POST, "/api/v1/engagement/meetings", as: "a-chief", json: [
                "day": "2026-03-02", "place": "x", "topic": "campusSafety", "participants": ["aliens": 3]])
            #expect(bad.invalidParams == ["participants.aliens"])
            let negative = try await world.send(.POST, "/api/v1/engagement/meetings", as: "a-chief", json: [
                "day": "2026-03-02", "place": "x", "topic": "campusSafety", "participants": ["residents": -1]])
            #expect(negative.invalidParams == ["participants.residents"])
            #expect(try await world.send(.POST, "/api/v1/engagement/meetings", as: "a-chief", json: [
                "day": "2026-03-02", "place": "x", "topic": "campusSafety", "participants": [:], "unitId": world.stationC]).invalidParams == ["unitId"])
        }
    }
}

@Suite("联访解 liaison")
struct LiaisonTests {
    @Test("only officers of deputy-section rank or above liaise; a contact counts once however many visits; solved never exceeds collected")
    func liaison() async throws {
        try await withWorld { world in
            let staff = try await world.send(.POST, "/api/v1/liaison/contacts", as: "a-officer", json: [
                "kind": "enterprise", "name": "某科技公司", "startedOn": "2026-03-01"])
            #expect(staff.invalidParams == ["officerId"], "a staff-rank officer is not eligible")
            let contact = try await world.send(.POST, "/api/v1/liaison/contacts", as: "a-chief", json: [
                "kind": "enterprise", "name": "某科技公司", "startedOn": "2026-03-01"])
            #expect(contact.status == .created)
            let contactID = try #require(contact.json["id"] as? Int)
            let person = try await world.send(.POST, "/api/v1/liaison/contacts", as: "a-chief", json: [
                "kind": "individual", "name": "孙七", "startedOn": "2026-03-01"])
            #expect(person.json["name"] as? String == "孙*")
            var visits: [Int] = []
            for day in ["2026-03-02", "2026-03-09", "2026-03-16"] {
                let visit = try await world.send(.POST, "/api/v1/liaison/contacts/\(contactID)/visits", as: "a-chief", json: ["day": day, "mode": "inPerson", "notes": "走访"])
                visits.append(try #require(visit.json["id"] as? Int))
            }
            #expect(try await world.send(.POST, "/api/v1/liaison/contacts/\(contactID)/visits", as: "a-chief",
                                         json: ["day": "2026-02-01", "mode": "inPerson", "notes": ""]).invalidParams == ["day"])
            let solved = try await world.send(.POST, "/api/v1/liaison/visits/\(visits[0])/items", as: "a-chief",
                                              json: ["description": "员工通勤道路围挡", "solution": "协调拆除围挡"])
            #expect(solved.status == .created)
            let open = try await world.send(.POST, "/api/v1/liaison/visits/\(visits[1])/items", as: "a-chief", json: ["description": "厂区周边治安"])
            let itemID = try #require(open.json["id"] as? Int)
            #expect(try await world.send(.POST, "/api/v1/liaison/items/\(solved.json["id"] as! Int)/matter", as: "a-chief",
                                         json: ["summary": "x", "complainants": [TestWorld.person()]]).status == .conflict)
            let opened = try await world.send(.POST, "/api/v1/liaison/items/\(itemID)/matter", as: "a-chief",
                                              json: ["summary": "厂区周边治安隐患", "complainants": [TestWorld.person()]])
            let matterID = try #require(opened.json["id"] as? Int)
            #expect(opened.json["channel"] as? String == "liaisonVisit")
            var counts = try await world.send(.GET, "/api/v1/liaison/counts?from=2026-03-01&to=2026-04-01", as: "d1-chief").json
            #expect(counts["officers"] as? Int == 1)
            #expect(counts["contacts"] as? Int == 2, "three visits to one contact still count it once")
            #expect(counts["itemsCollected"] as? Int == 2)
            #expect(counts["itemsSolved"] as? Int == 1)
            // Closing the matter solves the second item.
            try await world.bringToReplied(matterID)
            try await world.satisfyGate(matterID)
            try await world.expectOK(world.act(matterID, "close", as: "a-chief"))
            counts = try await world.send(.GET, "/api/v1/liaison/counts?from=2026-03-01&to=2026-04-01", as: "d1-chief").json
            #expect(counts["itemsSolved"] as? Int == 2)
            #expect((counts["itemsSolved"] as? Int ?? 0) <= (counts["itemsCollected"] as? Int ?? 0))
            // An ended pairing is not counted in a later period; scope holds.
            _ = try await world.send(.POST, "/api/v1/liaison/contacts/\(contactID)/end", as: "a-chief", json: ["endedOn": "2026-03-31"])
            let april = try await world.send(.GET, "/api/v1/liaison/counts?from=2026-04-01&to=2026-05-01", as: "a-chief").json
            #expect(april["contacts"] as? Int == 1)
            #expect(try await world.send(.GET, "/api/v1/liaison/counts?from=2026-03-01&to=2026-04-01", as: "b-chief").json["contacts"] as? Int == 0)
            #expect(try await world.send(.POST, "/api/v1/liaison/contacts/\(contactID)/visits", as: "b-chief",
                                         json: ["day": "2026-03-20", "mode": "phone", "notes": ""]).status == .notFound)
        }
    }
}

@Suite("Engagement and liaison pages")
struct EngagementPageTests {
    @Test("a station chief records a meeting, an item, its resolution and a ledger matter from the pages; and a liaison visit")
    func pages() async throws {
        try await withWorld { world in
            let (cookie, csrf) = try await world.signInWithCookie("a-chief")
            let created = try await world.send(.POST, "/engagement/meetings", cookie: cookie, form: [
                "csrf": csrf, "day": "2026-03-02", "place": "派出所会议室", "topic": "minorProtection", "residents": "8", "officers": "2"])
            #expect(created.status == .seeOther)
            let path = try #require(created.headers.first(name: .location))
            let meetingID = try #require(Int(path.split(separator: "/").last!))
            #expect(try await world.send(.POST, "/engagement/meetings/\(meetingID)/items", cookie: cookie, form: ["csrf": csrf, "title": "网吧违规接纳未成年人"]).status == .seeOther)
            let page = try await world.send(.GET, path, cookie: cookie)
            let itemID = try #require(page.text.firstMatch(of: /id="item-([0-9]+)"/).map { Int($0.1)! })
            let refused = try await world.send(.POST, "/engagement/items/\(itemID)/resolve?meeting=\(meetingID)", cookie: cookie,
                                               form: ["csrf": csrf, "resolution": "联合检查", "plan": "每周巡查", "ownerId": String(world.id("a-officer")), "dueOn": "soon"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("dueOn"))
            #expect(try await world.send(.POST, "/engagement/items/\(itemID)/resolve?meeting=\(meetingID)", cookie: cookie,
                                         form: ["csrf": csrf, "resolution": "联合检查", "plan": "每周巡查", "ownerId": String(world.id("a-officer")), "dueOn": "2026-03-31"]).status == .seeOther)
            let opened = try await world.send(.POST, "/engagement/items/\(itemID)/matter?meeting=\(meetingID)", cookie: cookie,
                                              form: ["csrf": csrf, "summary": "网吧接纳未成年人", "name": "家长", "phone": "13812345678"])
            #expect(opened.status == .seeOther)
            #expect(opened.headers.first(name: .location)?.hasPrefix("/matters/") == true)
            let counts = try await world.send(.GET, "/api/v1/engagement/counts?from=2026-03-01&to=2026-04-01", as: "a-chief").jsonArray
            #expect(counts.first?["resolutions"] as? Int == 1)
            #expect(counts.first?["participants"] as? Int == 10)

            #expect(try await world.send(.POST, "/liaison/contacts", cookie: cookie, form: ["csrf": csrf, "kind": "school", "name": "西一路小学", "startedOn": "2026-03-01"]).status == .seeOther)
            let liaison = try await world.send(.GET, "/liaison", cookie: cookie)
            let contactID = try #require(liaison.text.firstMatch(of: /id="contact-([0-9]+)"/).map { Int($0.1)! })
            #expect(try await world.send(.POST, "/liaison/contacts/\(contactID)/visits", cookie: cookie, form: [
                "csrf": csrf, "day": "2026-03-03", "mode": "inPerson", "notes": "走访", "description": "校门口夜间照明不足", "solution": "协调加装路灯"]).status == .seeOther)
            #expect(try await world.send(.POST, "/liaison/contacts/\(contactID)/visits", cookie: cookie, form: [
                "csrf": csrf, "day": "2026-03-10", "mode": "phone", "notes": "回访", "description": "放学时段校门口车辆乱停"]).status == .seeOther)
            let withItem = try await world.send(.GET, "/liaison", cookie: cookie)
            let liaisonItemID = try #require(withItem.text.firstMatch(of: /id="liaison-item-([0-9]+)"/).map { Int($0.1)! })
            let matter = try await world.send(.POST, "/liaison/items/\(liaisonItemID)/matter", cookie: cookie,
                                              form: ["csrf": csrf, "summary": "校门口车辆乱停", "name": "校长", "phone": "13812345678"])
            #expect(matter.headers.first(name: .location)?.hasPrefix("/matters/") == true)
            let liaisonCounts = try await world.send(.GET, "/api/v1/liaison/counts?from=2026-03-01&to=2026-04-01", as: "a-chief").json
            #expect(liaisonCounts["itemsCollected"] as? Int == 2)
            #expect(liaisonCounts["itemsSolved"] as? Int == 1)
            #expect(!(try await world.send(.GET, "/liaison", cookie: cookie).text.contains("liaison-item-\(liaisonItemID)")), "an item with a matter is no longer open")
        }
    }
}
