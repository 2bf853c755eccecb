@testable import App
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("Open311 GeoReport v2")
struct Open311Tests {
    /// A public-order catalogue entry and an api_key.
    func setUp(_ world: TestWorld) async throws -> String {
        let service = try await world.send(.POST, "/api/v1/services", as: "admin", json: [
            "code": "noise", "category": "publicOrder", "nameZh": "噪音扰民", "nameEn": "Noise nuisance", "description": "夜间噪音、施工噪音",
            "materials": [], "steps": [], "timeLimitDays": 5, "fee": "免费", "messageKind": "report"])
        #expect(service.status == .created, "\(service.text)")
        _ = try await world.send(.POST, "/api/v1/services", as: "admin", json: [
            "code": "hukou", "category": "household", "nameZh": "户口", "nameEn": "Household", "description": "",
            "materials": [], "steps": [], "timeLimitDays": 5, "fee": "免费"])
        let key = try await world.send(.POST, "/api/v1/open311-keys", as: "admin", json: ["label": "市民热线应用"])
        #expect(try await world.send(.POST, "/api/v1/open311-keys", as: "a-chief", json: ["label": "x"]).status == .forbidden)
        return try #require(key.json["apiKey"] as? String)
    }

    func report(_ world: TestWorld, key: String?, _ extra: [String: String] = [:]) async throws -> TestWorld.Reply {
        var form = ["service_code": "noise", "description": "工地夜间施工噪音扰民 <b>&</b>", "address_string": "西一路88号工地",
                    "first_name": "三", "last_name": "张", "phone": "13812345678", "attribute[district]": String(world.d1),
                    "attribute[id_number]": TestWorld.person()["idNumber"] as! String]
        if let key { form["api_key"] = key }
        form.merge(extra) { $1 }
        return try await world.send(.POST, "/open311/v2/requests.json", form: form)
    }

    @Test("services list the public-order kinds, in JSON and XML, with a definition naming the district attribute")
    func services() async throws {
        try await withWorld { world in
            _ = try await setUp(world)
            let json = try await world.send(.GET, "/open311/v2/services.json")
            #expect(json.jsonArray.compactMap { $0["service_code"] as? String } == ["noise"])
            #expect(json.jsonArray.first?["metadata"] as? Bool == true)
            let xml = try await world.send(.GET, "/open311/v2/services.xml")
            #expect(xml.headers.first(name: .contentType)?.hasPrefix("text/xml") == true)
            let parsed = try XMLDocument(data: xml.body)
            #expect(try parsed.nodes(forXPath: "/services/service/service_code").map { $0.stringValue } == ["noise"])
            let definition = try await world.send(.GET, "/open311/v2/services/noise.json").json
            let codes = (definition["attributes"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(codes == ["district", "id_number"])
            #expect(try await world.send(.GET, "/open311/v2/services/hukou.json").status == .notFound)
            #expect(try await world.send(.GET, "/open311/v2/weather.json").status == .notFound)
        }
    }

    @Test("POST needs an api_key and a valid report; the request becomes a message and its status follows it")
    func requests() async throws {
        try await withWorld { world in
            let key = try await setUp(world)
            let noKey = try await report(world, key: nil)
            #expect(noKey.status == .forbidden)
            #expect(noKey.jsonArray.first?["code"] as? Int == 403)
            #expect(try await report(world, key: "o311_forged").status == .forbidden)
            let badPhone = try await report(world, key: key, ["phone": "123"])
            #expect(badPhone.status == .badRequest)
            #expect((badPhone.jsonArray.first?["description"] as? String)?.hasPrefix("phone") == true)
            let noPlace = try await report(world, key: key, ["address_string": ""])
            #expect(noPlace.status == .badRequest)
            let created = try await report(world, key: key)
            #expect(created.status == .created, "\(created.text)")
            let requestID = try #require(created.jsonArray.first?["service_request_id"] as? String)
            #expect((created.jsonArray.first?["service_notice"] as? String)?.contains("tracking code") == true)

            let one = try await world.send(.GET, "/open311/v2/requests/\(requestID).json").jsonArray.first ?? [:]
            #expect(one["status"] as? String == "open")
            #expect(one["agency_responsible"] as? String == "新城分局")
            // Public reading never shows what the resident wrote, who they are or where.
            let listed = try await world.send(.GET, "/open311/v2/requests.xml")
            for secret in ["工地夜间施工", "西一路88号", "13812345678", "张三", "张", TestWorld.person()["idNumber"] as! String] {
                #expect(!listed.text.contains(secret), "\(secret)")
                #expect(!(try await world.send(.GET, "/open311/v2/requests/\(requestID).json")).text.contains(secret))
            }
            _ = try XMLDocument(data: listed.body)

            // Answered by the district: closed, and the status filter agrees.
            let messageID = Int(requestID.dropFirst(3))!
            try world.expectOK(try await world.send(.POST, "/api/v1/messages/\(messageID)/answer", as: "d1-chief", json: ["answer": "已责令停工"]))
            #expect(try await world.send(.GET, "/open311/v2/requests/\(requestID).json").jsonArray.first?["status"] as? String == "closed")
            #expect(try await world.send(.GET, "/open311/v2/requests.json?status=closed").jsonArray.count == 1)
            #expect(try await world.send(.GET, "/open311/v2/requests.json?status=open").jsonArray.isEmpty)
            #expect(try await world.send(.GET, "/open311/v2/requests.json?status=maybe").status == .badRequest)
            #expect(try await world.send(.GET, "/open311/v2/requests.json?start_date=yesterday").status == .badRequest)
            #expect(try await world.send(.GET, "/open311/v2/requests/XA-999.json").status == .notFound)
        }
    }
}
