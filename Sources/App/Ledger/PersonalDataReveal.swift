import Fluent
import LedgerCore
import Vapor

/// Personal data in clear, for the owning unit's chiefs and the handler only, and every look
/// is an event in the audit log.
enum PersonalDataReveal {
    struct Revealed: Content { let complainantId: Int; let name: String; let phone: String; let idNumber: String?; let address: String? }

    static func mayReveal(_ who: SignedIn, owningUnitID: Int, handlerID: Int?) -> Bool {
        (who.role.isChief && who.unitID == owningUnitID) || handlerID == who.officerID
    }

    static func reveal(_ complainantID: Int, of matterID: Int, by who: SignedIn, app: Application) async throws -> Revealed {
        guard let matter = try await Matter.fetch(matterID, on: app.db), who.actor.reach.contains(matter.placement.place) else {
            throw AppError.notFound("matter \(matterID)")
        }
        guard mayReveal(who, owningUnitID: matter.unitID, handlerID: matter.handlerID) else {
            throw AppError.forbidden("only the owning unit's chiefs and the handler may see personal data in clear")
        }
        guard let person = try await MatterStore.complainant(complainantID, ofMatter: matterID, on: app.db) else {
            throw AppError.notFound("complainant \(complainantID)")
        }
        let now = app.clock.now()
        _ = try await app.write { db in
            try await AuditLog.append(on: db, kind: .init(.personalDataRevealed), matterID: matterID, actorID: who.officerID,
                                      fields: ["complainant": String(complainantID)], at: now)
        }
        let cipher = app.cipher
        return Revealed(complainantId: complainantID, name: try cipher.open(person.nameSealed), phone: try cipher.open(person.phoneSealed),
                        idNumber: try person.idNumberSealed.map(cipher.open), address: try person.addressSealed.map(cipher.open))
    }

    /// The phones, ID numbers and e-mail addresses typed into a matter's summary and details,
    /// in clear, for the same people; recorded.
    static func revealText(of matterID: Int, by who: SignedIn, app: Application) async throws -> [TextPersonalData.Revealed] {
        guard let matter = try await Matter.fetch(matterID, on: app.db), who.actor.reach.contains(matter.placement.place) else {
            throw AppError.notFound("matter \(matterID)")
        }
        guard mayReveal(who, owningUnitID: matter.unitID, handlerID: matter.handlerID) else {
            throw AppError.forbidden("only the owning unit's chiefs and the handler may see personal data in clear")
        }
        return try await TextPersonalData.reveal(.matter, id: matterID, matterID: matterID, by: who, app: app)
    }

    /// The matters within the officer's reach that a full phone number belongs to, found by its
    /// keyed digest (the number is stored nowhere in clear); every search is recorded.
    static func matters(withPhone phone: String, for who: SignedIn, app: Application) async throws -> [Matter] {
        let digits = PersonalDataInText.find(in: phone).first { $0.kind == .phone }?.value ?? ""
        guard !digits.isEmpty, PersonalDataValidation.isValidPhone(digits) else {
            throw AppError.invalid("phone", "must be a whole mobile number or a landline with its area code")
        }
        let ids = try await MatterStore.matterIDs(phoneDigest: app.cipher.digest(digits), on: app.db)
        var found: [Matter] = []
        for id in ids.sorted(by: >) {
            if let matter = try await Matter.fetch(id, on: app.db), who.actor.reach.contains(matter.placement.place) { found.append(matter) }
        }
        let now = app.clock.now()
        let count = found.count
        try await app.write { db in
            try await AuditLog.append(on: db, kind: .searchedByPhone, matterID: nil, actorID: who.officerID,
                                      fields: ["found": String(count)], at: now)
        }
        return found
    }
}
