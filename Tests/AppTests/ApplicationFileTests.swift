@testable import App
import Fluent
import Foundation
import LedgerCore
import NIOHTTP1
import SQLKit
import Testing

/// The identity documents attached to online applications: sealed at rest, opened only by the
/// handling unit through an audited download, removed after the retention time.
@Suite("Application files (身份证件扫描件)")
struct ApplicationFileTests {
    /// A scan with a mark no other file has, so finding the mark finds the scan.
    static func scan() -> (data: Data, mark: Data) {
        let mark = Data("SCAN-\(UUID().uuidString)-\(UUID().uuidString)".utf8)
        return (Data("%PDF-1.4\n".utf8) + mark + Data(" 1 0 obj<<>>endobj\n%%EOF".utf8), mark)
    }

    func apply(_ world: TestWorld, scan: Data, filename: String) async throws -> (id: Int, code: String, files: [Int]) {
        try await ApplicationTests().setUp(world)
        let reply = try await world.sendMultipart("/api/v1/public/applications", fields: ApplicationTests().fields(world), files: [
            ("attachments[]", filename, "application/pdf", scan), ("attachments[]", "photo.png", "image/png", ApplicationTests.png)])
        #expect(reply.status == .created, "\(reply.text)")
        let code = try #require(reply.json["code"] as? String)
        let item = try #require((try await world.send(.GET, "/api/v1/applications", as: "d1-chief").json["items"] as? [[String: Any]] ?? []).first { $0["code"] as? String == code })
        return (try #require(item["id"] as? Int), code, item["attachments"] as? [Int] ?? [])
    }

    /// Every file under `directory` that contains `needle`; files it may not read are skipped.
    static func files(under directory: String, containing needle: Data) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = (directory as NSString).appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: path), data.range(of: needle) != nil else { continue }
            found.append(relative)
        }
        return found
    }

    @Test("an uploaded scan and its file name appear in no file of the data directory, nor of PostgreSQL's data")
    func sealedAtRest() async throws {
        try await withWorld { world in
            let scan = Self.scan()
            let filename = "户口簿-\(UUID().uuidString).pdf"
            let applied = try await apply(world, scan: scan.data, filename: filename)
            // The scan arrived and opens whole for the handling unit; the resident sees the name he gave.
            let download = try await world.send(.GET, "/api/v1/applications/\(applied.id)/attachments/\(applied.files[0])", as: "d1-chief")
            #expect(download.body == scan.data)
            let tracked = try await world.send(.POST, "/api/v1/public/applications/track", json: ["code": applied.code, "phoneLast4": "5678"])
            #expect((tracked.json["attachments"] as? [[String: Any]])?.first?["filename"] as? String == filename)

            let directories: [String]
            if TestWorld.usesPostgres {
                try await world.app.db.sql.raw("CHECKPOINT").run()
                let dataDirectory = try #require(try await world.app.db.sql.raw("SHOW data_directory").first()?.decode(column: "data_directory", as: String.self))
                directories = [world.dataDirectory, dataDirectory]
            } else {
                directories = [world.dataDirectory]
            }
            var searched = 0
            for directory in directories {
                #expect(FileManager.default.fileExists(atPath: directory), "\(directory) is there to search")
                searched += (FileManager.default.enumerator(atPath: directory)?.allObjects.count ?? 0)
                #expect(Self.files(under: directory, containing: scan.mark).isEmpty, "the scan's bytes are in clear under \(directory)")
                #expect(Self.files(under: directory, containing: Data(filename.utf8)).isEmpty, "the file name is in clear under \(directory)")
            }
            #expect(searched > 0)
            // The search can find what is there: the sealed row names the key that sealed it.
            let row = try #require(try await Attachment.find(applied.files[0], on: world.app.db))
            #expect(row.keyID == world.app.cipher.keyID)
            #expect(row.sealedData.range(of: scan.mark) == nil && row.sealedData.count == scan.data.count + 28)
        }
    }

    @Test("only officers of the handling unit download a scan; every download is audited, never cached, never rendered")
    func onlyTheHandlingUnit() async throws {
        try await withWorld { world in
            let applied = try await apply(world, scan: Self.scan().data, filename: "id.pdf")
            let path = "/api/v1/applications/\(applied.id)/attachments/\(applied.files[0])"
            let expected: [(String, HTTPResponseStatus)] = [("d1-chief", .ok), ("d1-deputy", .ok), ("city-chief", .forbidden), ("city-deputy", .forbidden),
                                                   ("admin", .forbidden), ("a-chief", .notFound), ("d2-chief", .notFound), ("c-chief", .notFound)]
            for (username, status) in expected {
                let reply = try await world.send(.GET, path, as: username)
                #expect(reply.status == status, "\(username): \(reply.status)")
                if status == .ok {
                    #expect(reply.headers.first(name: "Content-Disposition") == "attachment; filename=\"material-\(applied.files[0]).pdf\"")
                    #expect(reply.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(reply.headers.first(name: "Cache-Control") == "no-store")
                }
            }
            let audited = try await AuditEvent.query(on: world.app.db).filter(\.$kind == AuditKind.attachmentViewed.rawValue).all()
            #expect(audited.compactMap(\.actorID).sorted() == [world.id("d1-chief"), world.id("d1-deputy")].sorted())
        }
    }

    @Test("files stored in clear by an earlier version are sealed at the next start, and still open")
    func clearFilesSealed() async throws {
        try await withWorld { world in
            let applied = try await apply(world, scan: Self.scan().data, filename: "id.pdf")
            let clear = Self.scan()
            // As an earlier version stored it: bytes and name in clear, no key id.
            try await world.app.db.sql.raw("""
                UPDATE attachments SET data = \(bind: clear.data), filename = 'old-name.pdf', key_id = NULL WHERE id = \(bind: applied.files[0])
                """).run()
            #expect(try await ApplicationFileKeeper.sealClearFiles(world.app) == 1)
            let row = try #require(try await Attachment.find(applied.files[0], on: world.app.db))
            #expect(row.keyID == world.app.cipher.keyID && row.sealedData.range(of: clear.mark) == nil && row.sealedFilename != "old-name.pdf")
            #expect(try await world.send(.GET, "/api/v1/applications/\(applied.id)/attachments/\(applied.files[0])", as: "d1-chief").body == clear.data)
            #expect(try await ApplicationFileKeeper.sealClearFiles(world.app) == 0, "a sealed file is not sealed twice")
        }
    }

    @Test("files are removed the retention time after the application ended; files of open or recently ended applications stay")
    func retention() async throws {
        try await withWorld { world in
            let ended = try await apply(world, scan: Self.scan().data, filename: "ended.pdf")
            let open = try await world.sendMultipart("/api/v1/public/applications", fields: ApplicationTests().fields(world, phone: "13912340000"), files: [
                ("attachments[]", "id.pdf", "application/pdf", Self.scan().data), ("attachments[]", "photo.png", "image/png", ApplicationTests.png)])
            #expect(open.status == .created)
            try world.expectOK(try await world.send(.POST, "/api/v1/applications/\(ended.id)/status", as: "d1-chief", json: ["status": "rejected", "note": "材料不全"]))
            world.app.clock.advance(by: 179 * 86_400)
            #expect(try await ApplicationFileKeeper.purgeExpired(world.app) == 0, "kept within the retention time")
            world.app.clock.advance(by: 2 * 86_400)
            #expect(try await Scheduler.runOnce(world.app).isEmpty)
            let path = "/api/v1/applications/\(ended.id)/attachments/\(ended.files[0])"
            // Half a year on, the morning's token has expired: sign in again.
            let fresh = try await TokenTests().issue(world, "d1-chief", label: "half a year on").token
            #expect(try await world.send(.GET, path, bearer: fresh).status == .gone)
            let rows = try await Attachment.query(on: world.app.db).sort(\.$id).all()
            #expect(rows.filter { $0.purgedAt != nil }.map(\.id) == ended.files.map { Optional($0) })
            #expect(rows.filter { $0.purgedAt != nil }.allSatisfy { $0.sealedData.isEmpty && $0.sealedFilename.isEmpty })
            #expect(rows.filter { $0.purgedAt == nil }.count == 2 && rows.filter { $0.purgedAt == nil }.allSatisfy { !$0.sealedData.isEmpty })
            let tracked = try await world.send(.POST, "/api/v1/public/applications/track", json: ["code": ended.code, "phoneLast4": "5678"])
            #expect((tracked.json["attachments"] as? [[String: Any]])?.allSatisfy { $0["removedAt"] is String && $0["filename"] as? String == "" } == true)
            #expect(try await AuditEvent.query(on: world.app.db).filter(\.$kind == AuditKind.attachmentsPurged.rawValue).count() == 1)
            #expect(try await ApplicationFileKeeper.purgeExpired(world.app) == 0, "removed once")
        }
    }
}
