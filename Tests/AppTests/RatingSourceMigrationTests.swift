import Foundation
import LedgerCore
import SQLKit
import Testing
@testable import App

/// M0048 on a database that has ratings from before it: the units' own are kept but no longer
/// counted; the ones the audit chain shows residents gave stay certified.
@Suite("Ratings recorded before the resident's-own-word rule")
struct RatingSourceMigrationTests {
    struct Rated: Decodable { let complainantId: Int; let ratedBy: String?; let ratingChannel: String?; let ratedAt: Date?; let unitRatedAt: Date? }
    struct Count: Decodable { let n: Int }

    func ratedTally(_ world: TestWorld) async throws -> Int {
        try await world.app.db.statements.row("""
            SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM (
              SELECT n FROM matter_tallies WHERE measure = 'rated' UNION ALL SELECT n FROM matter_tally_changes WHERE measure = 'rated') t
            """, as: Count.self)?.n ?? -1
    }

    @Test("a unit's earlier rating becomes recordedByUnit and leaves the figures; a resident's own stays certified")
    func marksEarlierRatings() async throws {
        try await withWorld { world in
            let byUnit = try await world.register(), byResident = try await world.register()
            try await world.bringToReplied(byUnit)
            try await world.bringToReplied(byResident)
            let unitPerson = try await world.complainantIDs(byUnit)[0], residentPerson = try await world.complainantIDs(byResident)[0]
            let db = world.app.db
            let migration = M0048_UpdateComplainantRoundsAddRatingSource()
            try await migration.revert(on: db)
            // The database as it was: both rated, one by an officer of the unit, one by the resident online.
            let now = world.app.clock.now()
            for person in [unitPerson, residentPerson] {
                try await db.statements.run("UPDATE complainant_rounds SET rating = 'satisfied', rated_at = \(bind: now) WHERE complainant_id = \(bind: person)")
            }
            try await AuditLog.append(on: db, kind: .init(.rated), matterID: byUnit, actorID: world.id("a-officer"),
                                      fields: ["complainant": String(unitPerson), "round": "1", "rating": "satisfied", "by": "officer"], at: now)
            try await AuditLog.append(on: db, kind: .init(.rated), matterID: byResident, actorID: nil,
                                      fields: ["complainant": String(residentPerson), "round": "1", "rating": "satisfied", "by": "resident"], at: now)
            let before = try await ratedTally(world)
            #expect(before == 2)

            try await migration.prepare(on: db)

            let rows = try await db.statements.rows("""
                SELECT complainant_id, rated_by, rating_channel, rated_at, unit_rated_at FROM complainant_rounds
                WHERE complainant_id IN (\(bind: unitPerson), \(bind: residentPerson))
                """, as: Rated.self)
            let unit = try #require(rows.first { $0.complainantId == unitPerson })
            let resident = try #require(rows.first { $0.complainantId == residentPerson })
            #expect(unit.ratedBy == "recordedByUnit" && unit.ratingChannel == "unit" && unit.ratedAt == nil && unit.unitRatedAt != nil)
            #expect(resident.ratedBy == "resident" && resident.ratingChannel == "trackingPage" && resident.ratedAt != nil)
            #expect(try await ratedTally(world) == 1, "the unit's rating still counts in the figures")
            // Kept and shown, marked as not counted.
            let people = try #require(try await world.matter(byUnit)["complainants"] as? [[String: Any]])
            #expect(people[0]["rating"] as? String == "satisfied" && people[0]["ratedBy"] as? String == "recordedByUnit")
            // The public board shows only certified satisfaction.
            for id in [byUnit, byResident] {
                try await world.expectOK(world.act(id, "publish", as: "a-chief", ["asked": "商厦业主与物业长期纠纷", "summary": "纠纷已化解"]))
                try await world.expectOK(world.act(id, "accountability", as: "a-chief", ["answerableOfficerId": world.id("a-officer"), "finding": "无过错"]))
                try await world.expectOK(world.act(id, "close", as: "a-chief"))
            }
            let board = try await world.send(.GET, "/api/v1/public/board").json["items"] as? [[String: Any]] ?? []
            let satisfied = Dictionary(uniqueKeysWithValues: board.compactMap { entry in
                (entry["reference"] as? String).map { ($0, entry["satisfied"] as? Int ?? -1) }
            })
            let references = try await [byUnit, byResident].asyncMap { try await world.matter($0)["reference"] as? String ?? "" }
            #expect(satisfied[references[0]] == 0, "the board counts the unit's own rating")
            #expect(satisfied[references[1]] == 1)
        }
    }
}
