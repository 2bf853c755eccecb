@testable import App
import AsyncHTTPClient
import Fluent
import Foundation
import LedgerCore
import NIOCore
import NIOHTTP1
import SQLKit
import Testing
import Vapor

/// One running Minyi for one test: its own SQLite file or PostgreSQL schema, a fixed clock,
/// a small unit tree with officers in every role, served on a loopback port and spoken to
/// over real HTTP.
final class TestWorld: @unchecked Sendable {
    static let password = "correct horse battery staple"
    /// Monday 2 March 2026, 09:00 in Xi'an.
    static let t0 = Date(timeIntervalSince1970: 1_772_413_200)
    private static let passwordHash = try! Bcrypt.hash(password, cost: 4)

    let app: Application
    let client: HTTPClient
    let baseURL: String
    let dataDirectory: String
    private let schema: String?

    // The unit tree: city → D1 (stations A, B; partner P) and D2 (station C).
    var city = 0, d1 = 0, d2 = 0, stationA = 0, stationB = 0, stationC = 0, partner = 0, callbackOffice = 0, d2CallbackOffice = 0
    private(set) var officers: [String: Int] = [:]
    private var tokens: [String: String] = [:]

    static var usesPostgres: Bool { ProcessInfo.processInfo.environment["MINYI_TEST_DATABASE_URL"]?.isEmpty == false }

    private init(app: Application, client: HTTPClient, baseURL: String, dataDirectory: String, schema: String?) {
        self.app = app; self.client = client; self.baseURL = baseURL; self.dataDirectory = dataDirectory; self.schema = schema
    }

    /// `logger`, when given, is the application's from the start, so every connection logs to it.
    static func make(production: Bool = false, logger: Logger? = nil) async throws -> TestWorld {
        let dataDirectory = NSTemporaryDirectory() + "minyi-test-" + UUID().uuidString
        var config = AppConfig(dataDirectory: dataDirectory, storage: .sqlite(path: dataDirectory + "/minyi.sqlite"),
                               production: production, dataKeyBase64: nil, sweepInterval: 0)
        var schema: String?
        if let url = ProcessInfo.processInfo.environment["MINYI_TEST_DATABASE_URL"], !url.isEmpty {
            schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            config.storage = .postgres(url: url)
            config.postgresSchema = schema
            // Suites run side by side, each world with its own pool: keep their sum under the server's limit.
            config.postgresPoolPerEventLoop = 3
        }
        let app = try await Application.make(Environment(name: "testing", arguments: ["minyi-tests"]))
        app.logger.logLevel = .warning
        if let logger { app.logger = logger }
        do {
            try await configure(app, config: config)
            app.clock.set(t0)
            if let schema { try await app.db.sql.raw("CREATE SCHEMA \(ident: schema)").run() }
            try await app.asyncBoot()
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        guard let port = app.http.server.shared.localAddress?.port else { throw AppError.notFound("server port") }
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
                                configuration: .init(redirectConfiguration: .disallow))
        let world = TestWorld(app: app, client: client, baseURL: "http://127.0.0.1:\(port)", dataDirectory: dataDirectory, schema: schema)
        try await world.seed()
        return world
    }

