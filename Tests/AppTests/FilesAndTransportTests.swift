@testable import App
import Foundation
import Testing

/// 等保 item 9: the data directory is the server's alone, nothing with personal data is cached,
/// HSTS over https, and database passwords stay off the command line.
@Suite("Files and transport")
struct FilesAndTransportTests {
    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    @Test("the data directory is 0700 and the database, its WAL and the data key 0600")
    func ownerOnly() async throws {
        try await withWorld { world in
            _ = try await world.register()
            #expect(Self.mode(world.dataDirectory) == 0o700)
            let key = world.dataDirectory + "/data.key"
            #expect(Self.mode(key) == 0o600)
            if !TestWorld.usesPostgres {
                for suffix in ["", "-wal"] { #expect(Self.mode(world.dataDirectory + "/minyi.sqlite" + suffix) == 0o600, "minyi.sqlite\(suffix)") }
            }
        }
    }

    @Test("a data directory left readable by an earlier version is tightened at start")
    func tightened() throws {
        let directory = NSTemporaryDirectory() + "minyi-perms-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        for name in ["minyi.sqlite", "minyi.sqlite-wal", "data.key"] {
            #expect(FileManager.default.createFile(atPath: directory + "/" + name, contents: Data("x".utf8), attributes: [.posixPermissions: 0o644]))
        }
        try DataDirectory.secure(directory)
        #expect(Self.mode(directory) == 0o700)
        for name in ["minyi.sqlite", "minyi.sqlite-wal", "data.key"] { #expect(Self.mode(directory + "/" + name) == 0o600, "\(name)") }
    }

    @Test("sign-in, staff pages, tracking and API answers are never cached; the stylesheet may be")
    func noStore() async throws {
        try await withWorld { world in
            let id = try await world.register()
            let signedIn = try await world.signInWithCookie("a-chief")
            let answers = [
                try await world.send(.GET, "/signin"),
                try await world.send(.GET, "/api/v1/matters/\(id)", as: "a-chief"),
                try await world.send(.GET, "/matters/\(id)", cookie: signedIn.cookie),
                try await world.send(.GET, "/track"),
                try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-chief", "password": "wrong password here"]),
            ]
            for answer in answers { #expect(answer.headers.first(name: "Cache-Control") == "no-store", "\(answer.status) \(answer.text.prefix(80))") }
            #expect(answers.allSatisfy { !$0.headers.contains(name: "Strict-Transport-Security") }, "no HSTS over plain http")
            #expect(try await world.send(.GET, Page.stylesheet.path).headers.first(name: "Cache-Control") == "public, max-age=3600")
        }
    }

    @Test("HSTS is sent when the platform's public address is https")
    func hsts() async throws {
        try await withWorld { world in
            world.app.config.publicURL = "https://minyi.example.gov.cn"
            let page = try await world.send(.GET, "/")
            #expect(page.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
        }
    }

    @Test("pg_dump and pg_restore get the password in their environment, never on the command line")
    func passwordOffTheCommandLine() {
        let split = DatabaseTools.withoutPassword("postgres://minyi:s3cr%40t@db.internal:5432/minyi?sslmode=require")
        #expect(split.url == "postgres://minyi@db.internal:5432/minyi?sslmode=require")
        #expect(split.password == "s3cr@t")
        #expect(DatabaseTools.withoutPassword("postgres://minyi@db/minyi").password == nil)
    }
}
