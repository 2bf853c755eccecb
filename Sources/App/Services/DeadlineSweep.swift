import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// 督促回复: chases overdue work up the chain of command — the handler, then the owning
/// chief, then the next level up — recording each step once. Safe to run on several
/// instances at once: each matter is claimed with `FOR UPDATE SKIP LOCKED` on PostgreSQL
/// and its chase level is only ever raised.
struct DeadlineSweep: Sendable {
    let app: Application

    struct Report: Content { var examined: Int; var stepsRecorded: Int }

    func run() async throws -> Report {
        let now = app.clock.now()
        let calendar = try await WorkCalendarStore.calendar(on: app.db)
        let candidates = try await Matter.query(on: app.db)
            .filter(\.$status ~~ [.registered, .open, .handling])
            .filter(\.$deadlineAt < now)
            .filter(\.$chaseLevel < ChaseStep.nextLevelChief.rawValue)
            .sort(\.$id)
            .limit(1000)
            .all(\.$id)
        var report = Report(examined: candidates.count, stepsRecorded: 0)
        for id in candidates {
            report.stepsRecorded += try await chase(id, calendar: calendar, now: now)
        }
        return report
    }

    private func chase(_ id: Int, calendar: WorkingCalendar, now: Date) async throws -> Int {
        try await app.write { db in
            let sql = db as! any SQLDatabase
            if sql.dialect.name != "sqlite" {
                let claimed = try await sql.raw("SELECT id FROM matters WHERE id = \(bind: id) FOR UPDATE SKIP LOCKED").all()
                if claimed.isEmpty { return 0 }  // another instance is on it
            }
            guard let matter = try await Matter.fetch(id, on: db), let deadline = matter.deadlineAt,
                  [.registered, .open, .handling].contains(matter.status) else { return 0 }
            let steps = EscalationLadder.stepsToRecord(alreadyChased: matter.chaseLevel, deadline: deadline, now: now, calendar: calendar)
            guard let highest = steps.last else { return 0 }
            let placement = matter.placement
            for step in steps {
                let target: String = switch step {
                case .handler: matter.handlerID.map { "officer:\($0)" } ?? "unit:\(placement.owningUnitID)"
                case .owningChief: "unit:\(placement.owningUnitID)"
                case .nextLevelChief: "unit:\(placement.nextLevelUnitID ?? placement.cityID)"
                }
                try await AuditLog.append(on: db, kind: MatterEventKind.overdueChased.rawValue, matterID: id, actorID: nil,
                                          fields: ["step": String(step.rawValue), "stage": matter.status.rawValue,
                                                   "target": target, "deadline": AuditLog.timestamp(deadline)], at: now)
            }
            if matter.chaseLevel == 0 {
                // 一事一问责: overdue work names who answers for it, once per round.
                let record = AccountabilityRecord()
                record.matterID = id
                record.round = matter.round
                record.cause = .overdue
                record.unitID = matter.unitID
                record.officerID = matter.handlerID
                record.oversightUnitID = placement.nextLevelUnitID ?? placement.cityID
                record.at = now
                try await record.create(on: db)
                try await AuditLog.append(on: db, kind: MatterEventKind.accountabilityRecorded.rawValue, matterID: id, actorID: nil,
                                          fields: ["cause": "overdue", "unit": String(matter.unitID),
                                                   "officer": matter.handlerID.map(String.init) ?? "-"], at: now)
            }
            var update = sql.update("matters").set("chase_level", to: SQLBind(highest.rawValue))
            if highest == .nextLevelChief && matter.escalatedAt == nil { update = update.set("escalated_at", to: SQLBind(now)) }
            let updated = try await update
                .where("id", .equal, SQLBind(id)).where("chase_level", .equal, SQLBind(matter.chaseLevel))
                .returning("id").first()
            guard updated != nil else { throw AppError.conflict("the matter's chase level changed during the sweep") }
            return steps.count
        }
    }
}

extension Application {
    var deadlineSweep: DeadlineSweep { DeadlineSweep(app: self) }
}
