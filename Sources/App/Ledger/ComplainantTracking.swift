import Fluent
import Foundation
import LedgerCore
import Vapor

/// Every complainant of every matter can follow it and rate its replies themselves, whatever
/// channel it came by: a tracking code is made at registration, printed on the walk-in receipt
/// and sent by SMS to a mobile number. Only its digest is stored, so no one on the staff can
/// read it back later and rate in the resident's place. A resident who wrote online already
/// holds their message's code, which follows the matter.
enum ComplainantTracking {
    /// A code as the receipt prints it, once.
    struct Issued: Content, Equatable { let complainantId: Int; let trackingCode: String }

    /// Texts a complainant their code and the tracking page, once (the outbox's key says so).
    static func send(_ code: String, to person: Complainant, matterID: Int, reference: String, at now: Date,
                     app: Application, on db: any Database) async throws {
        try await Outbox.enqueue(on: db, dedupeKey: "matter-tracking:\(matterID):\(person.id!)", channel: .sms,
                                 recipientSealed: person.phoneSealed, template: "matterRegistered",
                                 payload: ["reference": reference, "trackingCode": code,
                                           "link": (app.config.publicURL ?? "") + Page.track.path],
                                 notBefore: now, now: now)
    }

    /// The complainant a typed code belongs to, if any.
    static func complainant(code: String, on db: any Database) async throws -> Complainant? {
        guard let id = try await db.statements.value("""
            SELECT id FROM complainants WHERE tracking_digest = \(bind: SecretToken.digest(code))
            """, column: "id", as: Int.self) else { return nil }
        return try await Complainant.fetch(id, on: db)
    }
}