    func shutdown() async {
        try? await client.shutdown()
        if let schema { try? await app.db.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
        await app.server.shutdown()
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    private func seed() async throws {
        let db = app.db
        let city = App.Unit(name: "西安市公安局", kind: .city, parent: nil); try await city.create(on: db)
        let d1 = App.Unit(name: "新城分局", kind: .district, parent: city); try await d1.create(on: db)
        let d2 = App.Unit(name: "长安分局", kind: .district, parent: city); try await d2.create(on: db)
        let a = App.Unit(name: "新城分局西一路派出所", kind: .station, parent: d1); try await a.create(on: db)
        let b = App.Unit(name: "新城分局长乐中路派出所", kind: .station, parent: d1); try await b.create(on: db)
        let c = App.Unit(name: "长安分局郭杜派出所", kind: .station, parent: d2); try await c.create(on: db)
        let p = App.Unit(name: "新城区街道办事处", kind: .partner, parent: d1); try await p.create(on: db)
        let office = App.Unit(name: "西安市公安局联系和服务群众办公室", kind: .callbackOffice, parent: city); try await office.create(on: db)
        let d2Office = App.Unit(name: "长安分局回访室", kind: .callbackOffice, parent: d2); try await d2Office.create(on: db)
        callbackOffice = office.id!; d2CallbackOffice = d2Office.id!
        self.city = city.id!; self.d1 = d1.id!; self.d2 = d2.id!
        stationA = a.id!; stationB = b.id!; stationC = c.id!; partner = p.id!
        let people: [(String, Role, App.Unit)] = [
            ("city-chief", .cityChief, city), ("city-deputy", .cityDeputy, city), ("admin", .administrator, city),
            ("d1-chief", .districtChief, d1), ("d1-deputy", .districtDeputy, d1), ("d2-chief", .districtChief, d2),
            ("a-chief", .stationChief, a), ("a-deputy", .stationDeputy, a), ("a-officer", .officer, a), ("a-clerk", .clerk, a),
            ("b-chief", .stationChief, b), ("b-officer", .officer, b), ("c-chief", .stationChief, c),
            ("callback", .callbackOfficer, office), ("d2-callback", .callbackOfficer, d2Office),
        ]
        for (username, role, unit) in people {
            let rank: OfficerRank = role.isChief ? (role.chiefUnitKind == .station ? .section : .division) : .staff
            let officer = Officer(username: username, displayName: username, role: role, unitID: unit.id!, passwordHash: Self.passwordHash, rank: rank.rawValue)
            try await officer.create(on: db)
            officers[username] = officer.id!
        }
    }

    func id(_ username: String) -> Int { officers[username]! }

    /// Adds an officer after the seed (the password is the world's).
    func addOfficer(_ username: String, role: Role, unit: Int, rank: OfficerRank = .staff) async throws {
        let officer = Officer(username: username, displayName: username, role: role, unitID: unit, passwordHash: Self.passwordHash, rank: rank.rawValue)
        try await officer.create(on: app.db)
        officers[username] = officer.id!
    }

    // MARK: - HTTP

    struct Reply: @unchecked Sendable {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var jsonArray: [[String: Any]] { (try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? [] }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(type, from: body)
        }
        /// The names in an RFC 9457 problem's `invalid-params`.
        var invalidParams: [String] { (json["invalid-params"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }
        var setCookie: String? {
            headers["set-cookie"].first { $0.hasPrefix(AuthService.cookieName + "=") }
                .map { String($0.dropFirst(AuthService.cookieName.count + 1).prefix { $0 != ";" }) }
        }
    }

    func send(_ method: HTTPMethod, _ path: String, as username: String? = nil, bearer: String? = nil, cookie: String? = nil,
              json: Any? = nil, form: [String: String]? = nil, headers extra: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let username { request.headers.add(name: "Authorization", value: "Bearer \(try await token(for: username))") }
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let cookie { request.headers.add(name: "Cookie", value: "\(AuthService.cookieName)=\(cookie)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: json)))
        }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            var components = URLComponents()
            components.queryItems = form.map { URLQueryItem(name: $0.key, value: $0.value) }
            let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
            request.body = .bytes(ByteBuffer(string: encoded))
        }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 10 << 20)
        return Reply(status: response.status, headers: response.headers, body: Data(buffer: body))
    }

    /// A multipart/form-data POST, as a browser or an app uploads files.
    func sendMultipart(_ path: String, fields: [(String, String)], files: [(name: String, filename: String, type: String, data: Data)],
                       cookie: String? = nil) async throws -> Reply {
        let boundary = "minyi-" + UUID().uuidString
        var body = Data()
        func line(_ text: String) { body.append(Data((text + "\r\n").utf8)) }
        for (name, value) in fields {
            line("--\(boundary)")
            line("Content-Disposition: form-data; name=\"\(name)\"")
            line("")
            line(value)
        }
        for file in files {
            line("--\(boundary)")
            line("Content-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"")
            line("Content-Type: \(file.type)")
            line("")
            body.append(file.data)
            line("")
        }
        line("--\(boundary)--")
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        if let cookie { request.headers.add(name: "Cookie", value: "\(AuthService.cookieName)=\(cookie)") }
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await client.execute(request, timeout: .seconds(60))
        let collected = try await response.body.collect(upTo: 10 << 20)
        return Reply(status: response.status, headers: response.headers, body: Data(buffer: collected))
    }

    /// A bearer token for a test officer, made once through the real sign-in endpoint.
    func token(for username: String) async throws -> String {
        if let token = tokens[username] { return token }
        let reply = try await send(.POST, "/api/v1/auth/token", json: ["username": username, "password": Self.password])
        guard reply.status == .created, let token = reply.json["token"] as? String else {
            throw AppError(status: reply.status, title: "token", detail: "could not get a token for \(username): \(reply.text)")
        }
        tokens[username] = token
        return token
    }

    /// Signs in through the pages and returns the session cookie value and its CSRF token.
    func signInWithCookie(_ username: String, password: String = TestWorld.password) async throws -> (cookie: String, csrf: String) {
        let page = try await send(.GET, "/signin")
        let preCookie = try #require(page.setCookie)
        let csrf = try #require(Self.csrf(in: page.text))
        let reply = try await send(.POST, "/signin", cookie: preCookie, form: ["csrf": csrf, "username": username, "password": password])
        guard reply.status == .seeOther, let cookie = reply.setCookie else {
            throw AppError(status: reply.status, title: "sign-in", detail: "sign-in failed: \(reply.status)")
        }
        let list = try await send(.GET, "/matters", cookie: cookie)
        return (cookie, try #require(Self.csrf(in: list.text)))
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value="([^"]*)""#, options: .regularExpression) else { return nil }
        return String(html[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
    }

    // MARK: - Matters

    static func person(_ index: Int = 0) -> [String: Any] {
        ["name": "张三\(index == 0 ? "" : String(index))", "phone": String(format: "1381234%04d", 5678 + index),
         "idNumber": PersonalDataValidation.completeIDNumber(String(format: "610102199003%05d", 7123 + index)),
         "address": "西安市新城区西一路\(index + 1)号"]
    }

    /// Registers a matter at `unit` as `username` and returns its id.
    func register(as username: String = "a-officer", unit: Int? = nil, complainants: Int = 1, summary: String = "商厦业主与物业长期经济纠纷") async throws -> Int {
        var body: [String: Any] = ["summary": summary, "details": "百余户业主与物业之间存在涉众类经济纠纷", "channel": "patrolFinding",
                                   "complainants": (0..<complainants).map(Self.person)]
        if let unit { body["unitId"] = unit }
        let reply = try await send(.POST, "/api/v1/matters", as: username, json: body)
        guard reply.status == .created, let id = reply.json["id"] as? Int else {
            throw AppError(status: reply.status, title: "register", detail: reply.text)
        }
        return id
    }

    func matter(_ id: Int, as username: String = "a-chief") async throws -> [String: Any] {
        try await send(.GET, "/api/v1/matters/\(id)", as: username).json
    }

    /// Performs an action with the matter's current version and returns the reply.
    @discardableResult
    func act(_ id: Int, _ action: String, as username: String, _ body: [String: Any] = [:]) async throws -> Reply {
        let version = try await matter(id, as: "city-chief")["version"] as? Int ?? 0
        var payload = body
        payload["version"] = version
        return try await send(.POST, "/api/v1/matters/\(id)/\(action)", as: username, json: payload)
    }

    func complainantIDs(_ id: Int) async throws -> [Int] {
        (try await matter(id, as: "city-chief")["complainants"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }

    /// Takes a matter from registered to replied, with every complainant replied to.
    func bringToReplied(_ id: Int, chief: String = "a-chief", officer: String = "a-officer") async throws {
        try await expectOK(act(id, "vet", as: chief, ["ledger": "demand"]))
        try await expectOK(act(id, "handle", as: officer))
        try await expectOK(act(id, "result", as: officer, ["result": "协调街道办、社区和司法所，促成双方和解"]))
        for complainant in try await complainantIDs(id) {
            try await expectOK(act(id, "reply", as: officer, ["complainantId": complainant, "text": "经协调，双方已达成和解。"]))
        }
    }

    /// The call-back office calls a resident, who gives `rating`: the certified way a resident
    /// without the link on hand rates.
    func callBack(_ id: Int, complainant: Int, rating: String, comment: String = "", as username: String = "callback") async throws -> Reply {
        try await send(.POST, "/api/v1/callbacks/\(id)/complainants/\(complainant)/calls", as: username,
                       json: ["outcome": "rated", "rating": rating, "comment": comment])
    }

    /// Everything the closure gate asks for, on a replied matter.
    func satisfyGate(_ id: Int, chief: String = "a-chief", officer: String = "a-officer") async throws {
        for complainant in try await complainantIDs(id) {
            try await expectOK(callBack(id, complainant: complainant, rating: "satisfied"))
        }
        try await expectOK(act(id, "publish", as: chief, ["asked": "商厦业主与物业长期纠纷", "summary": "某商厦业主与物业纠纷经多方协调达成和解"]))
        try await expectOK(act(id, "accountability", as: chief, ["answerableOfficerId": self.id(officer), "finding": "按期办结，无过错"]))
    }

    func expectOK(_ reply: Reply, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(reply.status == .ok, "\(reply.status): \(reply.text)", sourceLocation: sourceLocation)
        if reply.status != .ok { throw AppError(status: reply.status, title: "step failed", detail: reply.text) }
    }
}

/// Runs `body` against a fresh world and always shuts it down.
func withWorld(production: Bool = false, logger: Logger? = nil, _ body: (TestWorld) async throws -> Void) async throws {
    let world = try await TestWorld.make(production: production, logger: logger)
    do {
        try await body(world)
    } catch {
        await world.shutdown()
        throw error
    }
    await world.shutdown()
}
