import Fluent
import Foundation

/// One file of an online application: a listed material, checked for type and size.
final class Attachment: Model, @unchecked Sendable {
    static let schema = "attachments"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "application_id") var applicationID: Int
    @Field(key: "material") var material: String
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var data: Data

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $applicationID, $material, $filename, $contentType, $size, $sha256, $data] }

    init() {}
}
