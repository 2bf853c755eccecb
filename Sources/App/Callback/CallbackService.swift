import Fluent
import Foundation
import LedgerCore
import Vapor

/// The call-back office (回访): it calls residents whose replies nobody has rated, records
/// what they say, and — only after its calls — reports a resident unreachable. It is not in any
/// matter's chain of command, so the unit being judged never certifies itself.
package struct CallbackService: Sendable {
    let app: Application

    package struct QueueItem: Content {
        let matterId: Int, round: Int, complainantId: Int, reference: String
        let reply: String, repliedAt: Date
        /// Masked; the full number is revealed for the call by an audited act.
        let phone: String
        let calls: Int
    }

    package struct CallRecord: Content {
        let outcome: CallOutcome
        let calledAt: Date?
        let rating: Satisfaction?
        let comment: String?
        let note: String?
    }

    package struct CallView: Content {
        let id: Int, officerId: Int, calledAt: Date, outcome: CallOutcome, note: String?
    }

    package struct Phone: Content { let matterId: Int; let complainantId: Int; let phone: String }

    /// The office an officer works in: only call-back officers at a call-back office have one.
    func caller(_ who: SignedIn) async throws -> (CallbackCaller, officeID: Int) {
        guard who.role == .callbackOfficer, who.unitKind == .callbackOffice,
              let office = try await Unit.fetch(who.unitID, on: app.db) else {
            throw AppError.forbidden("only officers of a call-back office call residents back")
        }
        let place = TreePlace(unitID: office.id!, districtID: office.districtID, cityID: office.cityRootID)
        return (CallbackCaller(officerID: who.officerID, office: place), office.id!)
    }

    /// Replies no resident has rated within the working days allowed, oldest first.
    package func queue(for who: SignedIn, limit: Int = 100) async throws -> [QueueItem] {
        let (caller, _) = try await caller(who)
        let now = app.clock.now()
        let days = app.config.callbackAfterWorkingDays
        let calendar = try await WorkCalendarStore.calendar(on: app.db)
        // N working days are at least N calendar days: the query narrows by that, the rule decides.
        let rows = try await CallbackStore.waiting(office: caller.office, repliedBefore: now.addingTimeInterval(-Double(days) * 86_400),
                                                   limit: limit, on: app.db)
        return try rows.filter { CallbackRules.isDue(repliedAt: $0.repliedAt, now: now, workingDays: days, calendar: calendar) }.map {
            QueueItem(matterId: $0.matterId, round: $0.round, complainantId: $0.complainantId, reference: $0.reference,
                      reply: $0.reply, repliedAt: $0.repliedAt, phone: Masking.phone(try app.cipher.open($0.phoneSealed)), calls: $0.calls)
        }
    }

    /// The full number, for the call: only for a reply waiting in this office's queue; recorded.
    package func revealPhone(matterID: Int, complainantID: Int, by who: SignedIn) async throws -> Phone {
        let (caller, _) = try await caller(who)
        let (matter, _) = try await waitingReply(matterID: matterID, complainantID: complainantID, caller: caller, on: app.db)
        guard let person = try await MatterStore.complainant(complainantID, ofMatter: matterID, on: app.db) else {
            throw AppError.notFound("complainant \(complainantID)")
        }
        let now = app.clock.now()
        _ = try await app.write { db in
            try await AuditLog.append(on: db, kind: .callbackPhoneRevealed, matterID: matterID, actorID: who.officerID,
                                      fields: ["complainant": String(complainantID), "round": String(matter.round)], at: now)
        }
        return Phone(matterId: matterID, complainantId: complainantID, phone: try app.cipher.open(person.phoneSealed))
    }

    /// Records one call. A rating the resident gave on the phone is recorded as the office's,
    /// on the ledger's one path; calls that justify it report the resident unreachable.
    package func record(_ call: CallRecord, matterID: Int, complainantID: Int, by who: SignedIn) async throws -> [CallView] {
        let (caller, officeID) = try await caller(who)
        let now = app.clock.now()
        let calledAt = try Self.checkCallTime(call.calledAt, now: now)
        try NewMatterInput.text(call.note ?? "", field: "note", max: 2000, required: false)
        try NewMatterInput.text(call.comment ?? "", field: "comment", max: 2000, required: false)
        if call.outcome == .rated, call.rating == nil { throw AppError.invalid("rating", "record the rating the resident gave") }
        if call.outcome != .rated, call.rating != nil { throw AppError.invalid("rating", "a rating is recorded only with the outcome rated") }

        let principal = Principal.callbackOffice(caller)
        @Sendable func write(_ db: any Database, round: Int) async throws {
            try await CallbackStore.insert(matterID: matterID, round: round, complainantID: complainantID, officerID: who.officerID,
                                           officeID: officeID, at: calledAt, outcome: call.outcome, note: call.note, on: db)
            try await AuditLog.append(on: db, kind: .callbackCalled, matterID: matterID, actorID: who.officerID,
                                      fields: ["complainant": String(complainantID), "round": String(round),
                                               "outcome": call.outcome.rawValue, "calledAt": AuditLog.timestamp(calledAt)], at: now)
        }
        if let rating = call.rating {
            // The call and the rating heard on it are written together, or neither is.
            _ = try await waitingReply(matterID: matterID, complainantID: complainantID, caller: caller, on: app.db)
            _ = try await app.ledger.perform(.rate(complainantID: complainantID, rating: rating, comment: call.comment ?? ""),
                                             on: matterID, expectedVersion: nil, by: principal, alongside: write)
        } else {
            let round: Int = try await app.write { db in
                let (matter, _) = try await waitingReply(matterID: matterID, complainantID: complainantID, caller: caller, on: db)
                try await write(db, round: matter.round)
                return matter.round
            }
            let calls = try await CallbackStore.calls(matterID: matterID, round: round, complainantID: complainantID, on: app.db)
            let calendar = try await WorkCalendarStore.calendar(on: app.db)
            if CallbackRules.justifiesUnreachable(calls.map { ($0.calledAt, $0.outcome) }, calendar: calendar) {
                let note = "回访办：" + calls.map { "\(Format.minute($0.calledAt)) \($0.outcome.rawValue)" }.joined(separator: "；")
                _ = try await app.ledger.perform(.reportUnreachable(complainantID: complainantID, note: note), on: matterID,
                                                 expectedVersion: nil, by: principal)
            }
        }
        return try await calls(matterID: matterID, complainantID: complainantID, by: who)
    }

    /// When a call was made: now unless told, never in the future nor more than a week back.
    static func checkCallTime(_ calledAt: Date?, now: Date) throws -> Date {
        let calledAt = calledAt ?? now
        if calledAt > now.addingTimeInterval(60) { throw AppError.invalid("calledAt", "must not be in the future") }
        if calledAt < now.addingTimeInterval(-7 * 86_400) { throw AppError.invalid("calledAt", "must be within the last 7 days") }
        return calledAt
    }

    /// The calls made to a resident about the current round.
    package func calls(matterID: Int, complainantID: Int, by who: SignedIn) async throws -> [CallView] {
        let (caller, _) = try await caller(who)
        guard let matter = try await Matter.fetch(matterID, on: app.db),
              CallbackRules.covers(office: caller.office, matter: matter.placement.place) else { throw AppError.notFound("matter \(matterID)") }
        return try await CallbackStore.calls(matterID: matterID, round: matter.round, complainantID: complainantID, on: app.db).map {
            CallView(id: $0.id, officerId: $0.officerId, calledAt: $0.calledAt, outcome: $0.outcome, note: $0.note)
        }
    }

    /// The matter and the resident's reply, when that reply is waiting for a rating this office
    /// may take: otherwise the matter is not the office's (404) or not waiting (409).
    private func waitingReply(matterID: Int, complainantID: Int, caller: CallbackCaller, on db: any Database) async throws -> (Matter, ComplainantRound) {
        guard let matter = try await Matter.fetch(matterID, on: db),
              CallbackRules.covers(office: caller.office, matter: matter.placement.place) else { throw AppError.notFound("matter \(matterID)") }
        guard let response = try await MatterStore.responses(ofMatter: matterID, complainant: complainantID, round: matter.round, on: db).first else {
            throw AppError.notFound("complainant \(complainantID)")
        }
        guard matter.status == .replied, response.reply != nil, response.rating == nil, response.unreachableNote == nil else {
            throw AppError.conflict("this resident's reply is not waiting for a call: it is rated, reported unreachable, or not given yet", field: "complainantId")
        }
        return (matter, response)
    }
}

extension Application {
    package var callbacks: CallbackService { CallbackService(app: self) }
}
