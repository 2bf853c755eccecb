@testable import App
import Crypto
import Foundation
import Testing
import Vapor

/// The data key and the data it sealed stay together: a lost or swapped key stops the server.
/// (The key is a file matter, so this runs on SQLite whichever database the suite uses.)
@Suite("Key custody: a database with sealed data starts only with its own key")
struct KeyCustodyTests {
    static func start(_ directory: String, key: String? = nil, keyFile: String? = nil) async throws {
        var config = AppConfig(dataDirectory: directory, storage: .sqlite(path: directory + "/minyi.sqlite"),
                               production: false, dataKeyBase64: key, sweepInterval: 0)
        config.dataKeyFile = keyFile
        let app = try await Application.make(Environment(name: "testing", arguments: ["minyi-tests"]))
        app.logger.logLevel = .critical
        do {
            try await configure(app, config: config)
            try await app.asyncBoot()
            // Something personal, sealed with the key of this start.
            let sealed = try app.cipher.seal("13800000000")
            try await app.write { db in
                try await Outbox.enqueue(on: db, dedupeKey: UUID().uuidString, channel: .sms, recipientSealed: sealed, template: "t",
                                         payload: [:], notBefore: Date(), now: Date())
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func refusal(_ body: () async throws -> Void) async -> String? {
        do { try await body(); return nil } catch let error as AppError { return error.detail } catch { return "\(error)" }
    }

    @Test("a missing key file is not replaced, a wrong key is refused, the right one from a file starts; the key file is owner-only")
    func custody() async throws {
        let directory = NSTemporaryDirectory() + "minyi-key-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keyPath = directory + "/data.key"
        try await Self.start(directory)
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let key = try String(contentsOfFile: keyPath, encoding: .utf8)
        try await Self.start(directory)  // the same key starts again

        try FileManager.default.removeItem(atPath: keyPath)
        let missing = await Self.refusal { try await Self.start(directory) }
        #expect(missing?.contains("data.key was missing") == true, "\(missing ?? "started")")
        #expect(!FileManager.default.fileExists(atPath: keyPath), "the fresh key was not kept")
        #expect(await Self.refusal { try await Self.start(directory) } != nil, "and the next start refuses too")

        let other = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
        let wrong = await Self.refusal { try await Self.start(directory, key: other) }
        #expect(wrong?.contains("does not open") == true, "\(wrong ?? "started")")

        let mounted = directory + "-mounted.key"
        try key.write(toFile: mounted, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: mounted) }
        #expect(await Self.refusal { try await Self.start(directory, keyFile: mounted) } == nil)
        #expect(!FileManager.default.fileExists(atPath: keyPath), "a key from a file makes no data.key")
    }
}
