import Fluent
import Foundation

/// One file of an online application: a listed material, checked for type and size, its bytes
/// and its name sealed with the personal-data key (`keyID` names it), removed `purgedAt` once
/// the application has been over for the retention time.
final class Attachment: Model, @unchecked Sendable {
    static let schema = "attachments"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "application_id") var applicationID: Int
    @Field(key: "material") var material: String
    @Field(key: "filename") var sealedFilename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var sealedData: Data
    @OptionalField(key: "key_id") var keyID: String?
    @OptionalField(key: "purged_at") var purgedAt: Date?

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] {
        [$id, $applicationID, $material, $sealedFilename, $contentType, $size, $sha256, $sealedData, $keyID, $purgedAt]
    }

    init() {}
}
