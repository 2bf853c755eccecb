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
}
