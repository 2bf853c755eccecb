import Fluent
import LedgerCore
import Foundation
import SQLKit
import Testing
import Vapor
@testable import App

/// Text search over matters goes through the full-text index and stays exact.
@Suite("Text search")
struct SearchTests {
    @Test("Chinese and Latin words, whole phrases, a lone character and a reference are found; nothing else is")
    func search() async throws {
        try await withWorld { world in
            let noise = try await world.register(summary: "工地夜间施工噪音扰民")
            let dispute = try await world.register(summary: "邻里纠纷：楼上漏水")
            let fraud = try await world.register(summary: "接到冒充客服的WiFi诈骗电话")
            func found(_ text: String) async throws -> [Int] {
                let query = text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&+=")))!
                let reply = try await world.send(.GET, "/api/v1/matters?q=\(query)", as: "a-chief")
                #expect(reply.status == .ok)
                return (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            }
            #expect(try await found("噪音") == [noise])
            #expect(try await found("施工噪音扰民") == [noise])
            #expect(try await found("扰民噪音").isEmpty, "the pairs are all there, but not in this order")
            #expect(try await found("噪") == [noise], "a lone character is found by a scan")
            #expect(try await found("wifi") .isEmpty == TestWorld.usesPostgres, "case: SQLite's LIKE ignores ASCII case, PostgreSQL's does not")
            #expect(try await found("WiFi诈骗") == [fraud])
            #expect(try await found("漏水") == [dispute])
            #expect(try await found("纠纷漏水").isEmpty)
            let reference = try await world.matter(dispute)["reference"] as! String
            #expect(try await found(reference) == [dispute])
        }
    }

    @Test("a reference is found by its own index, beside the matters that mention it, each in its place by id across pages")
    func referenceBesideMentions() async throws {
        try await withWorld { world in
            let named = try await world.register(summary: "邻里纠纷：楼上漏水")
            let reference = try await world.matter(named)["reference"] as! String
            let mentions = [try await world.register(summary: "再次反映漏水：见\(reference)"), try await world.register(summary: "补充\(reference)的情况")]
            let sql = world.app.db.sql
            let words = try await sql.raw("SELECT search_text FROM matters WHERE id = \(bind: named)").first()!.decode(column: "search_text", as: String.self)
            #expect(words == SearchGrams.document("邻里纠纷：楼上漏水 百余户业主与物业之间存在涉众类经济纠纷"), "the reference is not among the search words")
            func page(_ cursor: String?) async throws -> (ids: [Int], next: String?) {
                let reply = try await world.send(.GET, "/api/v1/matters?q=\(reference)&limit=1" + (cursor.map { "&cursor=" + $0 } ?? ""), as: "a-chief")
                #expect(reply.status == .ok)
                return ((reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }, reply.json["nextCursor"] as? String)
            }
            var pages: [[Int]] = [], cursor: String?
            repeat {
                let next = try await page(cursor)
                pages.append(next.ids)
                cursor = next.next
            } while cursor != nil && pages.count < 5
            #expect(pages == [[mentions[1]], [mentions[0]], [named]])
        }
    }

    @Test("every reference a matter is given has a reference's shape, and search text that is not one does not")
    func referenceShape() {
        let calendar = WorkingCalendar()
        for (id, seconds) in [(1, 0.0), (42, 1_700_000_000.0), (999_999, 1_795_000_000.0), (1_234_567, 2_000_000_000.0)] {
            let reference = LedgerService.reference(id: id, at: Date(timeIntervalSince1970: seconds), calendar: calendar)
            #expect(LedgerService.isReferenceShaped(reference), "\(reference)")
        }
        for text in ["噪音扰民", "MY2026030-000001", "my20260302-000001", "MY20260302-00001", "MY20260302_000001", "MY20260302-00000a", "MY20260302-000001 噪音", ""] {
            #expect(!LedgerService.isReferenceShaped(text), "\(text)")
        }
    }

    @Test("M0038 takes the reference out of the search words a matter had, and its revert puts it back")
    func migrationRewritesWords() async throws {
        try await withWorld { world in
            let id = try await world.register(summary: "工地夜间施工噪音扰民")
            let reference = try await world.matter(id)["reference"] as! String
            let sql = world.app.db.sql
            func words() async throws -> String {
                try await sql.raw("SELECT search_text FROM matters WHERE id = \(bind: id)").first()!.decode(column: "search_text", as: String.self)
            }
            let withoutReference = try await words()
            try await M0038_SearchWordsWithoutReference().revert(on: world.app.db)
            #expect(try await words() == SearchGrams.document(reference + " 工地夜间施工噪音扰民 百余户业主与物业之间存在涉众类经济纠纷"))
            try await M0038_SearchWordsWithoutReference().prepare(on: world.app.db)
            #expect(try await words() == withoutReference)
            #expect(withoutReference == SearchGrams.document("工地夜间施工噪音扰民 百余户业主与物业之间存在涉众类经济纠纷"))
        }
    }

    @Test("a search pages newest first within the officer's scope, however the index's matches are batched")
    func pagesThroughBatches() async throws {
        try await withWorld { world in
            // Matches at two stations, with non-matching matters between them.
            var noiseA: [Int] = [], noiseB: [Int] = []
            for n in 0..<7 {
                noiseA.append(try await world.register(as: "a-officer", summary: "工地夜间施工噪音扰民（第\(n)次）"))
                _ = try await world.register(as: "a-officer", summary: "邻里纠纷：楼上漏水")
                noiseB.append(try await world.register(as: "b-officer", summary: "夜间施工噪音扰民，\(n)号楼"))
            }
            func signedIn(_ username: String) async throws -> SignedIn {
                let officer = try await Officer.find(world.id(username), on: world.app.db)!
                let unit = try await App.Unit.find(officer.unitID, on: world.app.db)!
                return SignedIn(officerID: officer.id!, username: officer.username, displayName: officer.displayName, role: officer.role,
                                unitID: unit.id!, unitKind: unit.kind, unitName: unit.name, sessionID: nil, csrfToken: nil)
            }
            func everyPage(_ username: String, batch: Int) async throws -> [[Int]] {
                let who = try await signedIn(username)
                var pages: [[Int]] = [], cursor: String?
                repeat {
                    let path = "/api/v1/matters?q=" + "噪音扰民".addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + "&limit=3"
                        + (cursor.map { "&cursor=" + $0 } ?? "")
                    let request = Request(application: world.app, method: .GET, url: URI(string: path), on: world.app.eventLoopGroup.next())
                    var filters = try MatterList.Filters(from: request.query)
                    filters.searchBatch = batch
                    let list = try await MatterList.load(filters, for: who, on: world.app.db)
                    pages.append(list.items.map(\.id))
                    cursor = list.nextCursor
                } while cursor != nil && pages.count < 20
                return pages
            }
            let everyone = (noiseA + noiseB).sorted(by: >)
            for batch in [1, 2, 5, 500] {
                let city = try await everyPage("city-chief", batch: batch)
                #expect(city.flatMap { $0 } == everyone, "batch \(batch): the city sees every match, newest first")
                #expect(city.dropLast().allSatisfy { $0.count == 3 }, "batch \(batch): full pages of 3 until the last")
                let stationA = try await everyPage("a-chief", batch: batch)
                #expect(stationA.flatMap { $0 } == noiseA.sorted(by: >), "batch \(batch): station A sees only its own matches")
            }
        }
    }

    @Test("on PostgreSQL a search pages newest first across the index's blocks of ids, within the officer's scope")
    func pagesAcrossWordBlocks() async throws {
        guard TestWorld.usesPostgres else { return }
        try await withWorld { world in
            let sql = world.app.db.sql
            // Matches in blocks far apart (ids jump with the sequence), at two stations, with others between.
            var noiseA: [Int] = [], noiseB: [Int] = []
            for (n, jump) in [0, 10_003, 19_999, 45_000, 130_000, 131_000, 400_000].enumerated() {
                if jump > 0 { try await sql.raw("SELECT setval(pg_get_serial_sequence('matters', 'id'), \(bind: jump))").run() }
                noiseA.append(try await world.register(as: "a-officer", summary: "工地夜间施工噪音扰民（第\(n)次）"))
                _ = try await world.register(as: "a-officer", summary: "邻里纠纷：楼上漏水")
                if n % 2 == 0 { noiseB.append(try await world.register(as: "b-officer", summary: "夜间施工噪音扰民，\(n)号楼")) }
            }
            #expect(Set((noiseA + noiseB).map { $0 / MatterList.wordBlock }).count >= 6, "the matches lie in many blocks")
            func everyPage(_ username: String) async throws -> [[Int]] {
                var pages: [[Int]] = [], cursor: String?
                repeat {
                    let path = "/api/v1/matters?q=" + "噪音扰民".addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + "&limit=2"
                        + (cursor.map { "&cursor=" + $0 } ?? "")
                    let page = try await world.send(.GET, path, as: username).json
                    pages.append((page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })
                    cursor = page["nextCursor"] as? String
                } while cursor != nil && pages.count < 20
                return pages
            }
            let city = try await everyPage("city-chief")
            #expect(city.flatMap { $0 } == (noiseA + noiseB).sorted(by: >), "the city sees every match once, newest first")
            #expect(city.dropLast().allSatisfy { $0.count == 2 }, "full pages until the last")
            #expect(try await everyPage("a-chief").flatMap { $0 } == noiseA.sorted(by: >), "station A sees only its own matches")
        }
    }
}
