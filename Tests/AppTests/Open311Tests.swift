@testable import App
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Logging
import SQLKit
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
            let messageID = try #require(try await world.app.db.sql.raw("SELECT id FROM messages WHERE public_id = \(bind: String(requestID.dropFirst(3)))")
                .first()?.decode(column: "id", as: Int.self))
            try world.expectOK(try await world.send(.POST, "/api/v1/messages/\(messageID)/answer", as: "d1-chief", json: ["answer": "已责令停工"]))
            #expect(try await world.send(.GET, "/open311/v2/requests/\(requestID).json").jsonArray.first?["status"] as? String == "closed")
            #expect(try await world.send(.GET, "/open311/v2/requests.json?status=closed").jsonArray.count == 1)
            #expect(try await world.send(.GET, "/open311/v2/requests.json?status=open").jsonArray.isEmpty)
            #expect(try await world.send(.GET, "/open311/v2/requests.json?status=maybe").status == .badRequest)
            #expect(try await world.send(.GET, "/open311/v2/requests.json?start_date=yesterday").status == .badRequest)
            #expect(try await world.send(.GET, "/open311/v2/requests/XA-999.json").status == .notFound)
        }
    }

    @Test("request ids are random, not row numbers, and tell nothing of the bureau's volume")
    func randomIDs() async throws {
        try await withWorld { world in
            let key = try await setUp(world)
            var ids: [String] = []
            for index in 0..<3 {
                let created = try await report(world, key: key, ["phone": "1381234\(String(format: "%04d", 1000 + index))"])
                ids.append(try #require(created.jsonArray.first?["service_request_id"] as? String))
            }
            for id in ids { #expect(id.wholeMatch(of: /XA-[0-9A-F]{16}/) != nil, "\(id)") }
            #expect(Set(ids).count == 3)
            let rows = try await world.app.db.sql.raw("SELECT id FROM messages ORDER BY id").all().map { try $0.decode(column: "id", as: Int.self) }
            #expect(!ids.contains { id in rows.contains { id.hasSuffix(String($0)) && id.count < 8 } })
            #expect(try await world.send(.GET, "/open311/v2/requests/XA-\(rows[0]).json").status == .notFound, "a row number finds nothing")
        }
    }

    @Test("requests.json filters before it limits, pages with after and Link, and runs the same statements for 1 request or 50")
    func pagedAndFixed() async throws {
        try await withWorld { world in
            let key = try await setUp(world)
            var ids: [String] = []
            for index in 0..<5 {
                let created = try await report(world, key: key, ["phone": "1391234\(String(format: "%04d", 1000 + index))"])
                ids.append(try #require(created.jsonArray.first?["service_request_id"] as? String))
            }
            // The three oldest are answered: the newest two are open, so a limit taken before
            // the status filter would find no closed one in the first page.
            for id in ids.prefix(3) {
                let messageID = try #require(try await world.app.db.sql.raw("SELECT id FROM messages WHERE public_id = \(bind: String(id.dropFirst(3)))")
                    .first()?.decode(column: "id", as: Int.self))
                try world.expectOK(try await world.send(.POST, "/api/v1/messages/\(messageID)/answer", as: "d1-chief", json: ["answer": "已处理"]))
            }
            let first = try await world.send(.GET, "/open311/v2/requests.json?status=closed&page_size=2")
            #expect(first.jsonArray.compactMap { $0["service_request_id"] as? String } == [ids[2], ids[1]])
            let link = try #require(first.headers.first(name: "Link"), "a full page names the next")
            let next = try #require(link.firstMatch(of: /<([^>]+)>; rel="next"/).map { String($0.1) })
            #expect(next.contains("status=closed") && next.contains("after=\(ids[1])"), "\(next)")
            let second = try await world.send(.GET, next)
            #expect(second.jsonArray.compactMap { $0["service_request_id"] as? String } == [ids[0]])
            #expect(second.headers.first(name: "Link") == nil, "the last page names none")
            #expect(try await world.send(.GET, "/open311/v2/requests.json?status=open").jsonArray.count == 2)
            #expect(try await world.send(.GET, "/open311/v2/requests.json?page_size=0").status == .badRequest)
            #expect(try await world.send(.GET, "/open311/v2/requests.json?page_size=201").status == .badRequest)
            #expect(try await world.send(.GET, "/open311/v2/requests.json?after=XA-0").status == .badRequest)

            // Every statement the server runs is logged at debug level: count them per call.
            let counter = StatementCounter()
            let quiet = world.app.logger
            var counting = Logger(label: "statements") { _ in counter }
            counting.logLevel = .debug
            world.app.logger = counting
            defer { world.app.logger = quiet }
            counter.reset()
            #expect(try await world.send(.GET, "/open311/v2/requests.json?page_size=1").jsonArray.count == 1)
            let forOne = counter.count
            counter.reset()
            #expect(try await world.send(.GET, "/open311/v2/requests.json?page_size=50").jsonArray.count == 5)
            let forFive = counter.count
            #expect(forOne > 0, "statements are seen")
            #expect(forOne == forFive, "\(forOne) statements for one request, \(forFive) for five")
        }
    }

    @Test("a public message cannot set a service code; only an Open311 client reports under one")
    func publicMessageCannotSetServiceCode() async throws {
        try await withWorld { world in
            _ = try await setUp(world)
            var body = TestWorld.person()
            body.merge(["kind": "report", "content": "夜间噪音", "districtId": world.d1, "place": "西一路", "serviceCode": "noise"]) { $1 }
            let sent = try await world.send(.POST, "/api/v1/public/messages", json: body)
            #expect(sent.status == .created, "\(sent.text)")
            let codes = try await world.app.db.sql.raw("SELECT service_code FROM messages").all().map { try $0.decode(column: "service_code", as: String?.self) }
            #expect(codes == [nil])
            #expect(try await world.send(.GET, "/open311/v2/requests.json").jsonArray.isEmpty)
        }
    }

    @Test("Open311 errors name Open311's fields; reads are rate limited with Retry-After")
    func open311Names() async throws {
        try await withWorld { world in
            let key = try await setUp(world)
            let noText = try await report(world, key: key, ["description": ""])
            #expect(noText.status == .badRequest)
            #expect((noText.jsonArray.first?["description"] as? String)?.hasPrefix("description:") == true, "\(noText.text)")
            let badID = try await report(world, key: key, ["attribute[id_number]": "123"])
            #expect((badID.jsonArray.first?["description"] as? String)?.hasPrefix("attribute[id_number]:") == true, "\(badID.text)")
            let now = Int(world.app.clock.now().timeIntervalSince1970)
            let rule = RateLimiter.open311PerIP
            try await world.app.db.sql.raw("""
                INSERT INTO rate_limit_buckets (key, window_start, hits) VALUES (\(bind: rule.name + ":127.0.0.1"), \(bind: now - now % rule.window), \(bind: rule.limit))
                """).run()
            let limited = try await world.send(.GET, "/open311/v2/requests.json")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: "Retry-After") != nil)
        }
    }
}

/// Counts the statements run: SQLKit logs each at debug level with its `sql` in the metadata.
final class StatementCounter: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var seen = 0
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        guard metadata?["sql"] != nil else { return }
        lock.lock(); seen += 1; lock.unlock()
    }

    func reset() { lock.lock(); seen = 0; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return seen }
}
