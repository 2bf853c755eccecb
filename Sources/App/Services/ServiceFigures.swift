import Fluent
import Foundation
import LedgerCore
import Vapor

/// 好差评 figures for a month: per hall and window (online applications per handling unit),
/// the ratings on five levels, the good-rating rate, and how the 差评 were put right. Ratings
/// set aside on appeal are shown apart and never counted.
enum ServiceFigures {
    struct Counts: Content {
        var total = 0, verySatisfied = 0, satisfied = 0, basicallySatisfied = 0, dissatisfied = 0, veryDissatisfied = 0, setAside = 0
        /// 好评率: 非常满意, 满意 and 基本满意 over all counted ratings; nil when there are none.
        var goodRate: Double? {
            total == 0 ? nil : Double(verySatisfied + satisfied + basicallySatisfied) / Double(total)
        }

        mutating func add(_ row: EvaluationStore.Figure) {
            total += row.total; verySatisfied += row.verySatisfied; satisfied += row.satisfied
            basicallySatisfied += row.basicallySatisfied; dissatisfied += row.dissatisfied; veryDissatisfied += row.veryDissatisfied
            setAside += row.setAside
        }
    }

    struct Rectification: Content { var opened = 0, rectified = 0, rectifiedOnTime = 0, open = 0 }

    struct WindowRow: Content { let windowId: Int; let window: String; let counts: Counts; let goodRate: Double? }

    /// One hall, or (with no hall) a unit's online applications.
    struct HallRow: Content {
        let hallId: Int?
        let hall: String
        let unitId: Int
        let unit: String
        let counts: Counts
        let goodRate: Double?
        let rectification: Rectification
        let windows: [WindowRow]
    }

    struct Report: Content { let month: String; let halls: [HallRow] }

    /// The month asked for (`YYYY-MM`), or the current one in the bureau's time zone.
    static func month(_ raw: String?, now: Date) throws -> (label: String, from: Date, until: Date) {
        let calendar = WorkingCalendar()
        let first: Day
        if let raw, !raw.isEmpty {
            guard let day = Day(raw + "-01") else { throw AppError.invalid("month", "must be a month as YYYY-MM") }
            first = day
        } else {
            let today = calendar.day(of: now)
            first = Day(year: today.year, month: today.month, day: 1)
        }
        let next = first.month == 12 ? Day(year: first.year + 1, month: 1, day: 1) : Day(year: first.year, month: first.month + 1, day: 1)
        return (String(first.description.prefix(7)), calendar.startOfDay(first), calendar.startOfDay(next))
    }

    /// The month's figures within a reach (staff) or for the whole bureau (the public board,
    /// where `withWindows` is false: the board shows halls).
    static func report(within reach: Reach?, month raw: String?, withWindows: Bool, app: Application) async throws -> Report {
        try await report(within: reach, period: try month(raw, now: app.clock.now()), withWindows: withWindows, app: app)
    }

    /// The figures of ratings made in [from, until), `label` naming the period.
    static func report(within reach: Reach?, period: (label: String, from: Date, until: Date), withWindows: Bool,
                       app: Application) async throws -> Report {
        let (label, from, until) = period
        let rows = try await EvaluationStore.figures(within: reach, from: from, until: until, on: app.db)
        let tasks = try await EvaluationStore.taskFigures(within: reach, from: from, until: until, on: app.db)
        let halls = Dictionary(uniqueKeysWithValues: try await ServiceStore.halls(on: app.db).map { ($0.id!, $0) })
        let windows = Dictionary(uniqueKeysWithValues: try await ServiceStore.windows(on: app.db).map { ($0.id!, $0) })
        let unitIDs = Set(rows.map(\.unitId))
        let units = Dictionary(uniqueKeysWithValues: try await UnitStore.units(ids: unitIDs, on: app.db).map { ($0.id!, $0.name) })

        struct Key: Hashable { let unitId: Int; let hallId: Int? }
        let grouped = Dictionary(grouping: rows) { Key(unitId: $0.unitId, hallId: $0.hallId) }
        let result = grouped.keys.sorted { ($0.unitId, $0.hallId ?? 0) < ($1.unitId, $1.hallId ?? 0) }.map { key -> HallRow in
            var counts = Counts()
            var windowRows: [WindowRow] = []
            for row in grouped[key] ?? [] {
                counts.add(row)
                if withWindows, let windowID = row.windowId {
                    var single = Counts()
                    single.add(row)
                    windowRows.append(WindowRow(windowId: windowID, window: windows[windowID]?.name ?? "", counts: single, goodRate: single.goodRate))
                }
            }
            var rectification = Rectification()
            for task in tasks where task.unitId == key.unitId && task.hallId == key.hallId {
                rectification.opened += task.opened; rectification.rectified += task.rectified
                rectification.rectifiedOnTime += task.rectifiedOnTime; rectification.open += task.open
            }
            let unitName = units[key.unitId] ?? ""
            return HallRow(hallId: key.hallId, hall: key.hallId.flatMap { halls[$0]?.name } ?? unitName, unitId: key.unitId,
                           unit: unitName, counts: counts, goodRate: counts.goodRate, rectification: rectification, windows: windowRows)
        }
        return Report(month: label, halls: result)
    }
}
