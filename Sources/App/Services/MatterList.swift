import SQLKit
import Fluent
import LedgerCore
import Vapor

/// The ledger list: scoped to what the officer may see, filtered, newest first, paged by cursor.
struct MatterList: Content {
    struct Filters: Sendable {
        var ledger: Ledger?
        var status: MatterStatus?
        var unitID: Int?
        var overdue: Bool?
        var text: String?
        var cursor: Int?
        var limit: Int = 50
        /// How many search-index matches are taken at a time on SQLite (not from the query string).
        var searchBatch = 500

        /// Reads and checks the query string, naming the first bad parameter.
        init(from query: URLQueryContainer) throws {
            func value(_ name: String) -> String? {
                (try? query.get(String.self, at: name)).flatMap { $0.isEmpty ? nil : $0 }
            }
            if let raw = value("ledger") {
                guard let ledger = Ledger(rawValue: raw) else { throw AppError.invalid("ledger", "must be one of suggestion, demand, complaint") }
                self.ledger = ledger
            }
            if let raw = value("status") {
                guard let status = MatterStatus(rawValue: raw) else {
                    throw AppError.invalid("status", "must be one of " + MatterStatus.allCases.map(\.rawValue).joined(separator: ", "))
                }
                self.status = status
            }
            if let raw = value("unit") {
                guard let id = Int(raw), id > 0 else { throw AppError.invalid("unit", "must be a unit id") }
                self.unitID = id
            }
            if let raw = value("overdue") {
                guard let flag = Bool(raw) else { throw AppError.invalid("overdue", "must be true or false") }
                self.overdue = flag
            }
            if let raw = value("q") {
                guard raw.count <= 100 else { throw AppError.invalid("q", "must be at most 100 characters") }
                self.text = raw
            }
            if let raw = value("cursor") {
                guard let id = Int(raw), id > 0 else { throw AppError.invalid("cursor", "is not a cursor this server issued") }
                self.cursor = id
            }
            if let raw = value("limit") {
                guard let limit = Int(raw), (1...100).contains(limit) else { throw AppError.invalid("limit", "must be between 1 and 100") }
                self.limit = limit
            }
        }
    }

    struct Item: Content {
        let id: Int
        let reference: String
        let ledger: Ledger?
        let status: MatterStatus
        let summary: String
        let unitId: Int
        let channel: SourceChannel
        let registeredAt: Date
        let deadlineAt: Date?
        let overdue: Bool
        let chaseLevel: Int
        let version: Int
    }

    let items: [Item]
    let nextCursor: String?

    static func load(_ filters: Filters, for who: SignedIn, on db: any Database) async throws -> MatterList {
        let query = Matter.query(on: db).visible(to: who)
        if let unitID = filters.unitID {
            guard let unit = try await Unit.fetch(unitID, on: db), unit.kind != .partner else {
                throw AppError.invalid("unit", "must be a city bureau, district bureau or police station")
            }
            switch unit.kind {
            case .city: query.filter(\.$cityID == unitID)
            case .district: query.filter(\.$districtID == unitID)
            default: query.filter(\.$unitID == unitID)
            }
        }
        if let ledger = filters.ledger { query.filter(\.$ledger == ledger) }
        if let status = filters.status { query.filter(\.$status == status) }
        if let overdue = filters.overdue {
            if overdue { query.filter(\.$chaseLevel > 0) } else { query.filter(\.$chaseLevel == 0) }
        }
        var searchPhrase: String?
        if let text = filters.text {
            // The index finds the candidates; the substring test keeps the answer exact (pairs
            // may occur apart in a matter). A lone Han character has no pair: that one scans.
            let words = SearchGrams.query(text)
            if !words.isEmpty && !SearchGrams.needsScan(text) {
                let sql = db as! any SQLDatabase
                if sql.dialect.name == "sqlite" {
                    searchPhrase = "\"" + words.joined(separator: " ") + "\""
                } else {
                    query.filter(.sql(embed: "string_to_array(\(ident: "matters").\(ident: "search_text"), ' ') @> \(bind: words)::text[]"))
                }
            }
            query.group(.or) { $0.filter(\.$summary ~~ text).filter(\.$details ~~ text).filter(\.$reference == text) }
        }
        if let cursor = filters.cursor { query.filter(\.$id < cursor) }
        // Only the columns an item shows: a matter's details and search words are most of its row.
        query.field(\.$id).field(\.$reference).field(\.$ledger).field(\.$status).field(\.$summary).field(\.$unitID).field(\.$channel)
            .field(\.$registeredAt).field(\.$deadlineAt).field(\.$chaseLevel).field(\.$version)
        let rows = if let searchPhrase {
            try await pageBySearchIndex(query, phrase: searchPhrase, before: filters.cursor, wanted: filters.limit + 1, batch: filters.searchBatch,
                                        on: db as! any SQLDatabase)
        } else {
            try await query.sort(\.$id, .descending).limit(filters.limit + 1).all()
        }
        let page = rows.prefix(filters.limit)
        return MatterList(
            items: page.map {
                Item(id: $0.id!, reference: $0.reference, ledger: $0.ledger, status: $0.status, summary: $0.summary, unitId: $0.unitID,
                     channel: $0.channel, registeredAt: $0.registeredAt, deadlineAt: $0.deadlineAt, overdue: $0.isOverdue,
                     chaseLevel: $0.chaseLevel, version: $0.version)
            },
            nextCursor: rows.count > filters.limit ? page.last.map { String($0.id!) } : nil)
    }

    /// FTS5 hands out its matches newest first. They are taken a batch at a time, and the full
    /// query (scope, filters, the substring test) keeps those that qualify, until the page is
    /// full or the matches run out: a common word costs a batch, not every matter it is in
    /// (letting SQLite join the whole match list and sort it was 10–20 ms at 100,000 matters).
    private static func pageBySearchIndex(_ query: QueryBuilder<Matter>, phrase: String, before cursor: Int?, wanted: Int, batch: Int,
                                          on sql: any SQLDatabase) async throws -> [Matter] {
        var rows: [Matter] = []
        var before = cursor ?? Int.max
        while rows.count < wanted {
            let candidates = try await sql.raw("""
                SELECT rowid AS id FROM matter_search WHERE matter_search MATCH \(bind: phrase) AND rowid < \(bind: before)
                ORDER BY rowid DESC LIMIT \(bind: batch)
                """).all().map { try $0.decode(column: "id", as: Int.self) }
            guard let last = candidates.last else { break }
            rows += try await query.copy().filter(\.$id ~~ candidates).sort(\.$id, .descending).limit(wanted - rows.count).all()
            if candidates.count < batch { break }
            before = last
        }
        return rows
    }

}
