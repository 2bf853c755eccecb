import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// The only code that changes ledger matters. Every change asks `LedgerRules` first, then
/// writes the new state and its audit event in one transaction.
package struct LedgerService: Sendable {
    let app: Application

    // MARK: - Registering

    /// Registers a matter. With an idempotency key the key is stored in the same transaction,
    /// so a retry — even one racing the first request — gets the first matter, never a second.
    package func register(_ input: NewMatterInput, by who: SignedIn, idempotency: IdempotencyStore.Claim? = nil) async throws -> RegisteredMatter {
        try input.validate()
        do {
            return try await registerOnce(input, by: who, idempotency: idempotency)
        } catch let error as AppError {
            throw error
        } catch {
            // A concurrent request with the same key committed first: answer with its matter.
            if let idempotency, let existing = try await IdempotencyStore.find(idempotency, officerID: who.officerID, on: app.db) {
                return RegisteredMatter(id: existing, trackingCodes: [], replayed: true)
            }
            throw error
        }
    }

    private func registerOnce(_ input: NewMatterInput, by who: SignedIn, idempotency: IdempotencyStore.Claim?) async throws -> RegisteredMatter {
        let now = app.clock.now()
        // Read and worked out before the write, which then holds the writer only for the rows.
        let prepared = try await prepareMatter(input, by: who, at: now, on: app.db)
        return try await app.write { db in
            if let idempotency, let existing = try await IdempotencyStore.find(idempotency, officerID: who.officerID, on: db) {
                // A retry gets the matter, not its codes again: they were shown once.
                return RegisteredMatter(id: existing, trackingCodes: [], replayed: true)
            }
            let registered = try await insertMatter(prepared, on: db)
            if let idempotency { try await IdempotencyStore.save(idempotency, officerID: who.officerID, matterID: registered.id, at: now, on: db) }
            return registered
        }
    }

    /// A new matter and the tracking codes of its complainants, shown once.
    package struct RegisteredMatter: Sendable {
        package let id: Int
        let trackingCodes: [ComplainantTracking.Issued]
        /// A retry of an earlier registration (same idempotency key): its codes are not shown again.
        var replayed = false
    }

    /// Writes a new registered matter, its complainants (each with a tracking code) and its
    /// first event inside the caller's transaction; the caller has validated `input`. Used where
    /// a matter is opened from something else in the same transaction (a message, a visit).
    @discardableResult
    func insertMatter(_ input: NewMatterInput, by who: SignedIn, at now: Date, on db: any Database) async throws -> RegisteredMatter {
        try await insertMatter(try await prepareMatter(input, by: who, at: now, on: db), on: db)
    }

    /// The reply deadline a vetting sets, from the ledger's policy on the working calendar.
    private func replyDeadline(ifVetting command: MatterCommand, at now: Date) async throws -> Date? {
        guard case .vet(let ledger) = command else { return nil }
        let policy = try await WorkCalendarStore.policy(for: ledger, on: app.db)
        return try await WorkCalendarStore.calendar(on: app.db).deadline(from: now, workingDays: policy.replyDays)
    }

    /// A reference people can read out on the phone: MY + registration day + number.
    package static func reference(id: Int, at date: Date, calendar: WorkingCalendar) -> String {
        let day = calendar.day(of: date)
        return "MY\(Digits.padded(day.year, width: 4))\(Digits.padded(day.month, width: 2))\(Digits.padded(day.day, width: 2))-\(Digits.padded(id, width: 6))"
    }

    /// Whether `text` has the shape `reference` gives: `MY`, eight digits of the day, `-`, six or more of the id.
    static func isReferenceShaped(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { (0x30...0x39).contains($0) } }
        return bytes.count >= 17 && bytes.starts(with: "MY".utf8) && digits(2..<10) && bytes[10] == UInt8(ascii: "-") && digits(11..<bytes.count)
    }

    // MARK: - Acting

    /// Performs `command` on matter `id`. `expectedVersion` is the version the caller saw;
    /// a stale one is a 409 so no one overwrites work they have not seen. `alongside` writes a
    /// record that belongs with the action (the call a rating was heard on) in the same
    /// transaction, once the rules have accepted it, before the action's own event.
    package func perform(_ command: MatterCommand, on id: Int, expectedVersion: Int?, by principal: Principal,
                         alongside: (@Sendable (_ db: any Database, _ round: Int) async throws -> Void)? = nil) async throws -> Int {
        let now = app.clock.now()
        let cipher = app.cipher
        // A vetting's new deadline comes from the settings, not the matter: read them before the
        // write, which then holds the one writer only for the matter's own rows.
        let replyDeadline = try await replyDeadline(ifVetting: command, at: now)
        return try await app.write { db in
            guard let loaded = try await MatterStore.load(id, on: db, lock: .wait) else { throw AppError.notFound("matter \(id)") }
            switch principal {
            case .officer(let actor) where !actor.reach.contains(loaded.placement.place):
                // Outside the officer's scope a matter does not exist for them.
                throw AppError.notFound("matter \(id)")
            case .callbackOffice(let caller) where !CallbackRules.covers(office: caller.office, matter: loaded.placement.place):
                throw AppError.notFound("matter \(id)")
            default: break
            }
            if let expectedVersion, expectedVersion != loaded.matter.version {
                throw AppError.conflict("the matter has changed since you loaded it (version \(expectedVersion), now \(loaded.matter.version)); reload and try again", field: "version")
            }
            var snapshot = loaded.snapshot
            if case .reportUnreachable(let complainantID, _) = command, let index = snapshot.complainants.firstIndex(where: { $0.id == complainantID }) {
                let calls = try await CallbackStore.calls(matterID: id, round: loaded.matter.round, complainantID: complainantID, on: db)
                snapshot.complainants[index].callsJustifyUnreachable = CallbackRules.justifiesUnreachable(
                    calls.map { ($0.calledAt, $0.outcome) }, calendar: try await WorkCalendarStore.calendar(on: db))
            }
            if case .recheck = command, let drawn = try await RecheckStore.pending(matterID: id, round: loaded.matter.round, on: db),
               let index = snapshot.complainants.firstIndex(where: { $0.id == drawn.complainantId }) {
                snapshot.complainants[index].recheckPending = true
            }
            let outcome: Outcome
            do throws(LedgerError) { outcome = try LedgerRules.decide(command, by: principal, on: snapshot) } catch { throw AppError(error) }
            let actorID = principal.officerID
            try await alongside?(db, loaded.matter.round)
            var fields: [String: String] = ["round": String(loaded.matter.round)]
            let matter = loaded.matter
            let asLoaded = MatterStore.ActionColumns(matter)

            switch command {
            case .vet(let ledger):
                matter.ledger = ledger
                matter.deadlineAt = replyDeadline
                matter.chaseLevel = 0
                fields["ledger"] = ledger.rawValue

            case .decline(let reason):
                for response in loaded.responses {
                    response.reply = reason
                    response.repliedBy = actorID
                    response.repliedAt = now
                    try await response.updateRow(on: db)
                }
                fields["replies"] = String(loaded.responses.count)
                try await MessageService.noteFeedback(matterID: id, complainantIDs: loaded.responses.map(\.complainantID), at: now, on: db)
                matter.declineReason = reason
                matter.deadlineAt = nil
                matter.chaseLevel = 0
                fields["reason"] = AuditLog.digest(reason)

            case .startHandling(let handlerID):
                guard let handler = try await Officer.fetch(handlerID, on: db), handler.unitID == matter.unitID,
                      !handler.disabled, handler.role.worksMatters, handler.role != .clerk else {
                    throw AppError.invalid("handlerId", "must be an active officer of the owning unit")
                }
                matter.handlerID = handlerID
                fields["handler"] = String(handlerID)

            case .coordinate(let partnerID, let note):
                guard let partner = try await Unit.fetch(partnerID, on: db), partner.kind == .partner, partner.cityRootID == matter.cityID else {
                    throw AppError.invalid("partnerUnitId", "must be a partner body of this city")
                }
                let record = Coordination()
                record.matterID = id
                record.round = matter.round
                record.partnerUnitID = partnerID
                record.note = note
                record.officerID = actorID!
                record.at = now
                try await record.insertRow(on: db)
                fields["partner"] = String(partnerID)
                fields["note"] = AuditLog.digest(note)

            case .recordResult(let text):
                loaded.round.result = text
                loaded.round.resultBy = actorID
                try await loaded.round.updateRow(on: db)
                fields["result"] = AuditLog.digest(text)

            case .reply(let complainantID, let text):
                let response = loaded.response(for: complainantID)!
                response.reply = text
                response.repliedBy = actorID
                response.repliedAt = now
                try await response.updateRow(on: db)
                fields["complainant"] = String(complainantID)
                fields["text"] = AuditLog.digest(text)
                try await MessageService.noteFeedback(matterID: id, complainantIDs: [complainantID], at: now, on: db)
                try await RatingLinks.issue(matterID: id, round: matter.round, complainant: loaded.complainants.first { $0.id == complainantID }!,
                                            at: now, app: app, on: db)
                if outcome.status == .replied {
                    matter.deadlineAt = nil
                    matter.chaseLevel = 0
                }

            case .rate(let complainantID, let rating, let comment):
                // The rules let only the resident or the call-back office rate (群众满意).
                let channel: RatingChannel = switch principal {
                case .resident(_, let channel): channel
                case .callbackOffice, .officer: .callback
                }
                let response = loaded.response(for: complainantID)!
                response.rating = rating
                response.ratingComment = comment
                response.ratedAt = now
                response.ratedBy = principal.ratingSource
                response.ratingChannel = channel
                response.ratedByOfficer = actorID
                try await response.updateRow(on: db)
                try await RatingLinks.spend(matterID: id, round: matter.round, complainantID: complainantID, at: now, on: db)
                fields["complainant"] = String(complainantID)
                fields["rating"] = rating.rawValue
                fields["by"] = principal.ratingSource?.rawValue ?? "-"
                fields["channel"] = channel.rawValue

            case .reportUnreachable(let complainantID, let note):
                let response = loaded.response(for: complainantID)!
                response.unreachableNote = note
                try await response.updateRow(on: db)
                fields["complainant"] = String(complainantID)
                fields["note"] = AuditLog.digest(note)

            case .approveUnreachable(let complainantID):
                let response = loaded.response(for: complainantID)!
                response.unreachableApprovedBy = actorID
                try await response.updateRow(on: db)
                fields["complainant"] = String(complainantID)

            case .publish(let asked, let summary):
                // Anonymised, not merely masked: nothing of any complainant may appear.
                let personal = try loaded.complainants.flatMap { person in
                    try [person.nameSealed, person.phoneSealed].map(cipher.open)
                        + [person.idNumberSealed, person.addressSealed].compactMap { $0 }.map(cipher.open)
                }
                for (field, text) in [("asked", asked), ("summary", summary)] where !Anonymity.leaks(in: text, personalValues: personal).isEmpty {
                    throw AppError.invalid(field, "a public account must be anonymised: it contains a complainant's personal data or a phone or ID number")
                }
                loaded.round.published = true
                loaded.round.publicAsked = asked
                loaded.round.publicSummary = summary
                loaded.round.withholdReason = nil
                loaded.round.publicationNote = nil
                loaded.round.publicationBy = actorID
                try await loaded.round.updateRow(on: db)
                fields["asked"] = AuditLog.digest(asked)
                fields["summary"] = AuditLog.digest(summary)

            case .withhold(let reason, let note):
                loaded.round.published = false
                loaded.round.publicAsked = nil
                loaded.round.publicSummary = nil
                loaded.round.withholdReason = reason
                loaded.round.publicationNote = note
                loaded.round.publicationBy = actorID
                try await loaded.round.updateRow(on: db)
                fields["reason"] = reason.rawValue
                fields["note"] = AuditLog.digest(note)

            case .reviewAccountability(let officerID, let finding):
                guard let answerable = try await Officer.fetch(officerID, on: db),
                      [matter.unitID, matter.districtID, matter.cityID].contains(answerable.unitID) else {
                    throw AppError.invalid("answerableOfficerId", "must be an officer of the owning unit or a unit above it")
                }
                loaded.round.answerableOfficerID = officerID
                loaded.round.accountabilityFinding = finding
                loaded.round.accountabilityBy = actorID
                try await loaded.round.updateRow(on: db)
                fields["answerable"] = String(officerID)
                fields["finding"] = AuditLog.digest(finding)

            case .close:
                matter.closedAt = now
                matter.deadlineAt = nil
                matter.chaseLevel = 0

            case .recheck(let complainantID, let verdict, let comment):
                let drawn = try await RecheckStore.pending(matterID: id, round: matter.round, on: db)!
                guard try await RecheckStore.settle(drawn.id, state: verdict == .confirmed ? .confirmed : .disagreed, at: now,
                                                    by: actorID!, comment: comment.isEmpty ? nil : comment, on: db) else {
                    throw AppError.conflict("this re-check was settled meanwhile", field: "complainantId")
                }
                // A matter reopened by its resident is no longer closed.
                if outcome.reopened { matter.closedAt = nil }
                fields["complainant"] = String(complainantID)
                fields["recheck"] = String(drawn.id)
                fields["verdict"] = verdict.rawValue
                fields["channel"] = RatingChannel.callback.rawValue
                if !comment.isEmpty { fields["comment"] = AuditLog.digest(comment) }
            }

            try await AuditLog.append(on: db, kind: .init(outcome.eventKind), matterID: id, actorID: actorID, fields: fields, at: now)

            if outcome.reopened {
                try await reopen(loaded, outcome: outcome, now: now, on: db)
            }
            matter.status = outcome.status
            matter.round = outcome.round
            matter.oversightLevel = outcome.oversightLevel
            try await MatterStore.saveVersioned(matter, loaded: asLoaded, expected: loaded.matter.version, on: db)
            return matter.version
        }
    }

    /// 督促回复 for one overdue matter, on the same path as a person's action: the rule in
    /// LedgerCore decides (`EscalationLadder.chase`), each step is chained in the audit log, and the
    /// matter is saved by `saveVersioned`, so its version rises and a page opened before the
    /// chase is asked to reload. A matter another instance holds is skipped (it is on it).
    /// Returns the number of chase steps recorded.
    func chaseOverdue(_ id: Int, calendar: WorkingCalendar, now: Date) async throws -> Int {
        try await app.write { db in
            guard let loaded = try await MatterStore.load(id, on: db, lock: .skipLocked) else { return 0 }
            let matter = loaded.matter
            guard let chase = EscalationLadder.chase(status: matter.status, chaseLevel: matter.chaseLevel, deadline: matter.deadlineAt,
                                                     escalatedBefore: matter.escalatedAt != nil, now: now, calendar: calendar),
                  let deadline = matter.deadlineAt else { return 0 }
            let asLoaded = MatterStore.ActionColumns(matter)
            let placement = loaded.placement
            for step in chase.steps {
                let target: String = switch step {
                case .handler: matter.handlerID.map { "officer:\($0)" } ?? "unit:\(placement.owningUnitID)"
                case .owningChief: "unit:\(placement.owningUnitID)"
                case .nextLevelChief: "unit:\(placement.nextLevelUnitID ?? placement.cityID)"
                }
                try await AuditLog.append(on: db, kind: .init(.overdueChased), matterID: id, actorID: nil,
                                          fields: ["step": String(step.rawValue), "stage": matter.status.rawValue,
                                                   "target": target, "deadline": AuditLog.timestamp(deadline)], at: now)
            }
            if chase.opensAccountability {
                let record = AccountabilityRecord()
                record.matterID = id
                record.round = matter.round
                record.cause = .overdue
                record.unitID = matter.unitID
                record.officerID = matter.handlerID
                record.oversightUnitID = placement.nextLevelUnitID ?? placement.cityID
                record.at = now
                try await record.insertRow(on: db)
                try await AuditLog.append(on: db, kind: .init(.accountabilityRecorded), matterID: id, actorID: nil,
                                          fields: ["cause": "overdue", "unit": String(matter.unitID),
                                                   "officer": matter.handlerID.map(String.init) ?? "-"], at: now)
            }
            matter.chaseLevel = chase.chaseLevel
            if chase.escalates {
                matter.escalatedAt = now
                Telemetry.escalations.increment()
            }
            try await MatterStore.saveVersioned(matter, loaded: asLoaded, expected: matter.version, on: db)
            return chase.steps.count
        }
    }

    /// 不满意: a new round with a fresh reply deadline, oversight one level up, and a record
    /// of who answers for it.
    private func reopen(_ loaded: LoadedMatter, outcome: Outcome, now: Date, on db: any Database) async throws {
        let matter = loaded.matter
        let id = loaded.id
        try await MatterRound(matterID: id, round: outcome.round, startedAt: now).insertRow(on: db)
        for person in loaded.complainants {
            try await ComplainantRound(matterID: id, round: outcome.round, complainantID: person.id!).insertRow(on: db)
        }
        let oversightUnit = loaded.placement.oversightUnitID(level: outcome.oversightLevel)
        let record = AccountabilityRecord()
        record.matterID = id
        record.round = loaded.matter.round
        record.cause = .dissatisfied
        record.unitID = matter.unitID
        record.officerID = matter.handlerID
        record.oversightUnitID = oversightUnit
        record.at = now
        try await record.insertRow(on: db)
        let policy = try await WorkCalendarStore.policy(for: matter.ledger ?? .complaint, on: db)
        matter.deadlineAt = try await WorkCalendarStore.calendar(on: db).deadline(from: now, workingDays: policy.replyDays)
        matter.chaseLevel = 0
        if matter.escalatedAt == nil { matter.escalatedAt = now }
        try await AuditLog.append(on: db, kind: .init(.reopened), matterID: id, actorID: nil,
                                  fields: ["round": String(outcome.round), "oversightUnit": String(oversightUnit),
                                           "oversightLevel": String(outcome.oversightLevel)], at: now)
        try await AuditLog.append(on: db, kind: .init(.accountabilityRecorded), matterID: id, actorID: nil,
                                  fields: ["cause": "dissatisfied", "unit": String(matter.unitID),
                                           "officer": matter.handlerID.map(String.init) ?? "-"], at: now)
    }
}

extension Application {
    package var ledger: LedgerService { LedgerService(app: self) }
}
