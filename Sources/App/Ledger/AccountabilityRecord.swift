import Foundation
import Fluent

/// 一事一问责: a record that work went wrong (a resident was dissatisfied, or work was overdue)
/// and which unit and officer answer for it.
final class AccountabilityRecord: Model, @unchecked Sendable {
    static let schema = "accountability_records"

    enum Cause: String, Codable { case dissatisfied, overdue }

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "matter_id") var matterID: Int
    @Field(key: "round") var round: Int
    @Field(key: "cause") var cause: Cause
    @Field(key: "unit_id") var unitID: Int
    @OptionalField(key: "officer_id") var officerID: Int?
    @Field(key: "oversight_unit_id") var oversightUnitID: Int
    @Field(key: "at") var at: Date
    /// Set when an appeal found the rating behind this record malicious.
    @OptionalField(key: "annulled_by_appeal_id") var annulledByAppealID: Int?

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] {
        [
            $id, $matterID, $round, $cause, $unitID, $officerID, $oversightUnitID, $at, $annulledByAppealID
        ]
    }

    init() {}
}
