import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// 一事一公开: the public board lists closed matters whose publication decision was to
/// publish, with only the anonymised account, the ledger, the district, the days taken and
/// the residents' satisfaction. Nothing else of a matter is read here.
struct PublicBoard: Content {
    struct Entry: Content {
        let reference: String
        let ledger: Ledger
        let district: String
        let asked: String
        let done: String
        let closedOn: String
        let daysTaken: Int
        let satisfied: Int
        let basicallySatisfied: Int
        let dissatisfied: Int
    }

    struct Filters: Sendable {
        var districtID: Int?
        var ledger: Ledger?
        var month: (start: Date, end: Date)?
        var monthText: String?
        var cursor: Int?
        var limit = 20

        init(from query: URLQueryContainer) throws {
            func value(_ name: String) -> String? { (try? query.get(String.self, at: name)).flatMap { $0.isEmpty ? nil : $0 } }
            if let raw = value("district") {
                guard let id = Int(raw), id > 0 else { throw AppError.invalid("district", "must be a district id") }
                districtID = id
            }
            if let raw = value("ledger") {
                guard let ledger = Ledger(rawValue: raw) else { throw AppError.invalid("ledger", "must be one of suggestion, demand, complaint") }
                self.ledger = ledger
            }
            if let raw = value("month") {
                guard let first = Day(raw + "-01") else { throw AppError.invalid("month", "must be a month as YYYY-MM") }
                let calendar = WorkingCalendar()
                let next = first.month == 12 ? Day(year: first.year + 1, month: 1, day: 1) : Day(year: first.year, month: first.month + 1, day: 1)
                month = (calendar.startOfDay(first), calendar.startOfDay(next))
                monthText = raw
            }
            if let raw = value("cursor") {
                guard let id = Int(raw), id > 0 else { throw AppError.invalid("cursor", "is not a cursor this server issued") }
                cursor = id
            }
        }
    }

    let items: [Entry]
    let nextCursor: String?

    static func load(_ filters: Filters, app: Application) async throws -> PublicBoard {
        var conditions: [SQLQueryString] = ["m.status = 'closed'", "r.published = \(bind: true)"]
        if let district = filters.districtID { conditions.append("m.district_id = \(bind: district)") }
        if let ledger = filters.ledger { conditions.append("m.ledger = \(bind: ledger.rawValue)") }
        if let month = filters.month { conditions.append("m.closed_at >= \(bind: month.start) AND m.closed_at < \(bind: month.end)") }
        if let cursor = filters.cursor { conditions.append("m.id < \(bind: cursor)") }
        let whereClause = conditions.dropFirst().reduce(conditions[0]) { "\($0) AND \($1)" }
        let rows = try await app.db.statements.rows("""
            SELECT m.id, m.reference, m.ledger, m.district_id, m.registered_at, m.closed_at, m.round, r.public_asked, r.public_summary
            FROM matters m JOIN matter_rounds r ON r.matter_id = m.id AND r.round = m.round
            WHERE \(whereClause)
            ORDER BY m.id DESC LIMIT \(bind: filters.limit + 1)
            """, as: Row.self)
        let page = Array(rows.prefix(filters.limit))
        let ids = page.map(\.id)
        let ratings = try await MatterStore.responses(ofMatters: ids, on: app.db)
        let districtIDs = Set(page.compactMap(\.districtId))
        let districts = try await UnitStore.units(ids: districtIDs, on: app.db)
        let calendar = WorkingCalendar()
        let items = page.map { row -> Entry in
            let registered = row.registeredAt, closed = row.closedAt
            // Only what residents said themselves, or to the call-back office, is shown (certified).
            let final = ratings.filter { $0.matterID == row.id && $0.round == row.round && $0.ratedBy?.isCertified == true }
            return Entry(
                reference: row.reference,
                ledger: Ledger(rawValue: row.ledger) ?? .demand,
                district: row.districtId.flatMap { id in districts.first { $0.id == id }?.name } ?? "市局",
                asked: row.publicAsked,
                done: row.publicSummary,
                closedOn: calendar.day(of: closed).description,
                daysTaken: max(1, Int((closed.timeIntervalSince(registered) / 86400).rounded(.up))),
                satisfied: final.filter { $0.rating == .satisfied }.count,
                basicallySatisfied: final.filter { $0.rating == .basicallySatisfied }.count,
                dissatisfied: final.filter { $0.rating == .dissatisfied }.count)
        }
        return PublicBoard(items: items, nextCursor: rows.count > filters.limit ? ids.last.map(String.init) : nil)
    }

    /// The columns the board reads of a closed matter and its last round.
    private struct Row: Decodable {
        let id: Int, reference: String, ledger: String, districtId: Int?, registeredAt: Date, closedAt: Date, round: Int
        let publicAsked: String, publicSummary: String
    }
}
