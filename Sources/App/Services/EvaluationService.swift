import Fluent
import Foundation
import LedgerCore
import Vapor

/// 好差评 (一次一评、一事一评): every served appointment and every completed application invites
/// its resident to rate the service on five levels, by a one-time link or on the tracking page;
/// a real-name 差评 opens a rectification task for the unit that served; the unit may appeal a
/// rating it believes mistaken or malicious, and the call-back office decides.
package struct EvaluationService: Sendable {
    let app: Application

    /// What the resident sees before rating: the service and where it was given, nothing personal.
    package struct CaseView: Content {
        let code: String
        let kind: EvaluatedCase
        let serviceCode: String
        let serviceName: String
        let serviceNameEn: String
        let hall: String?
        let window: String?
        let finishedAt: Date?
        let rated: ServiceRating?
        let ratings: [ServiceRating]
        let reasons: [EvaluationReason]
    }

    package struct Rating: Content {
        let rating: ServiceRating
        let reasons: [EvaluationReason]?
        let comment: String?
        let anonymous: Bool?
    }

    /// How the resident shows it is their case: the link's token, or the code with the phone's last four digits.
    package enum Proof: Sendable {
        case token(String)
        case code(String, phoneLast4: String)
    }

    /// Makes the case's one-time link and texts it to the resident's mobile (once per case).
    static func invite(_ kind: EvaluatedCase, caseID: Int, phoneSealed: String, at now: Date, app: Application, on db: any Database) async throws {
        let token = SecretToken.make(bytes: 24)
        let expires = now.addingTimeInterval(Double(app.config.ratingLinkDays) * 86_400)
        guard try await EvaluationStore.insertLink(kind: kind, caseID: caseID, tokenDigest: SecretToken.digest(token), at: now,
                                                   expires: expires, on: db) else { return }
        guard PersonalDataValidation.isMobile(try app.cipher.open(phoneSealed)) else { return }
        try await Outbox.enqueue(on: db, dedupeKey: "evaluation-invited:\(kind.rawValue):\(caseID)", channel: .sms, recipientSealed: phoneSealed,
                                 template: "serviceEvaluationInvited",
                                 payload: ["link": (app.config.publicURL ?? "") + Page.evaluateLink(token).path], notBefore: now, now: now)
    }

    package func view(_ proof: Proof, from address: String) async throws -> CaseView {
        let (found, _) = try await resolve(proof, from: address)
        let item = try await ServiceStore.item(code: found.serviceCode, on: app.db)
        let rated = try await EvaluationStore.evaluation(of: found.kind, caseID: found.id, on: app.db)?.rating
        return CaseView(code: found.code, kind: found.kind, serviceCode: found.serviceCode, serviceName: item?.nameZh ?? found.serviceCode,
                        serviceNameEn: item?.nameEn ?? found.serviceCode, hall: found.hallName, window: found.windowName,
                        finishedAt: found.finishedAt, rated: rated, ratings: ServiceRating.allCases, reasons: EvaluationReason.allCases)
    }

    /// The resident's rating. Returns the evaluation's id.
    @discardableResult
    package func evaluate(_ proof: Proof, _ rating: Rating, from address: String) async throws -> Int {
        let reasons = rating.reasons ?? []
        try AppError.checking { () throws(LedgerError) in try EvaluationRules.validate(rating: rating.rating, reasons: reasons) }
        try NewMatterInput.text(rating.comment ?? "", field: "comment", max: 1000, required: false)
        let (found, channel) = try await resolve(proof, from: address)
        // Numbers or ID numbers typed into the comment are kept only masked: a comment is about the service.
        let comment = PersonalDataInText.masked(rating.comment ?? "").text
        let anonymous = rating.anonymous ?? false
        let now = app.clock.now()
        let policy = app.config.rectification
        return try await app.write { (db: any Database) async throws -> Int in
            guard let unit = try await Unit.fetch(found.unitId, on: db) else { throw AppError.notFound("unit") }
            let already = try await EvaluationStore.evaluation(of: found.kind, caseID: found.id, on: db) != nil
            try AppError.checking { () throws(LedgerError) in try EvaluationRules.mayEvaluate(isFinished: found.finished, alreadyEvaluated: already) }
            guard let id = try await EvaluationStore.insert(.init(caseItem: found, place: unit.place, rating: rating.rating, reasons: reasons,
                                                                  comment: comment, channel: channel, anonymous: anonymous, at: now), on: db)
            else { throw AppError.invalid("code", "this service has already been rated") }
            try await EvaluationStore.spendLink(kind: found.kind, caseID: found.id, at: now, on: db)
            try await AuditLog.append(on: db, kind: .serviceEvaluated, matterID: nil, actorID: nil, fields: [
                "evaluation": String(id), "case": "\(found.kind.rawValue):\(found.id)", "rating": rating.rating.rawValue,
                "channel": channel.rawValue, "anonymous": anonymous ? "yes" : "no",
            ], at: now)
            if EvaluationRules.opensRectification(rating: rating.rating, anonymous: anonymous) {
                let calendar = try await WorkCalendarStore.calendar(on: db)
                let task = try await RectificationStore.open(evaluationID: id, place: unit.place, ratedAt: now,
                    callbackDue: RectificationRules.deadline(stage: .awaitingCallback, ratedAt: now, policy: policy, calendar: calendar)!,
                    rectifyDue: RectificationRules.deadline(stage: .awaitingRectification, ratedAt: now, policy: policy, calendar: calendar)!,
                    on: db)
                try await AuditLog.append(on: db, kind: .rectificationOpened, matterID: nil, actorID: nil,
                                          fields: ["task": String(task), "evaluation": String(id), "unit": String(unit.id!)], at: now)
            }
            return id
        }
    }

    /// The case a proof opens. A token that is unknown is 404; used or expired, 410. A code needs
    /// the phone's last four digits, and both lookups count against the address's rate limit.
    private func resolve(_ proof: Proof, from address: String) async throws -> (EvaluationStore.Case, EvaluationChannel) {
        switch proof {
        case .token(let token):
            try await app.rateLimiter.hit(RateLimiter.lookupPerIP, key: address, field: "token")
            guard !token.isEmpty, token.count <= 64, let link = try await EvaluationStore.link(tokenDigest: SecretToken.digest(token), on: app.db),
                  let found = try await EvaluationStore.case(link.caseKind, id: link.caseId, on: app.db) else {
                throw AppError.notFound("evaluation link")
            }
            guard link.usedAt == nil else { throw AppError.gone("this link has been used: the service is rated", field: "token") }
            guard link.expiresAt > app.clock.now() else {
                throw AppError.gone("this link has expired; you can still rate on the tracking page with your code", field: "token")
            }
            return (found, .link)
        case .code(let code, let last4):
            try await app.rateLimiter.hit(RateLimiter.lookupPerIP, key: address, field: "code")
            let normalized = code.uppercased().trimmingCharacters(in: .whitespaces)
            let kind: EvaluatedCase? = normalized.hasPrefix("YY-") ? .appointment : normalized.hasPrefix("BL-") ? .application : nil
            guard let kind, let found = try await EvaluationStore.case(kind, code: normalized, on: app.db),
                  String(try app.cipher.open(found.phoneSealed).suffix(4)) == last4 else {
                throw AppError(status: .notFound, title: "Not found", detail: "no booking or application matches this code and phone number",
                               invalidParams: [.init(name: "code", reason: "no booking or application matches this code and phone number")])
            }
            return (found, .trackingPage)
        }
    }

    // MARK: - Staff

    package struct DeskItem: Content {
        let id: Int; let code: String; let status: Appointment.Status; let serviceCode: String; let name: String
        let startsAt: Date; let window: String; let servedAt: Date?
    }

    /// The halls an officer's reach covers, in id order.
    func halls(for who: SignedIn) async throws -> [ServiceHall] {
        let halls = try await ServiceStore.halls(on: app.db)
        let units = try await UnitStore.units(ids: Set(halls.map(\.unitID)), on: app.db)
        let reached = Set(units.filter { who.reach.contains($0.place) }.map { $0.id! })
        return halls.filter { reached.contains($0.unitID) }
    }

    /// A hall's bookings for a day (default today in the bureau's time zone), names masked.
    func desk(hallID: Int, day: Day?, for who: SignedIn) async throws -> [DeskItem] {
        guard let hall = try await ServiceStore.halls(ids: [hallID], on: app.db).first, let unit = try await Unit.fetch(hall.unitID, on: app.db),
              who.reach.contains(unit.place) else { throw AppError.notFound("hall \(hallID)") }
        let calendar = WorkingCalendar()
        let from = calendar.startOfDay(day ?? calendar.day(of: app.clock.now()))
        let rows = try await ServiceStore.appointments(hallID: hallID, from: from, until: from.addingTimeInterval(86_400), on: app.db)
        return try rows.map {
            DeskItem(id: $0.id, code: $0.code, status: $0.status, serviceCode: $0.serviceCode, name: Masking.name(try app.cipher.open($0.nameSealed)),
                     startsAt: $0.startsAt, window: $0.window, servedAt: $0.servedAt)
        }
    }

    /// A window's officer records the resident served; the resident is invited to rate.
    package func serve(appointmentID: Int, by who: SignedIn) async throws {
        let now = app.clock.now()
        let calendar = try await WorkCalendarStore.calendar(on: app.db)
        try await app.write { db in
            guard let found = try await EvaluationStore.case(.appointment, id: appointmentID, on: db),
                  let unit = try await Unit.fetch(found.unitId, on: db), who.reach.contains(unit.place) else {
                throw AppError.notFound("appointment \(appointmentID)")
            }
            try await lockRow("appointments", id: appointmentID, on: db)
            guard let appointment = try await Appointment.fetch(appointmentID, on: db),
                  let slot = try await AppointmentSlot.fetch(appointment.slotID, on: db) else { throw AppError.notFound("appointment \(appointmentID)") }
            try AppError.checking { () throws(LedgerError) in
                try ServiceDeskRules.mayServe(who.actor, hallUnitID: found.unitId, isBooked: appointment.status == .booked,
                                              slotDay: calendar.day(of: slot.startsAt), today: calendar.day(of: now))
            }
            appointment.status = .served
            appointment.servedAt = now
            appointment.servedBy = who.officerID
            try await appointment.save(on: db)
            try await Outbox.cancel(on: db, dedupeKey: "appointment-reminder:\(appointmentID)")
            try await AuditLog.append(on: db, kind: .appointmentServed, matterID: nil, actorID: who.officerID,
                                      fields: ["appointment": String(appointmentID)], at: now)
            try await Self.invite(.appointment, caseID: appointmentID, phoneSealed: appointment.phoneSealed, at: now, app: app, on: db)
        }
    }

    /// A chief of the serving unit appeals a 差评 with a reason.
    package func appeal(_ id: Int, reason: String, by who: SignedIn) async throws {
        try NewMatterInput.text(reason, field: "reason", max: 2000)
        let now = app.clock.now()
        try await app.write { db in
            guard let evaluation = try await EvaluationStore.evaluation(id, on: db), who.reach.contains(evaluation.place) else {
                throw AppError.notFound("evaluation \(id)")
            }
            try AppError.checking { () throws(LedgerError) in
                try EvaluationAppealRules.mayFile(who.actor, unitID: evaluation.unitId, rating: evaluation.rating, appeal: evaluation.appealState)
            }
            guard try await EvaluationStore.fileAppeal(id, reason: reason, by: who.officerID, at: now, on: db) else {
                throw AppError.conflict("this rating has already been appealed", field: "evaluationId")
            }
            try await AuditLog.append(on: db, kind: .evaluationAppealed, matterID: nil, actorID: who.officerID,
                                      fields: ["evaluation": String(id)], at: now)
        }
    }

    /// The call-back office decides an appeal: upheld sets the rating aside (it leaves the
    /// figures) and withdraws its rectification task; rejected leaves both as they were.
    package func decide(_ id: Int, upheld: Bool, note: String, by who: SignedIn) async throws {
        try NewMatterInput.text(note, field: "note", max: 2000)
        let caller = try? await app.callbacks.caller(who).0
        let now = app.clock.now()
        try await app.write { db in
            guard let evaluation = try await EvaluationStore.evaluation(id, on: db) else { throw AppError.notFound("evaluation \(id)") }
            try AppError.checking { () throws(LedgerError) in
                try EvaluationAppealRules.mayDecide(caller, unit: evaluation.place, appeal: evaluation.appealState)
            }
            guard try await EvaluationStore.decideAppeal(id, upheld: upheld, note: note, by: who.officerID, at: now, on: db) else {
                throw AppError.conflict("no appeal is waiting for a decision on this rating", field: "evaluationId")
            }
            if upheld { try await RectificationStore.withdraw(evaluationID: id, at: now, on: db) }
            try await AuditLog.append(on: db, kind: .evaluationAppealDecided, matterID: nil, actorID: who.officerID,
                                      fields: ["evaluation": String(id), "decision": upheld ? "upheld" : "rejected"], at: now)
        }
    }
}

extension Application {
    package var evaluations: EvaluationService { EvaluationService(app: self) }
}
