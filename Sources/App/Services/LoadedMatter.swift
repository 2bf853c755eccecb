import Fluent
import LedgerCore
import SQLKit

/// A matter with everything the rules need about its current round.
struct LoadedMatter {
    let matter: Matter
    let round: MatterRound
    let complainants: [Complainant]
    let responses: [ComplainantRound]

    var id: Int { matter.id! }
    var placement: MatterPlacement { matter.placement }

    var snapshot: MatterSnapshot {
        MatterSnapshot(
            status: matter.status, ledger: matter.ledger, placement: placement, handlerID: matter.handlerID,
            round: matter.round, oversightLevel: matter.oversightLevel, hasResult: round.result != nil,
            complainants: complainants.map { person in
                let response = responses.first { $0.complainantID == person.id }
                let reachability: ComplainantState.Reachability =
                    response?.unreachableNote == nil ? .reachable
                    : (response?.unreachableApprovedBy == nil ? .reportedUnreachable : .approvedUnreachable)
                return ComplainantState(id: person.id!, replied: response?.reply != nil, rating: response?.rating, reachability: reachability)
            },
            hasPublicationDecision: round.published != nil,
            hasAccountabilityReview: round.answerableOfficerID != nil)
    }

    func response(for complainantID: Int) -> ComplainantRound? {
        responses.first { $0.complainantID == complainantID }
    }

    /// Loads a matter; with `lock`, PostgreSQL holds its row until the transaction ends, so
    /// the deadline sweep on another instance cannot interleave with an action.
    static func load(_ id: Int, on db: any Database, lock: Bool = false) async throws -> LoadedMatter? {
        if lock, let sql = db as? any SQLDatabase, sql.dialect.name != "sqlite" {
            _ = try await sql.raw("SELECT id FROM matters WHERE id = \(bind: id) FOR UPDATE").all()
        }
        guard let matter = try await Matter.find(id, on: db) else { return nil }
        guard let round = try await MatterRound.query(on: db).filter(\.$matterID == id).filter(\.$round == matter.round).first() else {
            return nil
        }
        let complainants = try await Complainant.query(on: db).filter(\.$matterID == id).sort(\.$id).all()
        let responses = try await ComplainantRound.query(on: db).filter(\.$matterID == id).filter(\.$round == matter.round).all()
        return LoadedMatter(matter: matter, round: round, complainants: complainants, responses: responses)
    }
}
