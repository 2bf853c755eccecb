import Fluent
import Foundation
import LedgerCore

/// One 进建商 activity at city, district or station level, with its participants counted by kind.
package final class EngagementMeeting: Model, @unchecked Sendable {
    package static let schema = "engagement_meetings"

    @ID(custom: .id, generatedBy: .database) package var id: Int?
    @Field(key: "unit_id") var unitID: Int
    @Field(key: "level") var level: UnitKind
    @OptionalField(key: "district_id") var districtID: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "day") var day: String
    @Field(key: "place") var place: String
    @Field(key: "topic") var topic: EngagementTopic
    @Field(key: "think_tank_members") var thinkTankMembers: Int
    @Field(key: "deputies") var deputies: Int
    @Field(key: "cppcc_members") var cppccMembers: Int
    @Field(key: "residents") var residents: Int
    @Field(key: "experience_officers") var experienceOfficers: Int
    @Field(key: "officers") var officers: Int
    /// JSON array of the think-tank member ids who attended.
    @Field(key: "member_ids") var memberIDs: String
    @Field(key: "minutes") var minutes: String
    @Field(key: "created_by") var createdBy: Int

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] {
        [
            $id, $unitID, $level, $districtID, $cityID, $day, $place, $topic, $thinkTankMembers, $deputies, $cppccMembers,
            $residents, $experienceOfficers, $officers, $memberIDs, $minutes, $createdBy
        ]
    }

    package init() {}

    var participants: Int { thinkTankMembers + deputies + cppccMembers + residents + experienceOfficers + officers }
}
