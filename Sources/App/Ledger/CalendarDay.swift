import Foundation
import Fluent

/// A day that breaks the Monday–Friday rule: a public holiday, or a weekend day worked (调休).
final class CalendarDay: Model, @unchecked Sendable {
    static let schema = "calendar_days"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "day") var day: String
    @Field(key: "working") var working: Bool
    @Field(key: "name") var name: String

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $day, $working, $name] }

    init() {}
}
