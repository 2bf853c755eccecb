@testable import App
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import Vapor

/// How many SQL statements the main requests issue, against a budget: a list that starts
/// loading a row at a time, or a page that gains a query, fails here before it shows in
/// `scripts/bench`. Counted from the drivers' own "Executing query" log (Fluent and SQLKit log
/// every statement there, raw or built) on the world's logger, one request at a time.
///
/// When a change needs more statements on purpose, raise its budget in the same commit and
/// say why; when it needs fewer, lower it.
@Suite("Statement budget")
struct StatementBudgetTests {
    /// Counts the statements logged through the loggers made from it.
    final class Counter: @unchecked Sendable {
        private let lock = NIOLock()
        private var statements: [String] = []
        func add(_ sql: String) { lock.withLock { statements.append(sql) } }
        func take() -> [String] { lock.withLock { defer { statements = [] }; return statements } }
    }

    struct CountingHandler: LogHandler {
        let counter: Counter
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            if message.description == "Executing query" { counter.add(metadata?["sql"]?.description ?? "?") }
        }
    }

    /// The statements one request issued, once the world is warm (the caches of units and
    /// settings filled, the officer's token issued): the fewest of three tries, since a write
    /// may now and then wait out a busy database and log its retry; a request that gains a
    /// statement gains it in every try.
    func statements(_ world: TestWorld, _ counter: Counter, _ request: () async throws -> TestWorld.Reply) async throws -> [String] {
        let warm = try await request()
        #expect(warm.status.code < 300, "\(warm.status): \(warm.text.prefix(300))")
        var fewest: [String]?
        for _ in 0..<3 {
            _ = counter.take()
            let reply = try await request()
            #expect(reply.status.code < 300, "\(reply.status): \(reply.text.prefix(300))")
            let issued = Self.withoutAuditHeadRefresh(counter.take())
            if issued.count < fewest?.count ?? .max { fewest = issued }
        }
        return fewest ?? []
    }

    /// The statements between a BEGIN and its COMMIT, those two left out.
    static func insideWrites(_ statements: [String]) -> [String] {
        var inside = false, kept: [String] = []
        for statement in statements {
            if statement.hasPrefix("BEGIN") { inside = true } else if statement.hasPrefix("COMMIT") { inside = false } else if inside { kept.append(statement) }
        }
        return kept
    }

    /// The audit head is cached per process (`AuditLog.lastHead`): the worlds of other suites,
    /// running in this process at the same time, move their own chains and make the cache
    /// miss, which costs a lone server nothing but here costs the failed move and a fresh read.
    static func withoutAuditHeadRefresh(_ statements: [String]) -> [String] {
        var kept: [String] = []
        for statement in statements {
            if statement.hasPrefix("SELECT seq, hash FROM audit_head"), kept.last?.hasPrefix("UPDATE audit_head") == true {
                kept.removeLast()
                continue
            }
            kept.append(statement)
        }
        return kept
    }

    @Test("each main request stays within its statement budget")
    func budgets() async throws {
        let counter = Counter()
        try await withWorld(logger: Logger(label: "minyi.statements") { _ in CountingHandler(counter: counter) }) { world in
            // Something to list, show and search: matters at station A, one a resident wrote about.
            var matterIDs: [Int] = []
            for index in 0..<3 { matterIDs.append(try await world.register(as: "a-officer", summary: "夜间施工噪音扰民 \(index)")) }
            for id in matterIDs { try world.expectOK(await world.act(id, "vet", as: "a-chief", ["ledger": "complaint"])) }
            // Matters to vet, one per try (a warm-up and three).
            var toVet: [Int] = []
            for index in 0..<4 { toVet.append(try await world.register(as: "a-officer", summary: "待审核事项 \(index)")) }
            for name in ["a-chief", "a-officer", "city-chief"] { _ = try await world.token(for: name) }
            let (cookie, _) = try await world.signInWithCookie("a-chief")
            let (cityCookie, _) = try await world.signInWithCookie("city-chief")
            let year = Calendar.current.component(.year, from: TestWorld.t0)

            var submissions = 0
            // (name, budget, budget inside the write, request): on SQLite every write waits for the one
            // writer, so what a write does between BEGIN and COMMIT has a budget of its own.
            let requests: [(name: String, budget: Int, inWrite: Int, send: () async throws -> TestWorld.Reply)] = [
                ("resident submission", 7, 4, {
                    submissions += 1
                    return try await world.send(.POST, "/api/v1/public/messages", json: [
                        "kind": "consultation", "content": "夜间施工噪音扰民 \(submissions)", "districtId": world.d1,
                    ], headers: [("X-Forwarded-For", "10.0.0.\(submissions)")])
                }),
                ("staff registration", 24, 8, {
                    submissions += 1
                    return try await world.send(.POST, "/api/v1/matters", as: "a-officer", json: [
                        "summary": "商铺业主反映物业纠纷 \(submissions)", "channel": "walkIn", "complainants": [TestWorld.person(submissions)],
                    ])
                }),
                ("vetting", 22, 7, { try await world.send(.POST, "/api/v1/matters/\(toVet.removeFirst())/vet", as: "a-chief",
                                                      json: ["ledger": "complaint", "version": 1]) }),
                ("station list", 2, 0, { try await world.send(.GET, "/api/v1/matters?status=open&limit=50", as: "a-chief") }),
                ("matter page", 16, 0, { try await world.send(.GET, "/matters/\(matterIDs[0])", cookie: cookie) }),
                ("dashboard", 29, 0, { try await world.send(.GET, "/barometer?from=\(year)-01-01&to=\(year + 1)-01-01", cookie: cityCookie) }),
                ("search", 3, 0, { try await world.send(.GET, "/api/v1/matters?q=\("噪音扰民".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&limit=50",
                                                     as: "city-chief") }),
                ("Open311 list", 4, 1, { try await world.send(.GET, "/open311/v2/requests.json") }),
            ]
            for request in requests {
                let issued = try await statements(world, counter, request.send)
                let inWrite = Self.insideWrites(issued)
                print("statement budget: \(request.name) issued \(issued.count) (budget \(request.budget)), \(inWrite.count) inside the write (budget \(request.inWrite))")
                #expect(inWrite.count <= request.inWrite, "\(request.name): \(inWrite.count) statements inside the write, budget \(request.inWrite):\n\(inWrite.joined(separator: "\n"))")
                #expect(issued.count <= request.budget, "\(request.name): \(issued.count) statements, budget \(request.budget):\n\(issued.joined(separator: "\n"))")
                #expect(!issued.isEmpty, "\(request.name): no statement counted; the count is not seeing the driver's log")
            }
        }
    }
}
