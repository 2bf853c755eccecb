import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// One-time rating links (一次一评): every reply gives its resident a link to rate it, whatever
/// channel the matter came by. The link carries a random token and nothing about the resident;
/// only the token's digest is stored. It works once, for the round it was made for, until it
/// expires (MINYI_RATING_LINK_DAYS).
enum RatingLinks {
    struct Link: Decodable {
        let id: Int, matterId: Int, round: Int, complainantId: Int
        let expiresAt: Date, usedAt: Date?
    }

    /// Makes the link for one reply and queues it to the resident's mobile phone by SMS. A
    /// landline cannot take a text: that resident is rated by the call-back office.
    static func issue(matterID: Int, round: Int, complainant: Complainant, at now: Date, app: Application, on db: any Database) async throws {
        let token = SecretToken.make(bytes: 24)
        let expires = now.addingTimeInterval(Double(app.config.ratingLinkDays) * 86_400)
        try await db.statements.run("""
            INSERT INTO rating_links (token_digest, matter_id, round, complainant_id, created_at, expires_at)
            VALUES (\(bind: SecretToken.digest(token)), \(bind: matterID), \(bind: round), \(bind: complainant.id!), \(bind: now), \(bind: expires))
            """)
        let phone = try app.cipher.open(complainant.phoneSealed)
        guard PersonalDataValidation.isMobile(phone) else { return }
        try await Outbox.enqueue(on: db, dedupeKey: "rating-link:\(matterID):\(round):\(complainant.id!)", channel: .sms,
                                 recipientSealed: complainant.phoneSealed, template: "ratingInvited",
                                 payload: ["link": (app.config.publicURL ?? "") + Page.rateLink(token).path], notBefore: now, now: now)
    }

    /// The link behind a token, if there is one.
    static func find(token: String, on db: any Database) async throws -> Link? {
        try await db.statements.row("""
            SELECT id, matter_id, round, complainant_id, expires_at, used_at FROM rating_links
            WHERE token_digest = \(bind: SecretToken.digest(token))
            """)
    }

    /// Marks the round's link used: once the resident is rated (by the link, the tracking page
    /// or the call-back office), the link rates no more.
    static func spend(matterID: Int, round: Int, complainantID: Int, at now: Date, on db: any Database) async throws {
        try await db.statements.run("""
            UPDATE rating_links SET used_at = \(bind: now)
            WHERE matter_id = \(bind: matterID) AND round = \(bind: round) AND complainant_id = \(bind: complainantID) AND used_at IS NULL
            """)
    }
}

/// What a resident does with a rating link: read the reply, and rate it once.
package struct RatingLinkService: Sendable {
    let app: Application

    package struct View: Content {
        let reference: String
        let reply: String
        let repliedAt: Date?
        let expiresAt: Date
        let ratings: [Satisfaction]
    }

    /// The reply the link is for. Unknown tokens are 404; used, expired or outdated links 410.
    package func view(token: String, from address: String) async throws -> View {
        let (link, matter, response) = try await usable(token: token, from: address)
        return View(reference: matter.reference, reply: response.reply ?? "", repliedAt: response.repliedAt,
                    expiresAt: link.expiresAt, ratings: Satisfaction.allCases)
    }

    /// The resident's own rating, through the link: certified, and the link is spent with it.
    package func rate(token: String, rating: Satisfaction, comment: String, from address: String) async throws {
        let (link, _, _) = try await usable(token: token, from: address)
        _ = try await app.ledger.perform(.rate(complainantID: link.complainantId, rating: rating, comment: comment), on: link.matterId,
                                         expectedVersion: nil, by: .resident(complainantID: link.complainantId, channel: .ratingLink))
    }

    private func usable(token: String, from address: String) async throws -> (RatingLinks.Link, Matter, ComplainantRound) {
        try await app.rateLimiter.hit(RateLimiter.lookupPerIP, key: address, field: "token")
        let db = app.db
        guard !token.isEmpty, token.count <= 64, let link = try await RatingLinks.find(token: token, on: db) else {
            throw AppError.notFound("rating link")
        }
        guard link.usedAt == nil else { throw AppError.gone("this rating link has been used: the reply is rated", field: "token") }
        guard link.expiresAt > app.clock.now() else { throw AppError.gone("this rating link has expired; the call-back office will call you", field: "token") }
        guard let matter = try await Matter.fetch(link.matterId, on: db), matter.round == link.round,
              let response = try await MatterStore.responses(ofMatter: link.matterId, complainant: link.complainantId, round: link.round, on: db).first
        else { throw AppError.gone("this matter has moved on since the reply; a new reply brings a new link", field: "token") }
        return (link, matter, response)
    }
}

extension Application {
    package var ratingLinks: RatingLinkService { RatingLinkService(app: self) }
}
