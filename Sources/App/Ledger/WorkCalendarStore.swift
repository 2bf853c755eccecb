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

    static func deadlineSettings(on db: any Database) async throws -> [DeadlineSetting] {
        try await DeadlineSetting.query(on: db).sort(\.$id).all()
    }

    static func setDeadlines(for ledger: Ledger, vetDays: Int, replyDays: Int, on db: any Database) async throws {
        try await DeadlineSetting.query(on: db).filter(\.$ledger == ledger).set(\.$vetDays, to: vetDays).set(\.$replyDays, to: replyDays).update()
    }

    static func exceptionalDays(on db: any Database) async throws -> [CalendarDay] {
        try await CalendarDay.query(on: db).sort(\.$day).all()
    }

    /// Adds or replaces one exceptional day.
    static func putDay(_ day: String, working: Bool, name: String, on db: any Database) async throws {
        try await CalendarDay.query(on: db).filter(\.$day == day).delete()
        let record = CalendarDay()
        record.day = day
        record.working = working
        record.name = name
        try await record.create(on: db)
    }
}
