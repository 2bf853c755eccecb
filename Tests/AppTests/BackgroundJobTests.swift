@testable import App
import Foundation
import LedgerCore
import NIOConcurrencyHelpers
import Testing
import Vapor

/// The background jobs are fair: due work in order of due time, and one failure stops nothing else.
@Suite("Background jobs")
struct BackgroundJobTests {
    @Test("the sweep takes overdue matters longest-overdue first, not by id")
    func dueOrder() async throws {
        try await withWorld { world in
            // The older matter is vetted (reply due in 5 working days); the newer one is not
            // (vetting due the next working day), so the newer one is overdue longer.
            let older = try await world.register()
            try await world.expectOK(world.act(older, "vet", as: "a-chief", ["ledger": "demand"]))
            let newer = try await world.register()
            world.app.clock.advance(by: 30 * 86_400)
            let order = NIOLockedValueBox<[Int]>([])
            let sweep = DeadlineSweep(app: world.app) { id, _, _ in order.withLockedValue { $0.append(id) }; return 0 }
            _ = try await sweep.run()
            #expect(order.withLockedValue { $0 } == [newer, older])
            #expect(try await MatterStore.overdue(at: world.app.clock.now(), limit: 1, on: world.app.db) == [newer])
        }
    }

    @Test("a matter that cannot be chased is retried at the next run; the others are chased meanwhile")
    func failingMatter() async throws {
        try await withWorld { world in
            let broken = try await world.register()
            let fine = try await world.register()
            world.app.clock.advance(by: 3 * 86_400)
            let failing = DeadlineSweep(app: world.app) { id, calendar, now in
                if id == broken { throw AppError(status: .internalServerError, title: "injected", detail: "injected failure") }
                return try await world.app.ledger.chaseOverdue(id, calendar: calendar, now: now)
            }
            let first = try await failing.run()
            #expect(first.failed == [broken])
            #expect(first.stepsRecorded > 0)
            #expect(try await world.matter(fine)["overdue"] as? Bool == true)
            #expect(try await world.matter(broken)["chaseLevel"] as? Int == 0)
            let second = try await world.app.deadlineSweep.run()
            #expect(second.failed.isEmpty && second.stepsRecorded > 0)
            #expect(try await world.matter(broken)["chaseLevel"] as? Int ?? 0 > 0)
        }
    }

    @Test("a failing background job is logged and retried; the jobs after it still run")
    func failingJob() async throws {
        try await withWorld { world in
            let ran = NIOLockedValueBox<[String]>([])
            let jobs: [(name: String, run: @Sendable (Application) async throws -> Void)] = [
                ("first", { _ in ran.withLockedValue { $0.append("first") }; throw AppError(status: .internalServerError, title: "injected", detail: "down") }),
                ("second", { _ in ran.withLockedValue { $0.append("second") } }),
            ]
            #expect(await Scheduler.runOnce(world.app, jobs: jobs) == ["first"])
            #expect(ran.withLockedValue { $0 } == ["first", "second"])
            #expect(await Scheduler.runOnce(world.app, jobs: jobs) == ["first"], "tried again at the next run")
            #expect(await Scheduler.runOnce(world.app).isEmpty, "the real jobs all run on a healthy world")
        }
    }
}
