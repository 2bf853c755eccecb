import Fluent
import Foundation
import LedgerCore

/// One service given in a reception room: who served, how many residents, what kind of help.
/// It may become a ledger matter; the link is kept both ways.
package final class ReceptionLogEntry: Model, @unchecked Sendable {
    package static let schema = "reception_log"

    @ID(custom: .id, generatedBy: .database) package var id: Int?
    @Field(key: "room_id") var roomID: Int
    @Field(key: "unit_id") var unitID: Int
    @OptionalField(key: "district_id") var districtID: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "at") var at: Date
    @Field(key: "officer_id") var officerID: Int
    @Field(key: "residents_served") var residentsServed: Int
    @Field(key: "service_kind") var serviceKind: ReceptionServiceKind
    @Field(key: "foreign_resident") var foreignResident: Bool
    @OptionalField(key: "language") var language: String?
    @Field(key: "summary") var summary: String
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "matter_id") var matterID: Int?

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] {
        [
            $id, $roomID, $unitID, $districtID, $cityID, $at, $officerID, $residentsServed, $serviceKind, $foreignResident,
            $language, $summary, $outcome, $matterID
        ]
    }

    package init() {}
}
