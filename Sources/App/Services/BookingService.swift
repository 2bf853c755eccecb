import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// 便民: the service catalogue, the halls and windows that handle each service, and
/// appointments (在线预约) that never overbook a slot.
struct BookingService: Sendable {
    let app: Application

    struct Booking: Content { let code: String; let startsAt: Date; let hall: String; let window: String; let serviceCode: String }
    struct FreeSlot: Content { let id: Int; let startsAt: Date; let hall: String; let window: String; let free: Int }

    /// Slots of windows that take `serviceCode`, from `from` for `days` days, with the places left.
    func freeSlots(serviceCode: String, hallID: Int?, from: Date, days: Int) async throws -> [FreeSlot] {
        let windows = try await windowsTaking(serviceCode, hallID: hallID)
        guard !windows.isEmpty else { return [] }
        let halls = try await ServiceStore.halls(ids: Set(windows.map(\.hallID)), on: app.db)
        let until = from.addingTimeInterval(Double(days) * 86400)
        let slots = try await ServiceStore.slots(ofWindows: windows.map { $0.id! }, from: from, until: until, on: app.db)
        return slots.compactMap { slot in
            guard let window = windows.first(where: { $0.id == slot.windowID }) else { return nil }
            return FreeSlot(id: slot.id!, startsAt: slot.startsAt, hall: halls.first { $0.id == window.hallID }?.name ?? "",
                            window: window.name, free: slot.capacity - slot.booked)
        }
    }

    func windowsTaking(_ serviceCode: String, hallID: Int?) async throws -> [HallWindow] {
        try await ServiceStore.windows(hallID: hallID, on: app.db).filter { $0.codes.contains(serviceCode) }
    }

    /// Takes one place in a slot. Many residents may race for the last place: the conditional
    /// update lets exactly `capacity` of them through, on SQLite and PostgreSQL alike.
    func book(slotID: Int, serviceCode: String, name: String, phone: String, from address: String) async throws -> Booking {
        try NewMatterInput.line(name, field: "name", max: 50)
        guard PersonalDataValidation.isValidPhone(phone) else {
            throw AppError.invalid("phone", "must be an 11-digit mobile number or a landline with area code")
        }
        let cipher = app.cipher
        let now = app.clock.now()
        return try await app.write { db in
            try await app.rateLimiter.hit(RateLimiter.submissionPerIP, key: address, on: db)
            try await app.rateLimiter.hit(RateLimiter.submissionPerPhone, key: cipher.digest(phone), on: db)
            guard let slot = try await AppointmentSlot.fetch(slotID, on: db), let window = try await HallWindow.fetch(slot.windowID, on: db),
                  let hall = try await ServiceHall.fetch(window.hallID, on: db) else {
                throw AppError.invalid("slotId", "is not a bookable slot")
            }
            guard window.codes.contains(serviceCode) else { throw AppError.invalid("serviceCode", "this window does not handle that service") }
            guard slot.startsAt > now else { throw AppError.invalid("slotId", "this time has passed") }
            guard try await ServiceStore.takePlace(inSlot: slotID, on: db) else { throw AppError.conflict("this time is fully booked; choose another", field: "slotId") }
            let appointment = Appointment()
            appointment.code = "YY-" + TrackingCode.make()
            appointment.slotID = slotID
            appointment.serviceCode = serviceCode
            appointment.nameSealed = try cipher.seal(name)
            appointment.phoneSealed = try cipher.seal(phone)
            appointment.status = .booked
            appointment.createdAt = now
            try await appointment.create(on: db)
            let id = appointment.id!
            let payload = ["code": appointment.code, "hall": hall.name, "window": window.name, "time": Format.minute(slot.startsAt)]
            try await Outbox.enqueue(on: db, dedupeKey: "appointment-booked:\(id)", channel: .sms, recipientSealed: appointment.phoneSealed,
                                     template: "appointmentBooked", payload: payload, notBefore: now, now: now)
            try await Outbox.enqueue(on: db, dedupeKey: "appointment-reminder:\(id)", channel: .sms, recipientSealed: appointment.phoneSealed,
                                     template: "appointmentReminder", payload: payload,
                                     notBefore: max(now, slot.startsAt.addingTimeInterval(-24 * 3600)), now: now)
            try await AuditLog.append(on: db, kind: .appointmentBooked, matterID: nil, actorID: nil,
                                      fields: ["appointment": String(id), "slot": String(slotID), "service": serviceCode], at: now)
            return Booking(code: appointment.code, startsAt: slot.startsAt, hall: hall.name, window: window.name, serviceCode: serviceCode)
        }
    }

    /// Cancels with the booking code and the phone's last four digits; the place is freed and
    /// the reminder withdrawn.
    func cancel(code: String, phoneLast4: String, from address: String) async throws {
        try await app.rateLimiter.hit(RateLimiter.lookupPerIP, key: address, field: "code")
        let notFound = AppError(status: .notFound, title: "Not found", detail: "no booking matches this code and phone number",
                                invalidParams: [.init(name: "code", reason: "no booking matches this code and phone number")])
        let cipher = app.cipher
        let now = app.clock.now()
        try await app.write { db in
            guard let found = try await ServiceStore.appointment(code: code.uppercased().trimmingCharacters(in: .whitespaces), on: db),
                  String(try cipher.open(found.phoneSealed).suffix(4)) == phoneLast4 else { throw notFound }
            try await lockRow("appointments", id: found.id!, on: db)
            guard let appointment = try await Appointment.fetch(found.id!, on: db) else { throw notFound }
            guard appointment.status == .booked else { throw AppError.conflict("the booking was already cancelled", field: "code") }
            appointment.status = .cancelled
            appointment.cancelledAt = now
            try await appointment.save(on: db)
            try await ServiceStore.freePlace(inSlot: appointment.slotID, on: db)
            try await Outbox.cancel(on: db, dedupeKey: "appointment-reminder:\(appointment.id!)")
            try await AuditLog.append(on: db, kind: .appointmentCancelled, matterID: nil, actorID: nil,
                                      fields: ["appointment": String(appointment.id!)], at: now)
        }
    }
}

extension Application {
    var booking: BookingService { BookingService(app: self) }
}
