import Fluent
import LedgerCore
import Vapor

extension API {
    /// `/api/v1/settings`: deadlines per ledger and the working-day calendar.
    enum SettingsController {
        struct DeadlineDTO: Content { let ledger: Ledger; let vetDays: Int; let replyDays: Int }
        struct DeadlineUpdate: Content { let vetDays: Int; let replyDays: Int }
        struct CalendarDayDTO: Content { let day: String; let working: Bool; let name: String }

        @Sendable static func deadlines(req: Request) async throws -> [DeadlineDTO] {
            _ = try req.officer()
            return try await WorkCalendarStore.deadlineSettings(on: req.db).map { DeadlineDTO(ledger: $0.ledger, vetDays: $0.vetDays, replyDays: $0.replyDays) }
        }

        @Sendable static func updateDeadline(req: Request) async throws -> DeadlineDTO {
            let who = try requireAdministrator(req)
            guard let raw = req.parameters.get("ledger"), let ledger = Ledger(rawValue: raw) else {
                throw AppError.invalid("ledger", "must be suggestion, demand or complaint")
            }
            let body = try req.content.decode(DeadlineUpdate.self)
            guard (1...30).contains(body.vetDays) else { throw AppError.invalid("vetDays", "must be between 1 and 30 working days") }
            guard (1...90).contains(body.replyDays) else { throw AppError.invalid("replyDays", "must be between 1 and 90 working days") }
            let now = req.now
            try await req.application.write { db in
                try await WorkCalendarStore.setDeadlines(for: ledger, vetDays: body.vetDays, replyDays: body.replyDays, on: db)
                try await AuditLog.append(on: db, kind: .deadlinesChanged, matterID: nil, actorID: who.officerID,
                                          fields: ["ledger": ledger.rawValue, "vetDays": String(body.vetDays), "replyDays": String(body.replyDays)], at: now)
            }
            return DeadlineDTO(ledger: ledger, vetDays: body.vetDays, replyDays: body.replyDays)
        }

        @Sendable static func calendarDays(req: Request) async throws -> [CalendarDayDTO] {
            _ = try req.officer()
            return try await WorkCalendarStore.exceptionalDays(on: req.db).map { CalendarDayDTO(day: $0.day, working: $0.working, name: $0.name) }
        }

        /// Adds or replaces one exceptional day: a holiday (`working: false`) or a worked weekend day.
        @Sendable static func putCalendarDay(req: Request) async throws -> CalendarDayDTO {
            let who = try requireAdministrator(req)
            let body = try req.content.decode(CalendarDayDTO.self)
            guard Day(body.day) != nil else { throw AppError.invalid("day", "must be a real date as YYYY-MM-DD") }
            try NewMatterInput.line(body.name, field: "name", max: 100)
            let now = req.now
            try await req.application.write { db in
                try await WorkCalendarStore.putDay(body.day, working: body.working, name: body.name, on: db)
                try await AuditLog.append(on: db, kind: .calendarChanged, matterID: nil, actorID: who.officerID,
                                          fields: ["day": body.day, "working": String(body.working)], at: now)
            }
            return body
        }

        static func requireAdministrator(_ req: Request) throws -> SignedIn {
            let who = try req.officer()
            guard who.isAdministrator else { throw AppError.forbidden("only administrators change settings") }
            return who
        }
    }

    /// `/api/v1/sweeps`: run the deadline sweep now (it also runs every minute in `serve`).
    enum SweepsController {
        @Sendable static func run(req: Request) async throws -> DeadlineSweep.Report {
            let who = try req.officer()
            guard who.isAdministrator || (who.role.isChief && who.unitKind == .city) else {
                throw AppError.forbidden("only administrators and city chiefs start a sweep by hand")
            }
            return try await req.application.deadlineSweep.run()
        }
    }
}
