@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// `minyi key rotate` seals everything again with a new key and survives a crash (issue 21, item 3).
@Suite("Key rotation")
struct KeyRotationTests {
    /// Personal data in every kind of place that seals it: a complainant, a message, an
    /// application with its files, an officer's authenticator key, the canary.
    func populate(_ world: TestWorld) async throws {
        _ = try await world.register()
        let sent = try await world.send(.POST, "/api/v1/public/messages", json: [
            "kind": "report", "content": "夜间噪音，请回电13700001111或发邮件 li.si@example.com", "districtId": world.d1, "place": "西一路1号", "name": "李四", "phone": "13912345678",
            "idNumber": TestWorld.person(3)["idNumber"] as! String])
        #expect(sent.status == .created, "\(sent.text)")
        try await ApplicationTests().setUp(world)
        let applied = try await world.sendMultipart("/api/v1/public/applications", fields: ApplicationTests().fields(world), files: [
            ("attachments[]", "id.pdf", "application/pdf", ApplicationTests.pdf), ("attachments[]", "photo.png", "image/png", ApplicationTests.png)])
        #expect(applied.status == .created, "\(applied.text)")
        let officer = try #require(try await Officer.find(world.id("a-chief"), on: world.app.db))
        _ = try await world.app.auth.beginTOTPEnrolment(officer)
    }

    /// Every sealed text and file in the database.
    func sealedValues(_ world: TestWorld) async throws -> (texts: [String], files: [Data]) {
        var texts: [String] = []
        for table in SealedColumns.tables {
            for column in table.sealed {
                texts += try await world.app.db.sql.raw("SELECT \(ident: column) AS v FROM \(ident: table.name) WHERE \(ident: column) IS NOT NULL")
                    .all().map { try $0.decode(column: "v", as: String.self) }
            }
        }
        texts += try await world.app.db.sql.raw("SELECT filename AS v FROM attachments").all().map { try $0.decode(column: "v", as: String.self) }
        texts += try await world.app.db.sql.raw("SELECT sealed AS v FROM data_key_canary").all().map { try $0.decode(column: "v", as: String.self) }
        let files = try await world.app.db.sql.raw("SELECT data FROM attachments").all().map { try $0.decode(column: "data", as: Data.self) }
        return (texts, files)
    }

    func expectAllSealed(_ world: TestWorld, with key: PersonalDataCipher, not old: PersonalDataCipher) async throws {
        let (texts, files) = try await sealedValues(world)
        #expect(texts.count >= 12 && files.count == 2, "\(texts.count) texts, \(files.count) files")
        for text in texts {
            #expect((try? key.open(text)) != nil, "opens with the new key")
            #expect((try? old.open(text)) == nil, "and not with the old")
        }
        for file in files { #expect((try? key.open(file)) != nil && (try? old.open(file)) == nil) }
        let keyIDs = try await world.app.db.sql.raw("SELECT key_id FROM attachments").all().map { try $0.decode(column: "key_id", as: String.self) }
        #expect(keyIDs.allSatisfy { $0 == key.keyID })
        for table in SealedColumns.tables {
            guard let digest = table.phoneDigest else { continue }
            let rows = try await world.app.db.sql.raw("SELECT \(ident: digest.phone) AS phone, \(ident: digest.digest) AS digest FROM \(ident: table.name) WHERE \(ident: digest.digest) IS NOT NULL").all()
            #expect(!rows.isEmpty)
            for row in rows {
                let phone = try key.open(try row.decode(column: "phone", as: String.self))
                #expect(try row.decode(column: "digest", as: String.self) == key.digest(phone), "\(table.name): the look-up digest follows the key")
            }
        }
    }

    @Test("every sealed value and file is sealed again with a new key; the old key opens none of it; look-ups and pages still work")
    func rotate() async throws {
        try await withWorld { world in
            try await populate(world)
            let old = world.app.cipher
            let keyPath = KeyRotation.keyPath(world.app.config)
            let report = try await KeyRotation.run(world.app, batchSize: 2)
            let new = try PersonalDataCipher.fromFile(keyPath)
            #expect(new.keyID == report.keyID && new.keyID != old.keyID)
            #expect(!FileManager.default.fileExists(atPath: KeyRotation.nextKeyPath(world.app.config)))
            #expect(report.rowsResealed >= 4 && report.filesResealed == 2, "\(report)")
            try await expectAllSealed(world, with: new, not: old)
            let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            try await KeyCustody.check(world.app)
            let list = try await world.send(.GET, "/api/v1/messages", as: "d1-chief")
            #expect((list.json["items"] as? [[String: Any]])?.first?["phone"] as? String == "139****5678", "\(list.text)")
            let events = try await AuditEvent.query(on: world.app.db).filter(\.$kind == AuditKind.dataKeyRotated.rawValue).count()
            #expect(events == 1)
        }
    }

    @Test("an interrupted rotation stops every other start and is finished by running it again")
    func resume() async throws {
        try await withWorld { world in
            try await populate(world)
            let old = world.app.cipher
            struct Crash: Error {}
            await #expect(throws: Crash.self) {
                _ = try await KeyRotation.run(world.app, batchSize: 1, afterBatch: { batch in if batch == 2 { throw Crash() } })
            }
            #expect(FileManager.default.fileExists(atPath: KeyRotation.nextKeyPath(world.app.config)))
            #expect(try PersonalDataCipher.fromFile(KeyRotation.keyPath(world.app.config)).keyID == old.keyID, "the old key is still in place")
            // As the next start would: the key read from its file.
            world.app.cipher = try PersonalDataCipher.load(config: world.app.config)
            do {
                try await KeyCustody.check(world.app)
                Issue.record("a start during an unfinished rotation must be refused")
            } catch let error as AppError {
                #expect(error.detail.contains("minyi key rotate"), "\(error.detail)")
            }
            world.app.config.finishesKeyRotation = true
            try await KeyCustody.check(world.app)
            _ = try await KeyRotation.run(world.app, batchSize: 3)
            let new = try PersonalDataCipher.fromFile(KeyRotation.keyPath(world.app.config))
            try await expectAllSealed(world, with: new, not: old)
        }
    }
}
