import Fluent
import Foundation

/// A bookable time at a window. `booked` never exceeds `capacity`: bookings raise it with a
/// conditional update, and the database checks it too.
final class AppointmentSlot: Model, @unchecked Sendable {
    static let schema = "appointment_slots"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "window_id") var windowID: Int
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "capacity") var capacity: Int
    @Field(key: "booked") var booked: Int

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $windowID, $startsAt, $capacity, $booked] }

    init() {}
}
