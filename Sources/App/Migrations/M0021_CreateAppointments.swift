import Fluent
import SQLKit

struct M0021_CreateAppointments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("appointment_slots")
            .field(.id, .int, .identifier(auto: true))
            .field("window_id", .int, .required, .references("hall_windows", "id"))
            .field("starts_at", .datetime, .required)
            .field("capacity", .int, .required)
            .field("booked", .int, .required)
            .unique(on: "window_id", "starts_at")
            // No overbooking, whatever the code does.
            .constraint(.custom(SQLRaw("CHECK (booked >= 0 AND booked <= capacity AND capacity >= 1)")))
            .create()
        try await database.schema("appointments")
            .field(.id, .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("slot_id", .int, .required, .references("appointment_slots", "id"))
            .field("service_code", .string, .required)
            .field("name_sealed", .string, .required)
            .field("phone_sealed", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("cancelled_at", .datetime)
            .unique(on: "code")
            .constraint(.custom(SQLRaw("CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))")))
            .create()
        let sql = database.sql
        try await sql.create(index: "appointment_slots_window_idx").on("appointment_slots").column("window_id").column("starts_at").run()
        try await sql.create(index: "appointments_slot_idx").on("appointments").column("slot_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("appointments").delete()
        try await database.schema("appointment_slots").delete()
    }
}
