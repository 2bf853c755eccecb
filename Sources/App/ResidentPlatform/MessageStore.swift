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

    /// The messages that came in through a catalogue service (Open311's requests): these ids,
    /// or those created in [from, until]; optionally one service; newest first.
    static func serviceRequests(ids: [Int]?, from: Date, until: Date, serviceCode: String?, limit: Int,
                                on db: any Database) async throws -> [ResidentMessage] {
        let query = ResidentMessage.query(on: db).filter(\.$serviceCode != nil)
        if let ids { query.filter(\.$id ~~ ids) } else { query.filter(\.$createdAt >= from).filter(\.$createdAt <= until) }
        if let serviceCode { query.filter(\.$serviceCode == serviceCode) }
        return try await query.sort(\.$id, .descending).limit(limit).all()
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
