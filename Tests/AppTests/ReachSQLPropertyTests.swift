@testable import App
import Fluent
import LedgerCore
import PropertyBased
import SQLKit
import Testing

/// The scope rule is written once in memory (`Reach.contains`) and once in SQL (`Reach.sql`).
/// These draw random unit trees, records placed in them and officers of every unit, and show
/// that the database answers exactly what the pure rule answers — on whichever database the
/// suite runs on (SQLite, or PostgreSQL with MINYI_TEST_DATABASE_URL).
@Suite("One scope rule: SQL agrees with Reach.contains")
struct ReachSQLPropertyTests {
    /// A tree drawn from numbers: each city has some districts, each district some stations
    /// and perhaps a partner body, and the city perhaps a partner of its own.
    static func makeTree(_ shape: [Int], on db: any Database) async throws -> [App.Unit] {
        var units: [App.Unit] = []
        var numbers = shape.makeIterator()
        func next(_ bound: Int) -> Int { (numbers.next() ?? 0) % bound }
        for c in 0..<(1 + next(2)) {
            let city = App.Unit(name: "city \(c)", kind: .city, parent: nil); try await city.create(on: db); units.append(city)
            if next(2) == 1 { let p = App.Unit(name: "partner", kind: .partner, parent: city); try await p.create(on: db); units.append(p) }
            for d in 0..<next(4) {
                let district = App.Unit(name: "district \(d)", kind: .district, parent: city); try await district.create(on: db); units.append(district)
                if next(3) == 0 { let p = App.Unit(name: "partner", kind: .partner, parent: district); try await p.create(on: db); units.append(p) }
                for s in 0..<next(4) {
                    let station = App.Unit(name: "station \(s)", kind: .station, parent: district); try await station.create(on: db); units.append(station)
                }
            }
        }
        return units
    }

    @Test("records and units the database finds within an officer's reach are exactly those Reach.contains admits")
    func sqlAgreesWithTheRule() async throws {
        try await withWorld { world in
            let sql = world.app.db.sql
            try await sql.raw("CREATE TABLE scope_probe (id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL, district_id INTEGER, city_id INTEGER NOT NULL)").run()
            var nextID = 0
            await propertyCheck(count: 25, input: Gen.int(in: 0...1_000).array(of: 4...40), Gen.int(in: 0...1_000).array(of: 1...30)) { shape, picks in
                do {
                    let tree = try await Self.makeTree(shape, on: world.app.db)
                    let allUnits = try await App.Unit.query(on: world.app.db).all()
                    // Records placed at units of this tree, some several at one unit.
                    var places: [Int: TreePlace] = [:]
                    for pick in picks {
                        let place = tree[pick % tree.count].place
                        nextID += 1
                        places[nextID] = place
                        try await sql.raw("""
                            INSERT INTO scope_probe (id, unit_id, district_id, city_id)
                            VALUES (\(bind: nextID), \(bind: place.unitID), \(bind: place.districtID), \(bind: place.cityID))
                            """).run()
                    }
                    for officerUnit in tree {
                        let reach = Reach(unitID: officerUnit.id!, kind: officerUnit.kind)
                        let found = Set(try await sql.raw("SELECT id FROM scope_probe WHERE \(reach.sql())").all().map { try $0.decode(column: "id", as: Int.self) })
                        let expected = Set(places.filter { reach.contains($0.value) }.map(\.key))
                        // Records of earlier draws are never within a unit of this one.
                        #expect(found.subtracting(places.keys).isEmpty, "\(officerUnit.kind) \(officerUnit.id!) reached another tree")
                        #expect(found.intersection(places.keys) == expected, "\(officerUnit.kind) \(officerUnit.id!): records")
                        let foundUnits = Set(try await App.Unit.query(on: world.app.db).within(reach).all(\.$id).compactMap { $0 })
                        let expectedUnits = Set(allUnits.filter { reach.contains($0.place) }.map { $0.id! })
                        #expect(foundUnits == expectedUnits, "\(officerUnit.kind) \(officerUnit.id!): units")
                        // A station reaches itself; a district itself and its stations; a partner or a call-back office nothing.
                        switch officerUnit.kind {
                        case .partner, .callbackOffice: #expect(expectedUnits.isEmpty)
                        case .station: #expect(expectedUnits == [officerUnit.id!])
                        case .district, .city: #expect(expectedUnits.contains(officerUnit.id!))
                        }
                    }
                } catch {
                    Issue.record(error)
                }
            }
        }
    }
}
