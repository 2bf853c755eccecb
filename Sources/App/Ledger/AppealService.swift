import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// 监督: appeals against ratings a unit believes malicious, decided one level up.
struct AppealService: Sendable {
    let app: Application

    struct AppealDTO: Content {
        let id: Int; let round: Int; let complainantId: Int; let reason: String; let filedBy: Int; let filedAt: Date
        let decision: AppealDecision?; let decisionNote: String?; let decidedBy: Int?; let decidedAt: Date?
        init(_ appeal: RatingAppeal) {
            id = appeal.id!; round = appeal.round; complainantId = appeal.complainantID; reason = appeal.reason
            filedBy = appeal.filedBy; filedAt = appeal.filedAt; decision = appeal.decision; decisionNote = appeal.decisionNote
            decidedBy = appeal.decidedBy; decidedAt = appeal.decidedAt
        }
    }

    func file(matterID: Int, complainantID: Int, round: Int, reason: String, by who: SignedIn) async throws -> AppealDTO {
        try NewMatterInput.text(reason, field: "reason", max: 2000)
        let now = app.clock.now()
        return try await app.write { db in
            guard let matter = try await Matter.fetch(matterID, on: db), who.actor.reach.contains(matter.placement.place) else {
                throw AppError.notFound("matter \(matterID)")
            }
            let response = try await MatterStore.responses(ofMatter: matterID, complainant: complainantID, round: round, on: db).first
            guard let response else { throw AppError.invalid("complainantId", "no rating of this complainant in that round") }
            do throws(LedgerError) { try AppealRules.mayFile(who.actor, placement: matter.placement, rating: response.rating) } catch { throw AppError(error) }
            if try await !MatterStore.appeals(ofMatter: matterID, complainant: complainantID, round: round, on: db).isEmpty {
                throw AppError.conflict("this rating was already appealed", field: "complainantId")
            }
            let appeal = RatingAppeal()
            appeal.matterID = matterID; appeal.round = round; appeal.complainantID = complainantID
            appeal.reason = reason; appeal.filedBy = who.officerID; appeal.filedAt = now
            try await appeal.create(on: db)
            try await AuditLog.append(on: db, kind: .ratingAppealed, matterID: matterID, actorID: who.officerID,
                                      fields: ["appeal": String(appeal.id!), "round": String(round), "complainant": String(complainantID), "reason": AuditLog.digest(reason)], at: now)
            return AppealDTO(appeal)
        }
    }

    func decide(appealID: Int, decision: AppealDecision, note: String, by who: SignedIn) async throws -> AppealDTO {
        try NewMatterInput.text(note, field: "note", max: 2000)
        let now = app.clock.now()
        return try await app.write { db in
            guard let appeal = try await RatingAppeal.fetch(appealID, on: db), let matter = try await Matter.fetch(appeal.matterID, on: db),
                  who.actor.reach.contains(matter.placement.place) else { throw AppError.notFound("appeal \(appealID)") }
            do throws(LedgerError) { try AppealRules.mayDecide(who.actor, placement: matter.placement) } catch { throw AppError(error) }
            guard appeal.decision == nil else { throw AppError.conflict("the appeal was already decided", field: "decision") }
            appeal.decision = decision; appeal.decisionNote = note; appeal.decidedBy = who.officerID; appeal.decidedAt = now
            try await appeal.save(on: db)
            if decision == .upheld {
                // The malicious rating no longer counts against anyone.
                try await MatterStore.annulDissatisfactionRecords(ofMatter: appeal.matterID, round: appeal.round, byAppeal: appealID, on: db)
            }
            try await AuditLog.append(on: db, kind: .appealDecided, matterID: appeal.matterID, actorID: who.officerID,
                                      fields: ["appeal": String(appealID), "decision": decision.rawValue, "note": AuditLog.digest(note)], at: now)
            return AppealDTO(appeal)
        }
    }

    func appeals(matterID: Int) async throws -> [AppealDTO] {
        try await MatterStore.appeals(ofMatter: matterID, on: app.db).map(AppealDTO.init)
    }
}

extension Application {
    var appeals: AppealService { AppealService(app: self) }
}
