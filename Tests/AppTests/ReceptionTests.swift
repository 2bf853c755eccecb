@testable import App
import Foundation
import Testing

@Suite("Reception rooms (暖心警务会客厅)")
struct ReceptionTests {
    func room(_ world: TestWorld, station: Int? = nil, as chief: String = "a-chief") async throws -> Int {
        let reply = try await world.send(.POST, "/api/v1/reception/rooms", as: chief, json: [
            "name": "万科城暖心警务会客厅", "kind": "community", "stationId": station ?? world.stationA, "address": "长安区大学城万科城",
            "hours": "每日 9:00-21:00", "languages": ["en"], "modelSite": true])
        #expect(reply.status == .created, "\(reply.text)")
        return try #require(reply.json["id"] as? Int)
    }

    func log(_ world: TestWorld, room: Int, as officer: String = "a-officer", kind: String, residents: Int, foreign: Bool = false) async throws -> TestWorld.Reply {
        var body: [String: Any] = ["residentsServed": residents, "serviceKind": kind, "summary": "外籍学生咨询居留许可", "outcome": "已解答"]
        if foreign { body["foreignResident"] = true; body["language"] = "en" }
        return try await world.send(.POST, "/api/v1/reception/rooms/\(room)/log", as: officer, json: body)
    }

    @Test("residents served and services by kind are separate measures, per room, station and district")
    func counting() async throws {
        try await withWorld { world in
            let a = try await room(world)
            let b = try await room(world, station: world.stationB, as: "b-chief")
            #expect(try await log(world, room: a, kind: "consultationHelp", residents: 4, foreign: true).status == .created)  // a family of four
            #expect(try await log(world, room: a, kind: "disputeMediation", residents: 2).status == .created)
            #expect(try await log(world, room: a, kind: "consultationHelp", residents: 1).status == .created)
            #expect(try await log(world, room: b, as: "b-officer", kind: "emergencyHelp", residents: 1).status == .created)
            let stations = try await world.send(.GET, "/api/v1/reception/counts?groupBy=station&from=2026-03-01&to=2026-04-01", as: "d1-chief").jsonArray
            let stationA = try #require(stations.first { $0["key"] as? Int == world.stationA })
            #expect(stationA["residentsServed"] as? Int == 7)
            #expect(stationA["entries"] as? Int == 3)
            #expect(stationA["consultationHelp"] as? Int == 2)
            #expect(stationA["disputeMediation"] as? Int == 1)
            let district = try await world.send(.GET, "/api/v1/reception/counts?groupBy=district&from=2026-03-01&to=2026-04-01", as: "city-chief").jsonArray
            #expect(district.first?["residentsServed"] as? Int == 8)
            #expect(district.first?["entries"] as? Int == 4)
            // A station sees only its own rooms' counts.
            let own = try await world.send(.GET, "/api/v1/reception/counts?groupBy=room&from=2026-03-01&to=2026-04-01", as: "b-chief").jsonArray
            #expect(own.compactMap { $0["key"] as? Int } == [b])
            #expect(try await world.send(.GET, "/api/v1/reception/counts?groupBy=planet&from=2026-03-01&to=2026-04-01", as: "b-chief").invalidParams == ["groupBy"])
        }
    }

    @Test("log entries are checked, scoped, and can become a ledger matter linked both ways")
    func logAndEscalate() async throws {
        try await withWorld { world in
            let a = try await room(world)
            #expect(try await log(world, room: a, kind: "consultationHelp", residents: 0).invalidParams == ["residentsServed"])
            #expect(try await world.send(.POST, "/api/v1/reception/rooms/\(a)/log", as: "a-officer",
                                         json: ["residentsServed": 1, "serviceKind": "consultationHelp", "foreignResident": true, "summary": "x", "outcome": "y"]).invalidParams == ["language"])
            #expect(try await log(world, room: a, as: "b-officer", kind: "consultationHelp", residents: 1).status == .notFound)
            #expect(try await log(world, room: a, as: "d1-chief", kind: "consultationHelp", residents: 1).status == .forbidden)
            let entry = try await log(world, room: a, kind: "disputeMediation", residents: 3)
            let entryID = try #require(entry.json["id"] as? Int)
            let person = TestWorld.person()
            let escalated = try await world.send(.POST, "/api/v1/reception/log/\(entryID)/escalate", as: "a-officer",
                                                 json: ["summary": "楼下烤鸭店油烟扰民", "complainants": [person]])
            #expect(escalated.status == .ok, "\(escalated.text)")
            let matterID = try #require(escalated.json["id"] as? Int)
            #expect(escalated.json["channel"] as? String == "receptionRoom")
            let provenance = escalated.json["provenance"] as? [String: Any]
            #expect(provenance?["reference"] as? String == "reception-log:\(entryID)")
            #expect(provenance?["path"] as? String == "/reception/rooms/\(a)#entry-\(entryID)")
            #expect(try await world.send(.GET, "/api/v1/reception/log/\(entryID)", as: "a-chief").json["matterId"] as? Int == matterID)
            #expect(try await world.send(.POST, "/api/v1/reception/log/\(entryID)/escalate", as: "a-officer",
                                         json: ["summary": "x", "complainants": [person]]).status == .conflict)
            #expect(try await world.send(.GET, "/api/v1/reception/log/\(entryID)", as: "c-chief").status == .notFound)
            // The matter page shows the source.
            let (cookie, _) = try await world.signInWithCookie("a-chief")
            #expect(try await world.send(.GET, "/matters/\(matterID)", cookie: cookie).text.contains("id=\"source-link\" href=\"/reception/rooms/\(a)#entry-\(entryID)\""))
        }
    }

    @Test("rooms are registered by chiefs in scope; inspections record the four standards")
    func roomsAndInspections() async throws {
        try await withWorld { world in
            #expect(try await world.send(.POST, "/api/v1/reception/rooms", as: "a-officer", json: [
                "name": "x", "kind": "street", "stationId": world.stationA, "address": "x", "hours": "x"]).status == .forbidden)
            #expect(try await world.send(.POST, "/api/v1/reception/rooms", as: "c-chief", json: [
                "name": "x", "kind": "street", "stationId": world.stationA, "address": "x", "hours": "x"]).status == .forbidden)
            #expect(try await world.send(.POST, "/api/v1/reception/rooms", as: "d1-chief", json: [
                "name": "x", "kind": "street", "stationId": world.d1, "address": "x", "hours": "x"]).invalidParams == ["stationId"])
            let a = try await room(world, as: "d1-chief")
            let inspected = try await world.send(.POST, "/api/v1/reception/rooms/\(a)/inspections", as: "d1-deputy", json: [
                "day": "2026-03-02", "constructionStandard": true, "divisionOfDuties": true, "workRules": false, "managementRules": true,
                "findings": "工作规范未上墙"])
            #expect(inspected.status == .created)
            let detail = try await world.send(.GET, "/api/v1/reception/rooms/\(a)", as: "a-officer").json
            #expect((detail["inspections"] as? [[String: Any]])?.first?["workRules"] as? Bool == false)
            #expect((detail["room"] as? [String: Any])?["modelSite"] as? Bool == true)
            #expect(try await world.send(.GET, "/api/v1/reception/rooms/\(a)", as: "b-officer").status == .notFound)
            #expect(try await world.send(.GET, "/api/v1/reception/rooms", as: "b-officer").jsonArray.isEmpty)
            #expect(try await world.send(.GET, "/api/v1/reception/templates", as: "a-officer").jsonArray.count >= 4)
        }
    }
}
