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

    /// How a load holds the matter's row until the transaction ends (PostgreSQL; SQLite's
    /// writes are one at a time already): an action waits for it, the deadline sweep skips a
    /// matter another instance holds.
    enum RowLock { case none, wait, skipLocked }

    /// Loads a matter, holding its row as `lock` says, so the deadline sweep on another
    /// instance cannot interleave with an action. Every action on a matter starts here, so the
    /// statements are raw SQL: FluentKit's query building cost three times SQLite's own work for each.
    static func load(_ id: Int, on db: any Database, lock: RowLock = .none) async throws -> LoadedMatter? {
        let sql = db.sql
        let forUpdate: SQLQueryString = switch (lock, sql.dialect.name == "sqlite") {
        case (.none, _), (_, true): ""
        case (.wait, false): " FOR UPDATE"
        case (.skipLocked, false): " FOR UPDATE SKIP LOCKED"
        }
        guard let matter = try await Matter.select("WHERE id = \(bind: id)\(forUpdate)", on: db).first,
              let round = try await MatterRound.select("WHERE matter_id = \(bind: id) AND round = \(bind: matter.round)", on: db).first
        else { return nil }
        let complainants = try await Complainant.select("WHERE matter_id = \(bind: id) ORDER BY id", on: db)
        let responses = try await ComplainantRound.select("WHERE matter_id = \(bind: id) AND round = \(bind: matter.round)", on: db)
        return LoadedMatter(matter: matter, round: round, complainants: complainants, responses: responses)
    }
}
