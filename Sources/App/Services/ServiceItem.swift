import Fluent
import Foundation

/// One entry of the service catalogue (办事指南): a police service residents apply for, or a
/// public-order issue they can report (the kinds Open311 clients see).
final class ServiceItem: Model, @unchecked Sendable {
    static let schema = "service_items"

    enum Category: String, Codable, CaseIterable { case household, traffic, exitEntry, publicOrder, other }

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "code") var code: String
    @Field(key: "category") var category: Category
    @Field(key: "name_zh") var nameZh: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "description") var description: String
    /// JSON arrays of text.
    @Field(key: "materials") var materials: String
    @Field(key: "steps") var steps: String
    @Field(key: "time_limit_days") var timeLimitDays: Int
    @Field(key: "fee") var fee: String
    /// The guide in English; empty (or `[]`) where none was given, and the Chinese is shown.
    @Field(key: "description_en") var descriptionEn: String
    @Field(key: "materials_en") var materialsEn: String
    @Field(key: "steps_en") var stepsEn: String
    @Field(key: "fee_en") var feeEn: String
    /// For public-order entries: the message kind a report becomes.
    @OptionalField(key: "message_kind") var messageKind: String?

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] {
        [
            $id, $code, $category, $nameZh, $nameEn, $description, $materials, $steps, $timeLimitDays, $fee, $messageKind,
            $descriptionEn, $materialsEn, $stepsEn, $feeEn
        ]
    }

    init() {}
}
