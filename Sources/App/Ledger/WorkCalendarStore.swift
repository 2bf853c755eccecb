import Fluent
import SQLKit
import LedgerCore

/// Reads the configurable parts of the deadline rules from the database. Vetting, reopening and
/// every sweep read them, so the statements are raw SQL (see `Model.select`).
enum WorkCalendarStore {
    static func calendar(on db: any Database) async throws -> WorkingCalendar {
        let days = try await CalendarDay.select("", on: db)
        return WorkingCalendar(
            holidays: Set(days.filter { !$0.working }.compactMap { Day($0.day) }),
            extraWorkingDays: Set(days.filter(\.working).compactMap { Day($0.day) }))
    }

    static func policy(for ledger: Ledger, on db: any Database) async throws -> DeadlinePolicy {
        try await DeadlineSetting.select("WHERE ledger = \(bind: ledger.rawValue)", on: db).first?.policy ?? .standard(for: ledger)
    }

    /// Vetting time before a ledger is chosen: the strictest of the ledgers'.
    static func vetDays(suggested: Ledger?, on db: any Database) async throws -> Int {
        if let suggested { return try await policy(for: suggested, on: db).vetDays }
        let all = try await DeadlineSetting.query(on: db).all()
        return all.map(\.vetDays).min() ?? 1
    }
}
