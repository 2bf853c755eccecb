import Fluent
import Foundation
import LedgerCore

/// An appeal against a rating the owning unit believes malicious, and its decision.
final class RatingAppeal: Model, @unchecked Sendable {
    static let schema = "rating_appeals"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "matter_id") var matterID: Int
    @Field(key: "round") var round: Int
    @Field(key: "complainant_id") var complainantID: Int
    @Field(key: "reason") var reason: String
    @Field(key: "filed_by") var filedBy: Int
    @Field(key: "filed_at") var filedAt: Date
    @OptionalField(key: "decision") var decision: AppealDecision?
    @OptionalField(key: "decision_note") var decisionNote: String?
    @OptionalField(key: "decided_by") var decidedBy: Int?
    @OptionalField(key: "decided_at") var decidedAt: Date?

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] {
        [
            $id, $matterID, $round, $complainantID, $reason, $filedBy, $filedAt, $decision, $decisionNote, $decidedBy,
            $decidedAt
        ]
    }

    init() {}
}
