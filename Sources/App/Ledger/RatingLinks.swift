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
            WHERE token_digest = \(bind: SecretToken.digest(token)) OR reminder_digest = \(bind: SecretToken.digest(token))
            """)
    }

    /// A link whose reply nobody has rated yet and that has had no reminder.
    struct Unreminded: Decodable {
        let id: Int, matterId: Int, round: Int, complainantId: Int, repliedAt: Date, phoneSealed: String
    }

    /// 智能邀评: a working day after a reply nobody has rated, the resident gets a reminder with
    /// a fresh token for the same link, once; the call-back office calls later. Returns the
    /// reminders sent.
    @discardableResult
    static func remind(_ app: Application, limit: Int = 500) async throws -> Int {
        let now = app.clock.now()
        let calendar = try await WorkCalendarStore.calendar(on: app.db)
        // A working day is at least a calendar day: the query narrows by that, the rule decides.
        let rows: [Unreminded] = try await app.db.statements.rows("""
            SELECT l.id, l.matter_id, l.round, l.complainant_id, r.replied_at, c.phone_sealed
            FROM complainant_rounds r
            JOIN rating_links l ON l.matter_id = r.matter_id AND l.round = r.round AND l.complainant_id = r.complainant_id
            JOIN complainants c ON c.id = r.complainant_id
            WHERE r.rating IS NULL AND r.reply IS NOT NULL AND r.replied_at <= \(bind: now.addingTimeInterval(-86_400))
              AND r.unreachable_note IS NULL AND l.used_at IS NULL AND l.reminded_at IS NULL AND l.expires_at > \(bind: now)
            ORDER BY r.replied_at
            LIMIT \(bind: limit)
            """)
        var sent = 0
        for row in rows where CallbackRules.isReminderDue(repliedAt: row.repliedAt, now: now, calendar: calendar) {
            guard PersonalDataValidation.isMobile(try app.cipher.open(row.phoneSealed)) else { continue }
            let token = SecretToken.make(bytes: 24)
            try await app.write { (db: any Database) async throws -> Void in
                try await db.statements.run("""
                    UPDATE rating_links SET reminder_digest = \(bind: SecretToken.digest(token)), reminded_at = \(bind: now)
                    WHERE id = \(bind: row.id) AND reminded_at IS NULL AND used_at IS NULL
                    """)
                try await Outbox.enqueue(on: db, dedupeKey: "rating-reminder:\(row.matterId):\(row.round):\(row.complainantId)", channel: .sms,
                                         recipientSealed: row.phoneSealed, template: "ratingReminder",
                                         payload: ["link": (app.config.publicURL ?? "") + Page.rateLink(token).path], notBefore: now, now: now)
            }
            sent += 1
        }
        return sent
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
