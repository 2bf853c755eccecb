import Fluent
import SQLKit
import LedgerCore

/// The queries of liaison pairings and the items they raise.
enum LiaisonStore {
    static func contacts(within reach: Reach, after cursor: Int? = nil, limit: Int, on db: any Database) async throws -> [LiaisonContact] {
        let query = LiaisonContact.query(on: db).within(reach)
        if let cursor { query.filter(\.$id > cursor) }
        return try await query.sort(\.$id).limit(limit).all()
    }

    /// Items within `reach` neither solved on the spot nor opened as a matter.
    static func openItems(within reach: Reach, limit: Int, on db: any Database) async throws -> [LiaisonItem] {
        try await LiaisonItem.query(on: db).within(reach).filter(\.$solution == nil).filter(\.$matterID == nil).sort(\.$id).limit(limit).all()
    }

    /// Officers and contacts with a pairing active in [from, to) within `reach` — each contact
    /// once however many visits — and the items collected and solved (on the spot, or by a
    /// closed matter) then. Days are `YYYY-MM-DD`.
    static func counts(within reach: Reach, from: String, to: String, on db: any Database) async throws -> LiaisonService.Counts {
        let scope = reach.sql()
        let pairs = try await db.statements.row("""
            SELECT COUNT(DISTINCT officer_id) AS officers, COUNT(DISTINCT id) AS contacts FROM liaison_contacts
            WHERE \(scope) AND started_on < \(bind: to) AND (ended_on IS NULL OR ended_on >= \(bind: from))
            """, as: Pairings.self)
        // Each item's own matter, by its key: `matter_id IN (SELECT id FROM matters WHERE status = 'closed')`
        // built a list of every closed matter in the city first.
        let items = try await db.statements.row("""
            SELECT COUNT(*) AS collected,
                   CAST(SUM(CASE WHEN solution IS NOT NULL OR EXISTS (SELECT 1 FROM matters m WHERE m.id = liaison_items.matter_id AND m.status = 'closed')
                            THEN 1 ELSE 0 END) AS BIGINT) AS solved
            FROM liaison_items WHERE \(scope) AND day >= \(bind: from) AND day < \(bind: to)
            """, as: Items.self)
        return .init(officers: pairs?.officers ?? 0, contacts: pairs?.contacts ?? 0,
                     itemsCollected: items?.collected ?? 0, itemsSolved: items?.solved ?? 0)
    }

    private struct Pairings: Decodable { let officers: Int; let contacts: Int }
    private struct Items: Decodable { let collected: Int; let solved: Int? }
}
