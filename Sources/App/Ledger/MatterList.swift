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

        init(_ row: Row) {
            (id, reference, ledger, status, summary) = (row.id, row.reference, row.ledger, row.status, row.summary)
            (unitId, channel, registeredAt, deadlineAt) = (row.unitId, row.channel, row.registeredAt, row.deadlineAt)
            (chaseLevel, overdue, version) = (row.chaseLevel, row.chaseLevel > 0, row.version)
        }

        /// The columns a list reads of a matter.
        struct Row: Decodable {
            let id: Int, reference: String, ledger: Ledger?, status: MatterStatus, summary: String, unitId: Int
            let channel: SourceChannel, registeredAt: Date, deadlineAt: Date?, chaseLevel: Int, version: Int
        }
    }

    let items: [Item]
    let nextCursor: String?

    /// One raw statement, decoded column by column into items: building the query with FluentKit and
    /// decoding whole `Matter` models was about 40 % of the list's CPU (mostly generic-metadata lookups).
    static func load(_ filters: Filters, for who: SignedIn, on db: any Database) async throws -> MatterList {
        let statements = db.statements
        var conditions: [SQLQueryString] = [who.reach.sql()]
        if let unitID = filters.unitID {
            guard let unit = try await Unit.fetch(unitID, on: db), unit.kind != .partner else {
                throw AppError.invalid("unit", "must be a city bureau, district bureau or police station")
            }
            conditions.append(unit.reach.sql())
        }
        if let ledger = filters.ledger { conditions.append("ledger = \(bind: ledger.rawValue)") }
        if let status = filters.status { conditions.append("status = \(bind: status.rawValue)") }
        if let overdue = filters.overdue { conditions.append(overdue ? "chase_level > 0" : "chase_level = 0") }
        var searchPhrase: String?, searchWords: [String]?
        if let text = filters.text {
            // The index finds the candidates; the substring test keeps the answer exact (pairs
            // may occur apart in a matter). A lone Han character has no pair: that one scans.
            let words = SearchGrams.query(text)
            if !words.isEmpty && !SearchGrams.needsScan(text) {
                if statements.dialect == .sqlite {
                    searchPhrase = "\"" + words.joined(separator: " ") + "\""
                } else {
                    searchWords = words
                }
            }
            // LIKE as FluentKit's `~~` wrote it: SQLite's ignores ASCII case, PostgreSQL's does not.
            let pattern = "%" + text + "%"
            conditions.append("(summary LIKE \(bind: pattern) OR details LIKE \(bind: pattern) OR reference = \(bind: text))")
        }
        if let cursor = filters.cursor { conditions.append("id < \(bind: cursor)") }
        let wanted = filters.limit + 1
        var items = if let searchPhrase {
            try await pageBySearchIndex(conditions, phrase: searchPhrase, before: filters.cursor, wanted: wanted, batch: filters.searchBatch, on: statements)
        } else if let searchWords {
            try await pageByWordBlocks(conditions, words: searchWords, before: filters.cursor, wanted: wanted, on: statements)
        } else {
            try await page(conditions, limit: wanted, on: statements)
        }
        if let text = filters.text, searchPhrase != nil || searchWords != nil, LedgerService.isReferenceShaped(text) {
            // A reference is not among a matter's search words (each is one matter's own: they were
            // half the full-text index); the matter it names is found by its own index and takes
            // its place by id, on this page or, if older than the page's last, a later one.
            let named = try await page(conditions + ["reference = \(bind: text)"], limit: 1, on: statements)
            items = Array((items + named.filter { found in !items.contains { $0.id == found.id } }).sorted { $0.id > $1.id }.prefix(wanted))
        }
        let shown = Array(items.prefix(filters.limit))
        return MatterList(items: shown, nextCursor: items.count > filters.limit ? shown.last.map { String($0.id) } : nil)
    }

    /// Newest first, only the columns an item shows: a matter's details and search words are most of its row.
    private static func page(_ conditions: [SQLQueryString], limit: Int, on statements: Statements) async throws -> [Item] {
        try await statements.rows("""
            SELECT id, reference, ledger, status, summary, unit_id, channel, registered_at, deadline_at, chase_level, version
            FROM matters WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT \(bind: limit)
            """, as: Item.Row.self).map(Item.init)
    }

    /// A matter's words for PostgreSQL's GIN index (M0036), with its block of ids as one more
    /// word: `#` and id / 10,000. Changing the block size means a new migration of the index.
    static let wordBlock = 10_000
    static let wordsWithBlock = "(string_to_array(search_text, ' ') || ARRAY['#' || CAST(id / \(wordBlock) AS text)])"

    /// PostgreSQL: the matches of the newest block first, then of the next three, nine, ...
    /// blocks down, each window's read whole from the index, sorted and cut, until the page is
    /// full: a common word costs a block or a few, a rare one a handful of windows.
    private static func pageByWordBlocks(_ conditions: [SQLQueryString], words: [String], before cursor: Int?, wanted: Int,
                                         on statements: Statements) async throws -> [Item] {
        let newest = if let cursor { cursor - 1 } else {
            try await statements.value("SELECT MAX(id) AS top FROM matters", column: "top", as: Int?.self) ?? nil
        }
        guard let newest else { return [] }
        var items: [Item] = []
        var block = newest / wordBlock, width = 1
        while items.count < wanted && block >= 0 {
            let blocks = (max(0, block - width + 1)...block).map { "#\($0)" }
            items += try await page(conditions + ["\(unsafeRaw: wordsWithBlock) @> \(bind: words)::text[] AND \(unsafeRaw: wordsWithBlock) && \(bind: blocks)::text[]"],
                                    limit: wanted - items.count, on: statements)
            block -= width
            width *= 3
        }
        return items
    }

    /// FTS5 hands out its matches newest first. They are taken a batch at a time, and the full
    /// query (scope, filters, the substring test) keeps those that qualify, until the page is
    /// full or the matches run out: a common word costs a batch, not every matter it is in
    /// (letting SQLite join the whole match list and sort it was 10–20 ms at 100,000 matters).
    /// The batch stays inside SQLite as a subquery; where it ended is asked only when the page is not yet full.
    private static func pageBySearchIndex(_ conditions: [SQLQueryString], phrase: String, before cursor: Int?, wanted: Int, batch: Int,
                                          on statements: Statements) async throws -> [Item] {
        var items: [Item] = []
        var before = cursor ?? Int.max
        while items.count < wanted {
            let matches: SQLQueryString = """
                SELECT rowid FROM matter_search WHERE matter_search MATCH \(bind: phrase) AND rowid < \(bind: before)
                ORDER BY rowid DESC LIMIT \(bind: batch)
                """
            items += try await page(conditions + ["id IN (\(matches))"], limit: wanted - items.count, on: statements)
            guard items.count < wanted,
                  let taken = try await statements.row("SELECT COUNT(*) AS n, MIN(rowid) AS last FROM (\(matches)) batch", as: Batch.self),
                  taken.n == batch, let last = taken.last
            else { break }
            before = last
        }
        return items
    }

    private struct Batch: Decodable { let n: Int; let last: Int? }
}
