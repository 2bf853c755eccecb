import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// 督促回复: finds overdue work and has `LedgerService.chaseOverdue` chase it up the chain of
/// command — the handler, then the owning chief, then the next level up — recording each step
/// once. Safe to run on several instances at once: each matter is claimed with
/// `FOR UPDATE SKIP LOCKED` on PostgreSQL and saved only at the version it was read.
package struct DeadlineSweep: Sendable {
    let app: Application

    package struct Report: Content { package var examined: Int; package var stepsRecorded: Int; package var failed: [Int] = [] }

    /// How one matter is chased; tests put a failing one in its place.
    let chase: @Sendable (Int, WorkingCalendar, Date) async throws -> Int

    init(app: Application, chase: (@Sendable (Int, WorkingCalendar, Date) async throws -> Int)? = nil) {
        self.app = app
        self.chase = chase ?? { id, calendar, now in try await app.ledger.chaseOverdue(id, calendar: calendar, now: now) }
    }

    package func run() async throws -> Report {
        let now = app.clock.now()
        let calendar = try await WorkCalendarStore.calendar(on: app.db)
        let candidates = try await MatterStore.overdue(at: now, limit: 1000, on: app.db)
        var report = Report(examined: candidates.count, stepsRecorded: 0)
        // The longest overdue first; a matter that cannot be chased now is logged and found
        // again at the next run, and the others are still chased.
        for id in candidates {
            do {
                report.stepsRecorded += try await chase(id, calendar, now)
            } catch {
                report.failed.append(id)
                app.logger.error("deadline sweep could not chase matter \(id), to be retried: \(error)")
            }
        }
        return report
    }
}

extension Application {
    package var deadlineSweep: DeadlineSweep { DeadlineSweep(app: self) }
}
