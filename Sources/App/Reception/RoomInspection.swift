import Fluent
import Foundation

/// A dated inspection of a reception room against its standards checklist.
final class RoomInspection: Model, @unchecked Sendable {
    static let schema = "room_inspections"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "room_id") var roomID: Int
    @Field(key: "day") var day: String
    @Field(key: "inspector_id") var inspectorID: Int
    @Field(key: "construction_standard") var constructionStandard: Bool
    @Field(key: "division_of_duties") var divisionOfDuties: Bool
    @Field(key: "work_rules") var workRules: Bool
    @Field(key: "management_rules") var managementRules: Bool
    @Field(key: "findings") var findings: String

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] {
        [
            $id, $roomID, $day, $inspectorID, $constructionStandard, $divisionOfDuties, $workRules, $managementRules,
            $findings
        ]
    }

    init() {}
}
