import Fluent
import Foundation
import LedgerCore

/// A visit (访) to a paired contact.
package final class LiaisonVisit: Model, @unchecked Sendable {
    package static let schema = "liaison_visits"

    @ID(custom: .id, generatedBy: .database) package var id: Int?
    @Field(key: "contact_id") var contactID: Int
    @Field(key: "unit_id") var unitID: Int
    @OptionalField(key: "district_id") var districtID: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "day") var day: String
    @Field(key: "mode") var mode: VisitMode
    @Field(key: "notes") var notes: String

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] { [$id, $contactID, $unitID, $districtID, $cityID, $day, $mode, $notes] }

    package init() {}
}
