import Foundation
import Fluent
import LedgerCore

/// One handling round of a matter. A 不满意 rating starts a new round, so the result,
/// publication decision and accountability review are made afresh.
final class MatterRound: Model, @unchecked Sendable {
    static let schema = "matter_rounds"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "matter_id") var matterID: Int
    @Field(key: "round") var round: Int
    @Field(key: "started_at") var startedAt: Date

    // 协调处理: the handling result
    @OptionalField(key: "result") var result: String?
    @OptionalField(key: "result_by") var resultBy: Int?

    // 一事一公开: publish an anonymised summary, or withhold for a lawful reason
    @OptionalField(key: "published") var published: Bool?
    @OptionalField(key: "public_asked") var publicAsked: String?
    @OptionalField(key: "public_summary") var publicSummary: String?
    @OptionalField(key: "withhold_reason") var withholdReason: WithholdingReason?
    @OptionalField(key: "publication_note") var publicationNote: String?
    @OptionalField(key: "publication_by") var publicationBy: Int?

    // 一事一问责: who is answerable
    @OptionalField(key: "answerable_officer_id") var answerableOfficerID: Int?
    @OptionalField(key: "accountability_finding") var accountabilityFinding: String?
    @OptionalField(key: "accountability_by") var accountabilityBy: Int?

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] {
        [
            $id, $matterID, $round, $startedAt, $result, $resultBy, $published, $publicAsked, $publicSummary,
            $withholdReason, $publicationNote, $publicationBy, $answerableOfficerID, $accountabilityFinding,
            $accountabilityBy
        ]
    }

    init() {}

    init(matterID: Int, round: Int, startedAt: Date) {
        self.matterID = matterID
        self.round = round
        self.startedAt = startedAt
    }
}
