import Fluent
import LedgerCore
import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
@testable import App

/// What an operations team relies on: settings that refuse typos, readiness that names what is
/// wrong, metrics, request logs without personal data, and migrations that run once.
@Suite("Operations: settings, readiness, metrics, logs, migrations")
struct OperationsTests {
    func refusal(_ env: [String: String]) -> String? {
        do {
            _ = try AppConfig.fromEnvironment(env)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test("a mistyped MINYI_ setting or a bad value stops the start naming it; the scripts' own variables pass")
    func settings() throws {
        #expect(refusal(["MINYI_SWEEP_INTERVL": "5"])?.contains("MINYI_SWEEP_INTERVL") == true)
        for (name, value) in [("MINYI_SWEEP_INTERVAL", "abc"), ("MINYI_SWEEP_INTERVAL", "-1"), ("MINYI_PG_POOL", "0"), ("MINYI_TOKEN_DAYS", "1e3"),
                              ("MINYI_RECHECK_PERCENT", "101"), ("MINYI_LOG_FORMAT", "xml"), ("MINYI_PUBLIC_URL", "minyi.example.gov.cn"),
                              ("MINYI_ENV", "prod"), ("MINYI_RECTIFY_CALLBACK_DAYS", "6")] {
            let refused = refusal([name: value])
            #expect(refused?.contains(name) == true, "\(name)=\(value): \(refused ?? "accepted")")
        }
        let tooling = try AppConfig.fromEnvironment(["MINYI_BIN": "x", "MINYI_TEST_DATABASE_URL": "postgres://x", "MINYI_WRITE_SCHEMA": "1"])
        #expect(tooling.sweepInterval == 60 && tooling.rectification == RectificationPolicy() && tooling.logFormat == .text)
        let set = try AppConfig.fromEnvironment(["MINYI_SWEEP_INTERVAL": "0", "MINYI_LOG_FORMAT": "json", "MINYI_RECTIFY_DAYS": "7",
                                                  "MINYI_DATA_KEY": "c2VjcmV0LWtleS12YWx1ZQ==", "MINYI_METRICS_TOKEN": "scrape-secret-42"])
        #expect(set.sweepInterval == 0 && set.logFormat == .json && set.rectification.rectifyDays == 7)
        let printed = set.summary.map { "\($0.name) \($0.value)" }.joined(separator: "\n")
        #expect(!printed.contains("c2VjcmV0") && !printed.contains("scrape-secret-42"), "config check shows a secret")
        #expect(printed.contains("MINYI_METRICS_TOKEN set"))
    }

    @Test("every setting is documented in the README")
    func documented() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        for setting in AppConfig.settings {
            #expect(text.contains("`\(setting.name)`"), "\(setting.name) is missing from the README's settings")
        }
    }

    @Test("/readyz answers 200 when the database, the migrations and the data key are right, and 503 naming the part that is not")
    func readiness() async throws {
        try await withWorld { world in
            let ready = try await world.send(.GET, "/readyz")
            #expect(ready.status == .ok && ready.json["ready"] as? Bool == true)
            #expect((ready.json["parts"] as? [[String: Any]])?.compactMap { $0["part"] as? String } == ["database", "migrations", "dataKey"])
            #expect(try await world.send(.GET, "/healthz").text == "ok")

            let lastName = try #require(SchemaHistory.names.last)
            try await world.app.db.statements.run("DELETE FROM _fluent_migrations WHERE name = \(bind: lastName)")
            let behind = try await world.send(.GET, "/readyz")
            #expect(behind.status == .serviceUnavailable && behind.text.contains("M0054"), "\(behind.text)")

            try await world.app.db.statements.run("""
                INSERT INTO _fluent_migrations (id, name, batch, created_at, updated_at)
                VALUES (\(bind: UUID()), \(bind: lastName), 99, \(bind: Date()), \(bind: Date()))
                """)
            #expect(try await world.send(.GET, "/readyz").status == .ok)
            let rightKey = world.app.cipher
            world.app.cipher = PersonalDataCipher(key: .init(size: .bits256))
            let wrongKey = try await world.send(.GET, "/readyz")
            world.app.cipher = rightKey
            #expect(wrongKey.status == .serviceUnavailable && wrongKey.text.contains("dataKey"))
        }
    }

    @Test("/metrics serves Prometheus text to this machine, or to a scraper with the token, and counts the ledgers")
    func metrics() async throws {
        try await withWorld { world in
            _ = try await world.register()
            _ = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-chief", "password": "wrong password"])
            let scraped = try await world.send(.GET, "/metrics")
            #expect(scraped.status == .ok && scraped.headers.first(name: .contentType)?.hasPrefix("text/plain") == true)
            for series in ["minyi_open_matters{level=\"station\"} 1", "minyi_outbox_backlog", "minyi_sign_in_failures_total",
                           "minyi_write_commit_seconds_bucket", "http_requests_total"] {
                #expect(scraped.text.contains(series), "\(series) is not in /metrics")
            }
            #expect(!scraped.text.contains("/api/v1/matters/1"), "a raw path with an id is a metric label")

            // Behind a proxy, a scraper elsewhere needs the token.
            world.app.config.trustedProxies = ["127.0.0.1"]
            world.app.config.metricsToken = "scrape-secret-42"
            let remote = [("X-Forwarded-For", "10.1.2.3")]
            #expect(try await world.send(.GET, "/metrics", headers: remote).status == .forbidden)
            #expect(try await world.send(.GET, "/metrics", headers: remote + [("Authorization", "Bearer wrong")]).status == .forbidden)
            #expect(try await world.send(.GET, "/metrics", headers: remote + [("Authorization", "Bearer scrape-secret-42")]).status == .ok)
        }
    }

    @Test("JSON request logs name the route pattern, status and time, and never a resident's phone, ID number or a link's token")
    func requestLogs() async throws {
        try await withWorld { world in
            let lines = NIOLockedValueBox<[String]>([])
            var logger = Logger(label: "minyi-test") { label in
                JSONLogHandler(label: label, level: .info) { line in lines.withLockedValue { $0.append(line) } }
            }
            logger.logLevel = .info
            world.app.logger = logger
            let person = TestWorld.person(0)
            let phone = try #require(person["phone"] as? String), idNumber = try #require(person["idNumber"] as? String)
            _ = try await world.send(.POST, "/api/v1/public/messages", json: [
                "kind": "consultation", "content": "请问办理居住证需要什么材料？我的电话 \(phone)", "name": "王五", "phone": phone, "idNumber": idNumber])
            let id = try await world.register()
            _ = try await world.send(.GET, "/api/v1/matters/\(id)", as: "a-chief")
            _ = try await world.send(.GET, "/rate/secret-link-token-abc")
            world.app.logger.logLevel = .warning

            let logged = lines.withLockedValue { $0 }
            #expect(logged.count >= 4)
            let objects = logged.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(objects.count == logged.count, "a log line is not JSON")
            let routes = objects.filter { $0["message"] as? String == "request" }.compactMap { $0["route"] as? String }
            #expect(routes.contains("/api/v1/matters/:matterID") && routes.contains("/rate/:token"), "\(routes)")
            #expect(objects.allSatisfy { $0["time"] is String && $0["level"] is String })
            #expect(objects.filter { $0["message"] as? String == "request" }.allSatisfy { $0["request-id"] is String && $0["status"] is String })
            let all = logged.joined(separator: "\n")
            for secret in [phone, idNumber, "secret-link-token-abc", "/api/v1/matters/\(id)"] {
                #expect(!all.contains(secret), "the log holds \(secret)")
            }
        }
    }

    @Test("the scheduler stops when asked, and waits for a run under way")
    func schedulerStops() async throws {
        try await withWorld { world in
            world.app.config.sweepInterval = 1
            Scheduler.start(world.app)
            #expect(Scheduler.isRunning(world.app))
            await Scheduler.stop(world.app)
            #expect(!Scheduler.isRunning(world.app))
        }
    }

    @Test("instances starting together on one PostgreSQL migrate once", .enabled(if: TestWorld.usesPostgres))
    func migrationsUnderLock() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["MINYI_TEST_DATABASE_URL"])
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let key = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        var apps: [Application] = []
        for index in 0..<3 {
            let directory = NSTemporaryDirectory() + "minyi-lock-\(index)-" + UUID().uuidString
            var config = AppConfig(dataDirectory: directory, storage: .postgres(url: url), production: false, dataKeyBase64: key, sweepInterval: 0)
            config.postgresSchema = schema
            config.postgresPoolPerEventLoop = 2
            let app = try await Application.make(Environment(name: "testing", arguments: ["minyi-tests"]))
            app.logger.logLevel = .error
            try await configure(app, config: config)
            apps.append(app)
        }
        try await apps[0].db.sql.raw("CREATE SCHEMA \(ident: schema)").run()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for app in apps { group.addTask { try await app.asyncBoot() } }
                try await group.waitForAll()
            }
            let names = try await apps[0].db.statements.values("SELECT name FROM _fluent_migrations", column: "name", as: String.self)
            #expect(names.count == SchemaHistory.migrations.count && Set(names).count == names.count)
        } catch {
            Issue.record("instances starting together failed: \(error)")
        }
        try? await apps[0].db.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
        for app in apps { try? await app.asyncShutdown() }
    }
}
