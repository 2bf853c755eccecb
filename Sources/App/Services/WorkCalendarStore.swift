import Fluent
import FluentSQL
import SQLKit
import LedgerCore

/// Reads the configurable parts of the deadline rules from the database. Vetting, reopening and
/// every sweep read them, so the statements are raw SQL (see `Model.fetch`).
enum WorkCalendarStore {
    static func calendar(on db: any Database) async throws -> WorkingCalendar {
        let days = try await (db as! any SQLDatabase).raw("SELECT * FROM calendar_days").all(decodingFluent: CalendarDay.self)
        return WorkingCalendar(
            holidays: Set(days.filter { !$0.working }.compactMap { Day($0.day) }),
            extraWorkingDays: Set(days.filter(\.working).compactMap { Day($0.day) }))
    }

    static func policy(for ledger: Ledger, on db: any Database) async throws -> DeadlinePolicy {
        try await (db as! any SQLDatabase).raw("SELECT * FROM deadline_settings WHERE ledger = \(bind: ledger.rawValue)")
            .first(decodingFluent: DeadlineSetting.self)?.policy ?? .standard(for: ledger)
    }

    /// Vetting time before a ledger is chosen: the strictest of the ledgers'.
    static func vetDays(suggested: Ledger?, on db: any Database) async throws -> Int {
        if let suggested { return try await policy(for: suggested, on: db).vetDays }
        let all = try await DeadlineSetting.query(on: db).all()
        return all.map(\.vetDays).min() ?? 1
    }
}
