import Fluent
import Foundation
import LedgerCore

/// A pairing (结对子) of an eligible officer with a unit or an individual, from a start day to
/// an optional end day.
package final class LiaisonContact: Model, @unchecked Sendable {
    package static let schema = "liaison_contacts"

    @ID(custom: .id, generatedBy: .database) package var id: Int?
    @Field(key: "officer_id") var officerID: Int
    @Field(key: "unit_id") var unitID: Int
    @OptionalField(key: "district_id") var districtID: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "kind") var kind: LiaisonContactKind
    /// Sealed: an individual's name is personal data, and a unit's is sealed alike for simplicity.
    @Field(key: "name_sealed") var nameSealed: String
    @Field(key: "started_on") var startedOn: String
    @OptionalField(key: "ended_on") var endedOn: String?

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] {
        [
            $id, $officerID, $unitID, $districtID, $cityID, $kind, $nameSealed, $startedOn, $endedOn
        ]
    }

    package init() {}
}
