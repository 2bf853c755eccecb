import Vapor

/// The window of a list call: `limit` items (1 to 200, default 50), newest first, older than
/// `cursor` (the `nextCursor` of the previous page). Stores fetch `limit + 1` rows so the
/// window knows whether a next page exists without counting.
struct ListWindow: Sendable {
    static let maxLimit = 200
    let limit: Int
    let cursor: Int?

    init(_ req: Request) throws {
        func parameter(_ name: String) -> String? { (try? req.query.get(String.self, at: name)).flatMap { $0.isEmpty ? nil : $0 } }
        if let raw = parameter("limit") {
            guard let limit = Int(raw), (1...Self.maxLimit).contains(limit) else {
                throw AppError.invalid("limit", "must be a whole number from 1 to \(Self.maxLimit)")
            }
            self.limit = limit
        } else {
            limit = 50
        }
        if let raw = parameter("cursor") {
            guard let id = Int(raw), id > 0 else { throw AppError.invalid("cursor", "is not a cursor this server issued") }
            cursor = id
        } else {
            cursor = nil
        }
    }

    /// Rows to fetch: one more than the page, to learn whether there is a next.
    var fetch: Int { limit + 1 }

    /// The page's rows and the cursor of the next page (the last row's id), if there is one.
    func page<Row>(_ rows: [Row], id: (Row) -> Int?) -> (rows: ArraySlice<Row>, nextCursor: String?) {
        let shown = rows.prefix(limit)
        return (shown, rows.count > limit ? shown.last.flatMap(id).map(String.init) : nil)
    }
}
