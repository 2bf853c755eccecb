import CSV
import Fluent
import Foundation
import LedgerCore
import SQLKit
import Testing
@testable import App
@testable import Tools
import YearSimulation
import ZIPFoundation

/// The barometer: a simulated (scaled-down) year through the service layer, the report's
/// figures against counts made here from the records, scorecards, and scoped exports.
@Suite("Barometer", .serialized)
struct BarometerTests {
    /// Gives d2 and station C the deputy and officer a simulation needs, then simulates 1/`scale`
    /// of the Xi'an year in the test world.
    static func simulate(_ world: TestWorld, scale: Int = 150, seed: UInt64 = 3) async throws -> Simulation {
        try await world.addOfficer("d2-deputy", role: .districtDeputy, unit: world.d2)
        try await world.addOfficer("c-officer", role: .officer, unit: world.stationC)
        let simulation = try await Simulation.prepare(app: world.app, profile: SimulationProfile.xian2023.scaled(by: scale), seed: seed,
                                                      console: world.app.console)
        try await simulation.run()
        world.app.clock.set(TestWorld.t0)
        return simulation
    }

    @Test("the report's figures equal counts made independently from the records, and the plan's totals")
    func reportMatchesRecords() async throws {
        try await withWorld { world in
            let simulation = try await Self.simulate(world)
            #expect(simulation.failures == 0)
            let profile = simulation.plan.profile
            let db = world.app.db
            let from = Barometer.start(year: 2023), to = Barometer.start(year: 2024)
            let reply = try await world.send(.GET, "/api/v1/reports/annual?year=2023", as: "city-chief")
            #expect(reply.status == .ok)
            let figures = try reply.decode(Barometer.Figures.self)

            // Counted in Swift from the rows, not by the report's SQL.
            let matters = try await Matter.query(on: db).all()
            let inYear = matters.filter { $0.registeredAt >= from && $0.registeredAt < to && $0.ledger != nil }
            for ledger in Ledger.allCases {
                #expect(figures.registered[ledger] == inYear.filter { $0.ledger == ledger }.count)
                #expect(figures.registered[ledger] == profile.matters[ledger])
            }
            let closed = matters.filter { ($0.closedAt.map { $0 >= from && $0 < to } ?? false) }.count
            #expect(figures.closed.total == closed)
            #expect(closed == profile.mattersClosed)
            let messages = try await ResidentMessage.query(on: db).all()
            #expect(figures.messages.received == messages.count && messages.count == profile.messagesReceived)
            #expect(figures.messages.answered == messages.filter { $0.answeredAt != nil }.count)
            #expect(figures.messages.answered == profile.messagesAnswered)
            #expect(figures.messages.escalated == messages.filter { $0.matterID != nil }.count)
            #expect(figures.messages.escalated == profile.messagesEscalated)
            let entries = try await ReceptionLogEntry.query(on: db).all()
            #expect(figures.reception.residentsServed == entries.reduce(0) { $0 + $1.residentsServed })
            #expect(figures.reception.residentsServed == profile.residentsServed)
            for kind in ReceptionServiceKind.allCases {
                let counted = entries.filter { $0.serviceKind == kind }.count
                #expect(counted == profile.services[kind])
            }
            #expect(figures.reception.consultationHelp == entries.filter { $0.serviceKind == .consultationHelp }.count)
            #expect(figures.reception.otherService == entries.filter { $0.serviceKind == .otherService }.count)
            #expect(figures.reception.rooms == (try await ReceptionRoom.query(on: db).count()))
            #expect(figures.reception.rooms == profile.receptionRooms)
            #expect(figures.engagement.activities == (try await EngagementMeeting.query(on: db).count()))
            #expect(figures.engagement.activities == profile.engagementActivities)
            #expect(figures.engagement.thinkTankMembers == profile.thinkTankMembers)
            let contacts = try await LiaisonContact.query(on: db).all()
            #expect(figures.liaison.contacts == contacts.count && contacts.count == profile.liaisonContacts)
            #expect(figures.liaison.officers == Set(contacts.map(\.officerID)).count)
            let items = try await LiaisonItem.query(on: db).all()
            let closedIDs = Set(matters.filter { $0.status == .closed }.compactMap(\.id))
            #expect(figures.liaison.itemsCollected == items.count && items.count == profile.liaisonItemsCollected)
            let solved = items.filter { $0.solution != nil || ($0.matterID.map(closedIDs.contains) ?? false) }.count
            #expect(figures.liaison.itemsSolved == solved && solved == profile.liaisonItemsSolved)
            // Month by month adds up to the year.
            #expect(figures.months.count == 12)
            #expect(figures.months.reduce(0) { $0 + $1.registered.total } == figures.registered.total)
            #expect(figures.months.reduce(0) { $0 + $1.closed.total } == figures.closed.total)

            // One district: the same figures for its part of the tree only.
            let district = try await world.send(.GET, "/api/v1/reports/annual?year=2023&unit=\(world.d1)", as: "d1-chief").decode(Barometer.Figures.self)
            #expect(district.registered.total == inYear.filter { $0.districtID == world.d1 }.count)
            #expect(district.registered.total < figures.registered.total)
            // A station chief cannot ask for the city.
            #expect(try await world.send(.GET, "/api/v1/reports/annual?year=2023&unit=\(world.city)", as: "a-chief").status == .unprocessableEntity)

            // The ledger export walks the year a page at a time: every matter of the year once,
            // in id order, in CSV and XLSX, audited with its row count.
            let year = matters.filter { $0.registeredAt >= from && $0.registeredAt < to }.sorted { $0.id! < $1.id! }.map(\.reference)
            let csv = try await world.send(.GET, "/barometer/export?what=matters&format=csv&from=2023-01-01&to=2024-01-01", as: "city-chief")
            #expect(csv.status == .ok)
            let reader = try CSVReader(string: String(decoding: csv.body.dropFirst(3), as: UTF8.self), hasHeaderRow: true)
            var exported: [String] = []
            while let record = reader.next() { exported.append(record[0]) }
            #expect(exported == year)
            let xlsx = try await world.send(.GET, "/barometer/export?what=matters&format=xlsx&from=2023-01-01&to=2024-01-01", as: "city-chief")
            let archive = try Archive(data: xlsx.body, accessMode: .read)
            var sheet = Data()
            _ = try archive.extract(try #require(archive["xl/worksheets/sheet1.xml"])) { sheet.append($0) }
            let sheetText = String(decoding: sheet, as: UTF8.self)
            #expect(sheetText.components(separatedBy: "<row ").count - 1 == year.count + 1)
            #expect(sheetText.contains(#"<row r="\#(year.count + 1)">"#) && sheetText.contains(year.last!))
            let audited = try await world.app.db.sql.raw("SELECT payload FROM audit_events WHERE kind = 'exported'").all()
                .map { try $0.decode(column: "payload", as: String.self) }
            #expect(audited.count == 2 && audited.allSatisfy { $0.contains(#""rows":"\#(year.count)""#) })
            // The same walk in pages of 37, so that a year of the test's size spans several.
            #expect(year.count > 3 * 37)
            let chief = try await Officer.find(world.id("city-chief"), on: db)!
            let who = SignedIn(officerID: chief.id!, username: chief.username, displayName: chief.displayName, role: chief.role,
                               unitID: world.city, unitKind: .city, unitName: "city", sessionID: nil, csrfToken: nil)
            let selection = BarometerController.Selection(scope: try await BarometerScope.resolve(world.city, for: who, on: db),
                                                          from: from, to: to, period: .month)
            var pages: [[String]] = []
            _ = try await LedgerExport.matters(selection, who: who, reveal: false, pageSize: 37, app: world.app) { page in
                pages.append(page.map { if case .text(let reference) = $0[0] { reference } else { "" } })
            }
            #expect(pages.count == (year.count + 36) / 37 && pages.dropLast().allSatisfy { $0.count == 37 })
            #expect(pages.flatMap { $0 } == year)

            // The audit chain holds after a year of work.
            if case .failure(let failure) = try await AuditLog.verify(on: db) { Issue.record("audit chain broken: \(failure)") }
        }
    }

    @Test("a different seed gives different records with the same totals")
    func seedsDiffer() async throws {
        var summaries: [[String]] = []
        for seed: UInt64 in [11, 12] {
            try await withWorld { world in
                let simulation = try await Self.simulate(world, scale: 400, seed: seed)
                #expect(simulation.failures == 0)
                let matters = try await Matter.query(on: world.app.db).sort(\.$id).all()
                #expect(matters.filter { $0.ledger != nil }.count == SimulationProfile.xian2023.scaled(by: 400).totalMatters)
                summaries.append(matters.map { "\($0.summary)@\($0.registeredAt.timeIntervalSince1970)" })
            }
        }
        #expect(summaries[0] != summaries[1])
    }

    @Test("a station chief's dashboard and exports hold only that station's matters; every export is audited")
    func stationScope() async throws {
        try await withWorld { world in
            let a = try await world.register(as: "a-officer")
            let b = try await world.register(as: "b-officer")
            let c = try await world.register(as: "c-chief")
            for (id, chief) in [(a, "a-chief"), (b, "b-chief"), (c, "c-chief")] {
                try world.expectOK(await world.act(id, "vet", as: chief, ["ledger": "complaint"]))
            }
            let references = try await Dictionary(uniqueKeysWithValues: [a, b, c].asyncMap { id in
                (id, try await world.matter(id, as: "city-chief")["reference"] as! String)
            })
            let year = Calendar.current.component(.year, from: TestWorld.t0)
            let period = "from=\(year)-01-01&to=\(year + 1)-01-01"

            let (cookie, _) = try await world.signInWithCookie("a-chief")
            let page = try await world.send(.GET, "/barometer?\(period)", cookie: cookie)
            #expect(page.status == .ok)
            #expect(page.text.contains("<svg"))
            #expect(page.text.contains("id=\"scorecard-\(world.stationA)\""))
            #expect(!page.text.contains("scorecard-\(world.stationB)"))
            // Another station's barometer does not exist for this chief.
            let other = try await world.send(.GET, "/barometer?unit=\(world.stationB)&\(period)", cookie: cookie)
            #expect(other.status == .unprocessableEntity)
            #expect(other.text.contains("unit"))

            let csv = try await world.send(.GET, "/barometer/export?what=matters&format=csv&\(period)", cookie: cookie)
            #expect(csv.status == .ok)
            #expect(csv.text.contains(references[a]!))
            #expect(!csv.text.contains(references[b]!))
            #expect(!csv.text.contains(references[c]!))
            // Masked unless revealed, and then only what this chief may reveal.
            #expect(!csv.text.contains(TestWorld.person(0)["phone"] as! String))
            #expect(csv.text.contains("138****5678"))
            let xlsx = try await world.send(.GET, "/barometer/export?what=matters&format=xlsx&\(period)&unit=\(world.stationB)", cookie: cookie)
            #expect(xlsx.status == .unprocessableEntity)
            let revealed = try await world.send(.GET, "/barometer/export?what=matters&format=csv&reveal=true&\(period)", cookie: cookie)
            #expect(revealed.text.contains(TestWorld.person(0)["phone"] as! String))

            let district = try await world.send(.GET, "/barometer/export?what=matters&format=csv&reveal=true&\(period)&unit=\(world.d1)", as: "d1-chief")
            #expect(district.text.contains(references[a]!) && district.text.contains(references[b]!))
            #expect(!district.text.contains(references[c]!))
            // The district chief may not reveal a station's residents from an export.
            #expect(!district.text.contains(TestWorld.person(0)["phone"] as! String))

            let exports = try await world.app.db.sql.raw("SELECT payload FROM audit_events WHERE kind = 'exported'").all()
            #expect(exports.count == 3)
            let payloads = try exports.map { try $0.decode(column: "payload", as: String.self) }
            #expect(payloads.contains { $0.contains("\"revealed\"") && $0.contains("\"1\"") })
        }
    }

    @Test("bad barometer input is a clear error naming the field")
    func badInput() async throws {
        try await withWorld { world in
            let (cookie, _) = try await world.signInWithCookie("city-chief")
            let badDay = try await world.send(.GET, "/barometer?from=2023-13-01&to=2024-01-01", cookie: cookie)
            #expect(badDay.status == .unprocessableEntity)
            #expect(badDay.text.contains("from"))
            let reversed = try await world.send(.GET, "/barometer?from=2024-01-01&to=2023-01-01", cookie: cookie)
            #expect(reversed.status == .unprocessableEntity)
            let format = try await world.send(.GET, "/barometer/export?format=pdf", as: "city-chief")
            #expect(format.status == .unprocessableEntity)
            #expect(format.text.contains("format"))
            let what = try await world.send(.GET, "/barometer/export?what=everything", as: "city-chief")
            #expect(what.status == .unprocessableEntity && what.text.contains("what"))
            let year = try await world.send(.GET, "/api/v1/reports/annual?year=abc", as: "city-chief")
            #expect(year.status == .unprocessableEntity || year.status == .badRequest)
            #expect(try await world.send(.GET, "/api/v1/reports/annual?year=2023", as: "admin").status == .forbidden)
            #expect(try await world.send(.GET, "/api/v1/reports/annual?year=2023").status == .unauthorized)
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
