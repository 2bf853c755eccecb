import Fluent
import Foundation

/// One matter discussed at a meeting (一事一议): its resolution, plan, owner and due day, and the
/// ledger matter it opened, if any.
package final class AgendaItem: Model, @unchecked Sendable {
    package static let schema = "agenda_items"

    @ID(custom: .id, generatedBy: .database) package var id: Int?
    @Field(key: "meeting_id") var meetingID: Int
    @Field(key: "title") var title: String
    @OptionalField(key: "resolution") var resolution: String?
    @OptionalField(key: "plan") var plan: String?
    @OptionalField(key: "owner_id") var ownerID: Int?
    @OptionalField(key: "due_on") var dueOn: String?
    @OptionalField(key: "matter_id") var matterID: Int?

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] { [$id, $meetingID, $title, $resolution, $plan, $ownerID, $dueOn, $matterID] }

    package init() {}
}
