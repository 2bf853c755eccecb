import Fluent
import Foundation
import LedgerCore
import Vapor

/// A registration read and worked out before its write: the unit and its place, the working
/// calendar and the first deadline, the personal data sealed, the search words made, a tracking
/// code per complainant. On SQLite every write waits for the one writer; what is done here is
/// not done while it waits, so the write holds it only for the rows.
struct PreparedMatter: Sendable {
    struct Person: Sendable {
        let nameSealed: String
        let phoneSealed: String
        let phoneDigest: String
        let idNumberSealed: String?
        let addressSealed: String?
        /// Made only where the receipt or an SMS carries it (not for an online message, whose
        /// resident already holds their message's code).
        let trackingCode: String?
        let mobile: Bool
    }

    let who: SignedIn
    let at: Date
    let channel: SourceChannel
    let sourceRef: String?
    let suggestedLedger: Ledger?
    let placement: MatterPlacement
    let calendar: WorkingCalendar
    let deadlineAt: Date
    let summary: TextPersonalData.Split
    let details: TextPersonalData.Split
    let topic: MatterTopic
    let searchText: String
    let people: [Person]
}

extension LedgerService {
    /// Checks who may register where and prepares everything the write will store; reads go
    /// to `db` (outside the write for a registration of its own, or the caller's transaction).
    func prepareMatter(_ input: NewMatterInput, by who: SignedIn, at now: Date, on db: any Database) async throws -> PreparedMatter {
        guard who.role.worksMatters else { throw AppError.forbidden("administrators do not register ledger matters") }
        let cipher = app.cipher
        let unitID = input.unitId ?? who.unitID
        guard let unit = try await Unit.fetch(unitID, on: db), unit.kind != .partner else {
            throw AppError.invalid("unitId", "must be a city bureau, district bureau or police station")
        }
        let placement = MatterPlacement(
            owningUnitID: unit.id!, owningUnitKind: unit.kind,
            districtID: unit.kind == .district ? unit.id : unit.districtID, cityID: unit.cityRootID)
        guard who.actor.reach.contains(placement.place) else {
            throw AppError.invalid("unitId", "must be your own unit or a unit under it")
        }
        let calendar = try await WorkCalendarStore.calendar(on: db)
        let vetDays = try await WorkCalendarStore.vetDays(suggested: input.suggestedLedger, on: db)
        // Phones, ID numbers and e-mail addresses typed into the text are sealed apart; the
        // text, and so its search words, keeps only their masks.
        let summary = try TextPersonalData.split(input.summary.trimmingCharacters(in: .whitespacesAndNewlines), field: "summary", cipher: cipher)
        let details = try TextPersonalData.split(input.details ?? "", field: "details", cipher: cipher)
        let people = try input.complainants.map { person in
            PreparedMatter.Person(
                nameSealed: try cipher.seal(person.name.trimmingCharacters(in: .whitespaces)),
                phoneSealed: try cipher.seal(person.phone),
                phoneDigest: cipher.digest(person.phone),
                idNumberSealed: try person.idNumber.flatMap { $0.isEmpty ? nil : try cipher.seal($0.uppercased()) },
                addressSealed: try person.address.flatMap { $0.isEmpty ? nil : try cipher.seal($0) },
                trackingCode: input.channel == .onlineMessage ? nil : TrackingCode.make(),
                mobile: PersonalDataValidation.isMobile(person.phone))
        }
        return PreparedMatter(
            who: who, at: now, channel: input.channel, sourceRef: input.sourceRef, suggestedLedger: input.suggestedLedger,
            placement: placement, calendar: calendar, deadlineAt: calendar.deadline(from: now, workingDays: vetDays),
            summary: summary, details: details, topic: input.topic ?? MatterTopic.classify(summary.text + " " + details.text),
            searchText: SearchGrams.document(summary.text + " " + details.text), people: people)
    }

    /// Writes a prepared matter, its complainants and its first event inside the caller's
    /// transaction.
    func insertMatter(_ prepared: PreparedMatter, on db: any Database) async throws -> RegisteredMatter {
        let now = prepared.at
        let matter = Matter()
        matter.reference = "pending-" + SecretToken.make(bytes: 9)
        matter.status = .registered
        matter.version = 1
        matter.round = 1
        matter.oversightLevel = 0
        matter.channel = prepared.channel
        matter.sourceRef = prepared.sourceRef
        matter.summary = prepared.summary.text
        matter.details = prepared.details.text
        matter.topic = prepared.topic
        matter.searchText = prepared.searchText
        matter.unitID = prepared.placement.owningUnitID
        matter.districtID = prepared.placement.districtID
        matter.cityID = prepared.placement.cityID
        matter.registeredAt = now
        matter.deadlineAt = prepared.deadlineAt
        matter.chaseLevel = 0
        matter.registeredBy = prepared.who.officerID
        try await matter.insertRow(on: db)
        let id = matter.id!
        // The reference carries the id, which only the insert gives.
        matter.reference = Self.reference(id: id, at: now, calendar: prepared.calendar)
        try await matter.updateRow(on: db)
        try await TextPersonalDataStore.insert(prepared.summary.sealed + prepared.details.sealed, owner: .matter, id: id, at: now, on: db)

        try await MatterRound(matterID: id, round: 1, startedAt: now).insertRow(on: db)
        var codes: [ComplainantTracking.Issued] = []
        for person in prepared.people {
            let complainant = Complainant()
            complainant.matterID = id
            complainant.nameSealed = person.nameSealed
            complainant.phoneSealed = person.phoneSealed
            complainant.phoneDigest = person.phoneDigest
            complainant.idNumberSealed = person.idNumberSealed
            complainant.addressSealed = person.addressSealed
            complainant.trackingDigest = person.trackingCode.map(SecretToken.digest)
            try await complainant.insertRow(on: db)
            try await ComplainantRound(matterID: id, round: 1, complainantID: complainant.id!).insertRow(on: db)
            if let code = person.trackingCode {
                codes.append(.init(complainantId: complainant.id!, trackingCode: code))
                if person.mobile {
                    try await ComplainantTracking.send(code, to: complainant, matterID: id, reference: matter.reference, at: now, app: app, on: db)
                }
            }
        }
        var fields = ["reference": matter.reference, "channel": prepared.channel.rawValue, "unit": String(prepared.placement.owningUnitID),
                      "complainants": String(prepared.people.count), "summary": AuditLog.digest(matter.summary),
                      "topic": matter.topic.rawValue]
        if let ledger = prepared.suggestedLedger { fields["suggestedLedger"] = ledger.rawValue }
        if let source = prepared.sourceRef { fields["source"] = source }
        fields["trackingCodes"] = String(codes.count)
        try await AuditLog.append(on: db, kind: .init(.registered), matterID: id, actorID: prepared.who.officerID, fields: fields, at: now)
        return RegisteredMatter(id: id, trackingCodes: codes)
    }
}
