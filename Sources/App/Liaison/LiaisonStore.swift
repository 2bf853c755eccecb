import Fluent
import LedgerCore

/// The queries of liaison pairings and the items they raise.
enum LiaisonStore {
    static func contacts(within reach: Reach, limit: Int, on db: any Database) async throws -> [LiaisonContact] {
        try await LiaisonContact.query(on: db).within(reach).sort(\.$id).limit(limit).all()
    }

    /// Items within `reach` neither solved on the spot nor opened as a matter.
    static func openItems(within reach: Reach, limit: Int, on db: any Database) async throws -> [LiaisonItem] {
        try await LiaisonItem.query(on: db).within(reach).filter(\.$solution == nil).filter(\.$matterID == nil).sort(\.$id).limit(limit).all()
    }
}
