import Fluent
import Foundation
import LedgerCore
import SQLKit

/// The queries of the service catalogue, the halls, their windows and slots, appointments and
/// online applications.
enum ServiceStore {
    // MARK: - Catalogue

    /// The catalogue in id order, optionally one category.
    static func items(category: ServiceItem.Category?, on db: any Database) async throws -> [ServiceItem] {
        let query = ServiceItem.query(on: db).sort(\.$id)
        if let category { query.filter(\.$category == category) }
        return try await query.all()
    }

    static func item(code: String, on db: any Database) async throws -> ServiceItem? {
        try await ServiceItem.query(on: db).filter(\.$code == code).first()
    }

    static func codes(on db: any Database) async throws -> Set<String> {
        Set(try await ServiceItem.query(on: db).all(\.$code))
    }

    static func isCatalogueEmpty(on db: any Database) async throws -> Bool {
        try await ServiceItem.query(on: db).count() == 0
    }

    // MARK: - Halls, windows, slots

    /// Halls in id order; all of them, or those with these ids.
    static func halls(ids: Set<Int>? = nil, on db: any Database) async throws -> [ServiceHall] {
        let query = ServiceHall.query(on: db).sort(\.$id)
        if let ids { query.filter(\.$id ~~ ids) }
        return try await query.all()
    }

    /// Windows in id order; all of them, or one hall's.
    static func windows(hallID: Int? = nil, on db: any Database) async throws -> [HallWindow] {
        let query = HallWindow.query(on: db).sort(\.$id)
        if let hallID { query.filter(\.$hallID == hallID) }
        return try await query.all()
    }

    /// The windows' slots that start in [from, until), earliest first, at most 500.
    static func slots(ofWindows windowIDs: [Int], from: Date, until: Date, on db: any Database) async throws -> [AppointmentSlot] {
        try await AppointmentSlot.query(on: db).filter(\.$windowID ~~ windowIDs)
            .filter(\.$startsAt >= from).filter(\.$startsAt < until).sort(\.$startsAt).sort(\.$id).limit(500).all()
    }

    /// Whether the window already has a slot at one of these times.
    static func hasSlot(window windowID: Int, at times: [Date], on db: any Database) async throws -> Bool {
        try await AppointmentSlot.query(on: db).filter(\.$windowID == windowID).filter(\.$startsAt ~~ times).count() > 0
    }

    /// Takes a place if one is left. The condition in the update, not a read before it, is what
    /// stops the last place going twice when residents race for it.
    static func takePlace(inSlot slotID: Int, on db: any Database) async throws -> Bool {
        try await db.statements.value("""
            UPDATE appointment_slots SET booked = booked + 1 WHERE id = \(bind: slotID) AND booked < capacity RETURNING booked
            """, column: "booked", as: Int.self) != nil
    }

    static func freePlace(inSlot slotID: Int, on db: any Database) async throws {
        try await db.statements.run("UPDATE appointment_slots SET booked = booked - 1 WHERE id = \(bind: slotID) AND booked > 0")
    }

    static func appointment(code: String, on db: any Database) async throws -> Appointment? {
        try await Appointment.query(on: db).filter(\.$code == code).first()
    }

    // MARK: - Applications

    static func application(code: String, on db: any Database) async throws -> ServiceApplication? {
        try await ServiceApplication.query(on: db).filter(\.$code == code).first()
    }

    /// The newest applications the officer may see.
    static func applications(visibleTo who: SignedIn, before cursor: Int?, limit: Int, on db: any Database) async throws -> [ServiceApplication] {
        let query = ServiceApplication.query(on: db).visible(to: who)
        if let cursor { query.filter(\.$id < cursor) }
        return try await query.sort(\.$id, .descending).limit(limit).all()
    }

    /// The attachments of these applications, without their bytes, in id order.
    static func attachmentHeads(ofApplications ids: [Int], on db: any Database) async throws -> [Attachment] {
        guard !ids.isEmpty else { return [] }
        return try await Attachment.query(on: db).filter(\.$applicationID ~~ ids).sort(\.$id)
            .field(\.$id).field(\.$applicationID).field(\.$material).field(\.$sealedFilename).field(\.$size).field(\.$contentType)
            .field(\.$keyID).field(\.$purgedAt).all()
    }

    /// One attachment with its bytes, if it belongs to the application.
    static func attachment(_ id: Int, ofApplication applicationID: Int, on db: any Database) async throws -> Attachment? {
        try await Attachment.query(on: db).filter(\.$id == id).filter(\.$applicationID == applicationID).first()
    }

    /// Files stored in clear before files were sealed, a batch at a time.
    static func unsealedAttachments(limit: Int, on db: any Database) async throws -> [Attachment] {
        try await Attachment.query(on: db).filter(\.$keyID == nil).filter(\.$purgedAt == nil).sort(\.$id).limit(limit).all()
    }

    /// Replaces a file's bytes and name with their sealed forms, unless another instance did first.
    static func storeSealed(_ id: Int, data: Data, filename: String, keyID: String, on db: any Database) async throws {
        try await db.statements.run("""
            UPDATE attachments SET data = \(bind: data), filename = \(bind: filename), key_id = \(bind: keyID)
            WHERE id = \(bind: id) AND key_id IS NULL
            """)
    }

    /// Files of applications that ended before `cutoff` and are still kept.
    static func attachmentsPastRetention(endedBefore cutoff: Date, limit: Int, on db: any Database) async throws -> [Int] {
        try await db.statements.values("""
            SELECT a.id FROM service_applications s JOIN attachments a ON a.application_id = s.id
            WHERE s.status IN (\(binds: [ServiceApplication.Status.rejected.rawValue, ServiceApplication.Status.completed.rawValue]))
              AND s.updated_at < \(bind: cutoff) AND a.purged_at IS NULL
            ORDER BY a.id LIMIT \(bind: limit)
            """, column: "id", as: Int.self)
    }

    /// Removes the files' bytes and names; what they were (material, type, size, digest) stays.
    static func purgeAttachments(_ ids: [Int], at now: Date, on db: any Database) async throws {
        guard !ids.isEmpty else { return }
        try await db.statements.run("""
            UPDATE attachments SET data = \(bind: Data()), filename = '', purged_at = \(bind: now)
            WHERE id IN (\(binds: ids)) AND purged_at IS NULL
            """)
    }
}

extension ServiceStore {
    /// A hall's bookings for a window of time, for the hall's desk: on the slots' (window, start) index.
    struct DeskAppointment: Decodable, Sendable {
        let id: Int, code: String, status: Appointment.Status, serviceCode: String, nameSealed: String
        let startsAt: Date, window: String, servedAt: Date?
    }

    static func appointments(hallID: Int, from: Date, until: Date, on db: any Database) async throws -> [DeskAppointment] {
        try await db.statements.rows("""
            SELECT a.id, a.code, a.status, a.service_code, a.name_sealed, s.starts_at, w.name AS window, a.served_at
            FROM hall_windows w
            JOIN appointment_slots s ON s.window_id = w.id AND s.starts_at >= \(bind: from) AND s.starts_at < \(bind: until)
            JOIN appointments a ON a.slot_id = s.id
            WHERE w.hall_id = \(bind: hallID)
            ORDER BY s.starts_at, a.id LIMIT 1000
            """)
    }
}
