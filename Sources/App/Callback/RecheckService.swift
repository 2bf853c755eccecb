import Fluent
import Foundation
import LedgerCore
import Vapor

/// 随机复核: each day a sample of the matters closed as satisfied is drawn for the call-back
/// office to call again. A resident who is not satisfied after all reopens the matter, through
/// the ledger's one path, and the unit answers for it.
package struct RecheckService: Sendable {
    let app: Application

    package struct Waiting: Content {
        let id: Int, matterId: Int, round: Int, complainantId: Int, reference: String, closedAt: Date
        let reply: String?, rating: Satisfaction
        /// Masked; the full number is revealed for the call by an audited act.
        let phone: String
        let calls: Int
    }

    package struct CallRecord: Content {
        let outcome: CallOutcome
        let calledAt: Date?
        /// What the resident said, with the outcome `rated`.
        let verdict: RecheckVerdict?
        let comment: String?
        let note: String?
    }

    package struct Settled: Content {
        let id: Int, matterId: Int, state: RecheckState, calls: [CallbackService.CallView]
    }

    /// Draws today's re-checks in every city with a call-back office, once a day whatever the
    /// number of instances (the draw row is claimed first). Returns how many were drawn.
    @discardableResult
    package func draw() async throws -> Int {
        let now = app.clock.now()
        let offices = try await UnitStore.units(kind: .callbackOffice, on: app.db)
        var drawn = 0
        for cityID in Set(offices.map(\.cityRootID)).sorted() {
            drawn += try await draw(cityID: cityID, at: now)
        }
        return drawn
    }

    private func draw(cityID: Int, at now: Date) async throws -> Int {
        let calendar = try await WorkCalendarStore.calendar(on: app.db)
        let fraction = Double(app.config.recheckPercent) / 100
        let day = calendar.day(of: now)
        return try await app.write { db in
            let previous = try await RecheckStore.lastDraw(cityID: cityID, on: db)
            guard let drawID = try await RecheckStore.claimDraw(cityID: cityID, day: day, at: now, on: db) else { return 0 }
            // Closures since the last draw, and never older than the window.
            let windowStart = now.addingTimeInterval(-Double(RecheckRules.windowDays) * 86_400)
            let since = max(previous ?? windowStart, windowStart)
            let candidates = try await RecheckStore.candidates(cityID: cityID, since: since, until: now, on: db)
            let seed = RecheckRules.seed(cityID: cityID, day: day)
            let chosen = Set(RecheckRules.sample(candidates.map { RecheckCandidate(matterID: $0.matterId, unitID: $0.unitId) },
                                                 fraction: fraction, seed: seed))
            var count = 0
            for candidate in candidates where chosen.contains(candidate.matterId) {
                let satisfied = try await RecheckStore.satisfiedComplainants(matterID: candidate.matterId, round: candidate.round, on: db)
                guard !satisfied.isEmpty else { continue }
                let complainantID = satisfied[Int((seed &+ UInt64(candidate.matterId)) % UInt64(satisfied.count))]
                let id = try await RecheckStore.insert(candidate, complainantID: complainantID, cityID: cityID, drawID: drawID, on: db)
                try await AuditLog.append(on: db, kind: .recheckDrawn, matterID: candidate.matterId, actorID: nil,
                                          fields: ["recheck": String(id), "round": String(candidate.round),
                                                   "complainant": String(complainantID), "day": day.description], at: now)
                count += 1
            }
            try await RecheckStore.finishDraw(drawID, candidates: candidates.count, drawn: count, on: db)
            return count
        }
    }

    /// The re-checks waiting for this officer's office.
    package func waiting(for who: SignedIn, limit: Int = 100) async throws -> [Waiting] {
        let (caller, _) = try await app.callbacks.caller(who)
        return try await RecheckStore.waiting(office: caller.office, limit: limit, on: app.db).map {
            Waiting(id: $0.id, matterId: $0.matterId, round: $0.round, complainantId: $0.complainantId, reference: $0.reference,
                    closedAt: $0.closedAt, reply: $0.reply, rating: $0.rating,
                    phone: Masking.phone(try app.cipher.open($0.phoneSealed)), calls: $0.calls)
        }
    }

    /// The full number for the call, only for a waiting re-check of this office; recorded.
    package func revealPhone(recheckID: Int, by who: SignedIn) async throws -> CallbackService.Phone {
        let (caller, _) = try await app.callbacks.caller(who)
        let recheck = try await waitingRecheck(recheckID, caller: caller, on: app.db)
        guard let person = try await MatterStore.complainant(recheck.complainantId, ofMatter: recheck.matterId, on: app.db) else {
            throw AppError.notFound("re-check \(recheckID)")
        }
        let now = app.clock.now()
        _ = try await app.write { db in
            try await AuditLog.append(on: db, kind: .callbackPhoneRevealed, matterID: recheck.matterId, actorID: who.officerID,
                                      fields: ["complainant": String(recheck.complainantId), "recheck": String(recheckID)], at: now)
        }
        return CallbackService.Phone(matterId: recheck.matterId, complainantId: recheck.complainantId, phone: try app.cipher.open(person.phoneSealed))
    }

    /// Records one call of a re-check. What the resident said goes through the ledger's one
    /// path (a disagreement reopens the matter); calls that reach nobody settle it as unreached.
    package func record(_ call: CallRecord, recheckID: Int, by who: SignedIn) async throws -> Settled {
        let (caller, officeID) = try await app.callbacks.caller(who)
        let now = app.clock.now()
        let calledAt = try CallbackService.checkCallTime(call.calledAt, now: now)
        try NewMatterInput.text(call.note ?? "", field: "note", max: 2000, required: false)
        try NewMatterInput.text(call.comment ?? "", field: "comment", max: 2000, required: false)
        if call.outcome == .rated, call.verdict == nil { throw AppError.invalid("verdict", "record whether the resident confirmed or disagreed") }
        if call.outcome != .rated, call.verdict != nil { throw AppError.invalid("verdict", "a verdict is recorded only with the outcome rated") }
        let recheck = try await waitingRecheck(recheckID, caller: caller, on: app.db)

        @Sendable func write(_ db: any Database) async throws {
            try await CallbackStore.insert(matterID: recheck.matterId, round: recheck.round, complainantID: recheck.complainantId,
                                           officerID: who.officerID, officeID: officeID, at: calledAt, outcome: call.outcome,
                                           note: call.note, recheckID: recheckID, on: db)
            try await AuditLog.append(on: db, kind: .callbackCalled, matterID: recheck.matterId, actorID: who.officerID,
                                      fields: ["complainant": String(recheck.complainantId), "round": String(recheck.round),
                                               "recheck": String(recheckID), "outcome": call.outcome.rawValue,
                                               "calledAt": AuditLog.timestamp(calledAt)], at: now)
        }
        if let verdict = call.verdict {
            // The call and the verdict are written together, or neither is.
            let command = MatterCommand.recheck(complainantID: recheck.complainantId, verdict: verdict, comment: call.comment ?? "")
            _ = try await app.ledger.perform(command, on: recheck.matterId, expectedVersion: nil, by: .callbackOffice(caller),
                                             alongside: { db, _ in try await write(db) })
        } else {
            let calendar = try await WorkCalendarStore.calendar(on: app.db)
            try await app.write { (db: any Database) async throws -> Void in
                try await write(db)
                let calls = try await CallbackStore.calls(recheckID: recheckID, on: db)
                // The same calls that let the office report a resident unreachable end a re-check
                // without a verdict: the closure stands, and nothing counts for or against the unit.
                if CallbackRules.justifiesUnreachable(calls.map { ($0.calledAt, $0.outcome) }, calendar: calendar) {
                    guard try await RecheckStore.settle(recheckID, state: .unreached, at: now, by: who.officerID, comment: nil, on: db) else {
                        throw AppError.conflict("this re-check was settled meanwhile", field: "recheckId")
                    }
                    try await AuditLog.append(on: db, kind: .recheckUnreached, matterID: recheck.matterId, actorID: who.officerID,
                                              fields: ["recheck": String(recheckID), "calls": String(calls.count)], at: now)
                }
            }
        }
        let settled = try await RecheckStore.find(recheckID, on: app.db)!
        let calls = try await CallbackStore.calls(recheckID: recheckID, on: app.db).map {
            CallbackService.CallView(id: $0.id, officerId: $0.officerId, calledAt: $0.calledAt, outcome: $0.outcome, note: $0.note)
        }
        return Settled(id: recheckID, matterId: recheck.matterId, state: settled.state, calls: calls)
    }

    /// A re-check this office may call for: otherwise it is not the office's (404) or settled (409).
    private func waitingRecheck(_ id: Int, caller: CallbackCaller, on db: any Database) async throws -> RecheckStore.Row {
        guard let recheck = try await RecheckStore.find(id, on: db),
              CallbackRules.covers(office: caller.office, matter: TreePlace(unitID: recheck.unitId, districtID: recheck.districtId, cityID: recheck.cityId)) else {
            throw AppError.notFound("re-check \(id)")
        }
        guard recheck.state == .pending else {
            throw AppError.conflict("this re-check is settled: \(recheck.state.rawValue)", field: "recheckId")
        }
        return recheck
    }
}

extension Application {
    package var rechecks: RecheckService { RecheckService(app: self) }
}
