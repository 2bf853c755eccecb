import Fluent
import Foundation
import LedgerCore
import SQLKit

/// The queries of residents' messages on the 心连心 platform and of the Open311 endpoint's keys.
enum MessageStore {
    static func message(trackingCode: String, on db: any Database) async throws -> ResidentMessage? {
        try await ResidentMessage.query(on: db).filter(\.$trackingCode == trackingCode).first()
    }

    /// The newest messages the officer may see, optionally one status and kind, older than
    /// `cursor` (a message id); `limit` rows at most.
    static func messages(visibleTo who: SignedIn, status: MessageStatus?, kind: MessageKind?, before cursor: Int?, limit: Int,
                         on db: any Database) async throws -> [ResidentMessage] {
        let query = ResidentMessage.query(on: db).visible(to: who)
        if let status { query.filter(\.$status == status) }
        if let kind { query.filter(\.$kind == kind) }
        if let cursor { query.filter(\.$id < cursor) }
        return try await query.sort(\.$id, .descending).limit(limit).all()
    }

    /// An Open311 request as the public reads it: no personal data, nothing a resident wrote.
    struct Open311Row: Decodable {
        let id: Int
        let publicId: String
        let serviceCode: String
        let serviceName: String?
        let messageStatus: MessageStatus
        let matterStatus: MatterStatus?
        let createdAt: Date
        let answeredAt: Date?
        let escalatedAt: Date?
        let closedAt: Date?
        let unitName: String?
        let districtName: String?

        var residentStatus: ResidentStatus { ResidentStatus.of(message: messageStatus, matter: matterStatus) }
    }

    /// The requests that came in through a catalogue service, newest first, filtered in SQL
    /// before the limit: these public ids, or those created in [from, until]; optionally one
    /// service and only open or only closed ones; older than the request `after` (a public id).
    /// One statement however many rows it returns (the cursor is read in one more).
    static func open311Requests(publicIDs: [String]?, from: Date, until: Date, serviceCode: String?, hasOutcome: Bool?,
                                after: String?, limit: Int, on db: any Database) async throws -> [Open311Row] {
        var conditions: [SQLQueryString] = ["m.service_code IS NOT NULL"]
        if let publicIDs {
            conditions.append("m.public_id IN (\(binds: publicIDs))")
        } else {
            conditions.append("m.created_at >= \(bind: from) AND m.created_at <= \(bind: until)")
        }
        if let serviceCode { conditions.append("m.service_code = \(bind: serviceCode)") }
        if let hasOutcome {
            // The pairs of statuses the domain's rule (`ResidentStatus.hasOutcome`) calls closed,
            // so the SQL cannot disagree with it.
            let pairs: [SQLQueryString] = MessageStatus.allCases.flatMap { message in
                ([nil] + MatterStatus.allCases.map(Optional.some)).compactMap { matter -> SQLQueryString? in
                    guard ResidentStatus.of(message: message, matter: matter).hasOutcome else { return nil }
                    return "(\(bind: message.rawValue), \(bind: matter?.rawValue ?? ""))"
                }
            }
            let closed: SQLQueryString = "(m.status, COALESCE(mt.status, '')) IN (\(pairs.joined(separator: ", ")))"
            conditions.append(hasOutcome ? closed : "NOT " + closed)
        }
        if let after {
            guard let cursor = try await db.statements.value("SELECT id FROM messages WHERE public_id = \(bind: after)", column: "id", as: Int.self) else {
                throw AppError.invalid("after", "is not a service_request_id")
            }
            conditions.append("m.id < \(bind: cursor)")
        }
        return try await db.statements.rows("""
            SELECT m.id, m.public_id, m.service_code, s.name_zh AS service_name, m.status AS message_status,
                   mt.status AS matter_status, m.created_at, m.answered_at, m.escalated_at, mt.closed_at,
                   u.name AS unit_name, d.name AS district_name
            FROM messages m
            LEFT JOIN matters mt ON mt.id = m.matter_id
            LEFT JOIN units u ON u.id = COALESCE(mt.unit_id, m.unit_id)
            LEFT JOIN units d ON d.id = m.district_id
            LEFT JOIN service_items s ON s.code = m.service_code
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY m.id DESC LIMIT \(literal: limit)
            """)
    }

    /// The messages a matter's complainants sent (the ones escalated into it).
    static func messages(ofMatter matterID: Int, complainants complainantIDs: [Int], on db: any Database) async throws -> [ResidentMessage] {
        guard !complainantIDs.isEmpty else { return [] }
        return try await ResidentMessage.query(on: db).filter(\.$matterID == matterID).filter(\.$complainantID ~~ complainantIDs).all()
    }

    /// Records the resident's rating of an answer, unless one is already there; false if it was.
    static func rateAnswer(of id: Int, rating: Satisfaction, comment: String, on db: any Database) async throws -> Bool {
        try await db.statements.value("""
            UPDATE messages SET rating = \(bind: rating.rawValue), rating_comment = \(bind: comment)
            WHERE id = \(bind: id) AND rating IS NULL RETURNING id
            """, column: "id", as: Int.self) != nil
    }

    /// Messages received, answered and escalated per unit within `reach` in [from, to).
    static func counts(within reach: Reach, from: Date, to: Date, on db: any Database) async throws -> [MessageService.UnitCount] {
        try await db.statements.rows("""
            SELECT unit_id,
                   COUNT(*) AS received,
                   CAST(SUM(CASE WHEN answered_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS answered,
                   CAST(SUM(CASE WHEN status = 'escalated' THEN 1 ELSE 0 END) AS BIGINT) AS escalated
            FROM messages
            WHERE \(reach.sql()) AND created_at >= \(bind: from) AND created_at < \(bind: to)
            GROUP BY unit_id ORDER BY unit_id
            """)
    }

    /// An Open311 key by the digest of its secret.
    static func open311Key(digest: String, on db: any Database) async throws -> Open311Key? {
        try await Open311Key.find(digest, on: db)
    }
}
