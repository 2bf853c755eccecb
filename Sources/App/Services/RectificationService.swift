import Fluent
import Foundation
import LedgerCore
import Vapor

/// 差评整改: the unit that served calls the resident back (1 working day) and puts the matter
/// right with an answer (5 working days); a missed deadline is chased up the chain like a
/// ledger deadline (the scheduler's "rectifications" job).
package struct RectificationService: Sendable {
    let app: Application

    package struct TaskView: Content {
        let id: Int, evaluationId: Int, unitId: Int
        let stage: RectificationStage
        let rating: ServiceRating, reasons: [EvaluationReason], comment: String
        let serviceCode: String, hallId: Int?, windowId: Int?
        let ratedAt: Date, deadlineAt: Date?, rectifyDueAt: Date
        let chaseLevel: Int, escalatedAt: Date?
        let calledBackAt: Date?, callbackNote: String?, rectifiedAt: Date?, answer: String?
        let appealState: EvaluationAppealState?
        /// Masked; the unit calls from the booking or application it already holds.
        let phone: String
    }

    package struct CallbackBody: Content { let note: String; let calledAt: Date? }
    package struct RectifyBody: Content { let answer: String }

    /// The tasks the officer reaches, newest first.
    func list(for who: SignedIn, openOnly: Bool, before cursor: Int?, limit: Int) async throws -> [TaskView] {
        var views: [TaskView] = []
        for task in try await RectificationStore.tasks(within: who.reach, openOnly: openOnly, before: cursor, limit: limit, on: app.db) {
            views.append(try await view(task))
        }
        return views
    }

    func show(_ id: Int, for who: SignedIn) async throws -> TaskView {
        guard let task = try await RectificationStore.task(id, on: app.db), who.reach.contains(task.place) else {
            throw AppError.notFound("rectification task \(id)")
        }
        return try await view(task)
    }

    package struct Phone: Content { let taskId: Int; let phone: String }

    /// The full number, for the unit's call-back: only to an officer who works the task; recorded.
    func revealPhone(_ id: Int, by who: SignedIn) async throws -> Phone {
        let now = app.clock.now()
        return try await app.write { db in
            let task = try await load(id, for: who, on: db)
            try AppError.checking { () throws(LedgerError) in try RectificationRules.mayAct(who.actor, taskUnitID: task.unitId) }
            guard let evaluation = try await EvaluationStore.evaluation(task.evaluationId, on: db),
                  let found = try await EvaluationStore.case(evaluation.caseKind, id: evaluation.caseId, on: db) else {
                throw AppError.notFound("evaluation \(task.evaluationId)")
            }
            try await AuditLog.append(on: db, kind: .rectificationPhoneRevealed, matterID: nil, actorID: who.officerID,
                                      fields: ["task": String(id)], at: now)
            return Phone(taskId: id, phone: try app.cipher.open(found.phoneSealed))
        }
    }

    /// The unit called the resident back: when (not in the future, not before the rating) and what was said.
    func callBack(_ id: Int, _ body: CallbackBody, by who: SignedIn) async throws -> TaskView {
        try NewMatterInput.text(body.note, field: "note", max: 2000)
        let now = app.clock.now()
        let calledAt = try CallbackService.checkCallTime(body.calledAt, now: now)
        try await app.write { db in
            let task = try await load(id, for: who, on: db)
            try AppError.checking { () throws(LedgerError) in
                try RectificationRules.mayAct(who.actor, taskUnitID: task.unitId)
                _ = try RectificationRules.callBack(from: task.stage)
            }
            guard calledAt >= task.ratedAt else { throw AppError.invalid("calledAt", "is before the rating") }
            guard try await RectificationStore.recordCallback(id, note: body.note, at: calledAt, by: who.officerID, on: db) else {
                throw AppError.conflict("the task moved on meanwhile", field: "stage")
            }
            try await AuditLog.append(on: db, kind: .rectificationCalledBack, matterID: nil, actorID: who.officerID,
                                      fields: ["task": String(id), "calledAt": AuditLog.timestamp(calledAt)], at: now)
        }
        return try await show(id, for: who)
    }

    /// The unit put the matter right; the answer goes to the resident by SMS.
    func rectify(_ id: Int, _ body: RectifyBody, by who: SignedIn) async throws -> TaskView {
        try NewMatterInput.text(body.answer, field: "answer", max: 2000)
        let now = app.clock.now()
        try await app.write { db in
            let task = try await load(id, for: who, on: db)
            try AppError.checking { () throws(LedgerError) in
                try RectificationRules.mayAct(who.actor, taskUnitID: task.unitId)
                _ = try RectificationRules.rectify(from: task.stage)
            }
            guard try await RectificationStore.recordRectified(id, answer: body.answer, at: now, by: who.officerID, on: db) else {
                throw AppError.conflict("the task moved on meanwhile", field: "stage")
            }
            if let evaluation = try await EvaluationStore.evaluation(task.evaluationId, on: db),
               let found = try await EvaluationStore.case(evaluation.caseKind, id: evaluation.caseId, on: db) {
                try await Outbox.enqueue(on: db, dedupeKey: "rectification-answered:\(id)", channel: .sms, recipientSealed: found.phoneSealed,
                                         template: "rectificationAnswered", payload: ["code": found.code, "answer": body.answer],
                                         notBefore: now, now: now)
            }
            try await AuditLog.append(on: db, kind: .rectificationDone, matterID: nil, actorID: who.officerID,
                                      fields: ["task": String(id), "onTime": now <= task.rectifyDueAt ? "yes" : "no"], at: now)
        }
        return try await show(id, for: who)
    }

    /// Chases overdue tasks: each step once, in the audit chain, naming whom it reaches (the
    /// unit, its chief, the next level up). Returns the steps recorded.
    @discardableResult
    func chase(limit: Int = 200) async throws -> Int {
        let now = app.clock.now()
        let calendar = try await WorkCalendarStore.calendar(on: app.db)
        var recorded = 0
        for id in try await RectificationStore.overdue(now: now, limit: limit, on: app.db) {
            recorded += try await app.write { db -> Int in
                guard let task = try await RectificationStore.task(id, lock: .skipLocked, on: db),
                      let chase = RectificationRules.chase(stage: task.stage, chaseLevel: task.chaseLevel, deadline: task.deadlineAt,
                                                           escalatedBefore: task.escalatedAt != nil, now: now, calendar: calendar)
                else { return 0 }
                let placement = MatterPlacement(unitID: task.unitId, districtID: task.districtId, cityID: task.cityId)
                for step in chase.steps {
                    let target = step == .nextLevelChief ? placement.nextLevelUnitID ?? placement.cityID : task.unitId
                    try await AuditLog.append(on: db, kind: .rectificationChased, matterID: nil, actorID: nil, fields: [
                        "task": String(id), "step": String(step.rawValue), "stage": task.stage.rawValue, "target": "unit:\(target)",
                        "deadline": AuditLog.timestamp(task.deadlineAt ?? now),
                    ], at: now)
                }
                try await RectificationStore.recordChase(id, chaseLevel: chase.chaseLevel, escalatedAt: chase.escalates ? now : nil, on: db)
                if chase.escalates { Telemetry.escalations.increment() }
                return chase.steps.count
            }
        }
        return recorded
    }

    private func load(_ id: Int, for who: SignedIn, on db: any Database) async throws -> RectificationStore.Task {
        guard let task = try await RectificationStore.task(id, lock: .wait, on: db), who.reach.contains(task.place) else {
            throw AppError.notFound("rectification task \(id)")
        }
        return task
    }

    private func view(_ task: RectificationStore.Task) async throws -> TaskView {
        guard let evaluation = try await EvaluationStore.evaluation(task.evaluationId, on: app.db),
              let found = try await EvaluationStore.case(evaluation.caseKind, id: evaluation.caseId, on: app.db) else {
            throw AppError.notFound("evaluation \(task.evaluationId)")
        }
        return TaskView(id: task.id, evaluationId: task.evaluationId, unitId: task.unitId, stage: task.stage, rating: evaluation.rating,
                        reasons: evaluation.reasonList, comment: evaluation.comment, serviceCode: evaluation.serviceCode,
                        hallId: evaluation.hallId, windowId: evaluation.windowId, ratedAt: task.ratedAt, deadlineAt: task.deadlineAt,
                        rectifyDueAt: task.rectifyDueAt, chaseLevel: task.chaseLevel, escalatedAt: task.escalatedAt,
                        calledBackAt: task.calledBackAt, callbackNote: task.callbackNote, rectifiedAt: task.rectifiedAt, answer: task.answer,
                        appealState: evaluation.appealState, phone: Masking.phone(try app.cipher.open(found.phoneSealed)))
    }
}

extension Application {
    package var rectifications: RectificationService { RectificationService(app: self) }
}
