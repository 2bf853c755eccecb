@testable import App
import Foundation
import LedgerCore
import Testing

@Suite("Deadlines and the escalation ladder")
struct DeadlineTests {
    func chaseSteps(_ world: TestWorld, _ id: Int) async throws -> [String] {
        try await world.send(.GET, "/api/v1/matters/\(id)/timeline", as: "city-chief").jsonArray
            .filter { $0["kind"] as? String == "overdueChased" }
            .compactMap { ($0["fields"] as? [String: String])?["target"] }
    }

    @Test("overdue work is chased: handler, owning chief, next level up — each once")
    func ladder() async throws {
        try await withWorld { world in
            // Registered Monday 09:00; vetting is due by the end of Tuesday.
            let id = try await world.register()
            let sweep = { try await world.send(.POST, "/api/v1/sweeps", as: "admin") }
            #expect(try await sweep().json["stepsRecorded"] as? Int == 0)
            world.app.clock.advance(by: 24 * 3600)  // Tuesday 09:00: not yet late
            #expect(try await sweep().json["stepsRecorded"] as? Int == 0)
            let versionBefore = try await world.matter(id)["version"] as? Int
            world.app.clock.advance(by: 16 * 3600)  // Wednesday 01:00: late
            #expect(try await sweep().json["stepsRecorded"] as? Int == 1)
            #expect(try await world.matter(id)["overdue"] as? Bool == true)
            #expect(try await chaseSteps(world, id) == ["unit:\(world.stationA)"])
            // The chase is a change like any other: the version rises, so an action taken on the
            // page as it was before the chase is refused and the officer reloads.
            let versionAfter = try await world.matter(id)["version"] as? Int
            #expect(versionAfter == versionBefore.map { $0 + 1 })
            let stale = try await world.send(.POST, "/api/v1/matters/\(id)/vet", as: "a-chief", json: ["version": versionBefore ?? 0, "ledger": "demand"])
            #expect(stale.status == .conflict)
            #expect(try await sweep().json["stepsRecorded"] as? Int == 0, "a step is recorded once")
            #expect(try await world.matter(id)["version"] as? Int == versionAfter, "a sweep with nothing due changes nothing")
            world.app.clock.advance(by: 24 * 3600)  // Thursday: a working day later → the owning chief
            _ = try await sweep()
            world.app.clock.advance(by: 24 * 3600)  // Friday → the district
            _ = try await sweep()
            #expect(try await chaseSteps(world, id) == ["unit:\(world.stationA)", "unit:\(world.stationA)", "unit:\(world.d1)"])
            #expect(try await world.matter(id)["chaseLevel"] as? Int == 3)
            let overdue = try await world.send(.GET, "/api/v1/matters?overdue=true", as: "a-chief").json["items"] as? [[String: Any]] ?? []
            #expect(overdue.compactMap { $0["id"] as? Int } == [id])
            #expect(try await world.matter(id)["accountabilityRecords"] as? Int == 1)
            // Vetting resets the clock to the reply deadline.
            try await world.expectOK(world.act(id, "vet", as: "a-chief", ["ledger": "demand"]))
            #expect(try await world.matter(id)["overdue"] as? Bool == false)
        }
    }

    @Test("the reply deadline counts working days: 5 for demands, 10 for suggestions; weekends and holidays skipped")
    func replyDeadlines() async throws {
        try await withWorld { world in
            func vetted(_ ledger: String) async throws -> String {
                let id = try await world.register()
                return try await world.act(id, "vet", as: "a-chief", ["ledger": ledger]).json["deadlineAt"] as? String ?? ""
            }
            // Vetted Monday 2 March 2026: 5 working days → end of Monday 9 March (midnight +08:00).
            #expect(try await vetted("demand") == "2026-03-09T16:00:00Z")
            #expect(try await vetted("complaint") == "2026-03-09T16:00:00Z")
            #expect(try await vetted("suggestion") == "2026-03-16T16:00:00Z")
            // A holiday on Wednesday pushes it a day.
            let holiday = try await world.send(.PUT, "/api/v1/settings/calendar-days", as: "admin",
                                               json: ["day": "2026-03-04", "working": false, "name": "测试假日"])
            #expect(holiday.status == .ok)
            #expect(try await vetted("demand") == "2026-03-10T16:00:00Z")
            // The policy is configurable per ledger, by administrators only.
            #expect(try await world.send(.PUT, "/api/v1/settings/deadlines/demand", as: "a-chief", json: ["vetDays": 1, "replyDays": 3]).status == .forbidden)
            #expect(try await world.send(.PUT, "/api/v1/settings/deadlines/demand", as: "admin", json: ["vetDays": 1, "replyDays": 0]).invalidParams == ["replyDays"])
            #expect(try await world.send(.PUT, "/api/v1/settings/deadlines/demand", as: "admin", json: ["vetDays": 1, "replyDays": 3]).status == .ok)
            // Three working days from Monday, with Wednesday a holiday: Tuesday, Thursday, Friday.
            #expect(try await vetted("demand") == "2026-03-06T16:00:00Z")
            #expect(try await world.send(.PUT, "/api/v1/settings/calendar-days", as: "admin",
                                         json: ["day": "2026-02-30", "working": false, "name": "x"]).invalidParams == ["day"])
        }
    }
}
