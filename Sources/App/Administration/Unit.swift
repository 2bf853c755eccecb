import Foundation
import Fluent
import LedgerCore

/// A node of the unit tree (city → district/county bureau → station) or a partner body.
/// Safe as `@unchecked Sendable`: Fluent models are used by one task at a time.
package final class Unit: Model, @unchecked Sendable {
    package static let schema = "units"

    @ID(custom: .id, generatedBy: .database) package var id: Int?

    // Data
    @Field(key: "name") package var name: String
    @Field(key: "kind") package var kind: UnitKind

    // Place in the tree: ancestors are stored so scope checks are plain equality.
    @OptionalField(key: "parent_id") var parentID: Int?
    @OptionalField(key: "district_id") package var districtID: Int?
    @OptionalField(key: "city_id") var cityID: Int?

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] { [$id, $name, $kind, $parentID, $districtID, $cityID, $createdAt] }

    package init() {}

    init(name: String, kind: UnitKind, parent: Unit?) {
        self.name = name
        self.kind = kind
        self.parentID = parent?.id
        switch kind {
        case .city: self.cityID = nil
        case .district: self.cityID = parent?.id
        case .station: self.districtID = parent?.id; self.cityID = parent?.cityID
        case .partner, .callbackOffice: self.districtID = parent?.kind == .district ? parent?.id : parent?.districtID
            self.cityID = parent?.kind == .city ? parent?.id : parent?.cityID
        }
    }

    /// The city this unit belongs to (a city is its own).
    package var cityRootID: Int { kind == .city ? id! : cityID! }
}
