import Vapor

/// The window of a list call: `limit` items (1 to 200, default 50), newest first, older than
/// `cursor` (the `nextCursor` of the previous page). Stores fetch `limit + 1` rows so the
/// window knows whether a next page exists without counting.
struct ListWindow: Sendable {
    static let maxLimit = 200
    let limit: Int
    let cursor: Int?

    /// `defaultLimit` and `maxLimit` are the page sizes of this list (bare arrays of staff
    /// records keep a large default, so a client that reads one page still gets all of a
    /// bureau's units or officers).
    init(_ req: Request, defaultLimit: Int = 50, maxLimit: Int = ListWindow.maxLimit) throws {
        func parameter(_ name: String) -> String? { (try? req.query.get(String.self, at: name)).flatMap { $0.isEmpty ? nil : $0 } }
        if let raw = parameter("limit") {
            guard let limit = Int(raw), (1...maxLimit).contains(limit) else {
                throw AppError.invalid("limit", "must be a whole number from 1 to \(maxLimit)")
            }
            self.limit = limit
        } else {
            limit = defaultLimit
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

    /// A bare array answer, the next page named in a `Link` header (RFC 8288) with the same
    /// query and the next `cursor`.
    func response<Item: Content>(_ items: [Item], nextCursor: String?, for req: Request) async throws -> Response {
        let response = try await items.encodeResponse(for: req)
        if let nextCursor {
            var next = URLComponents()
            next.path = req.url.path
            next.queryItems = (URLComponents(string: req.url.string)?.queryItems ?? []).filter { $0.name != "cursor" }
                + [URLQueryItem(name: "cursor", value: nextCursor)]
            response.headers.replaceOrAdd(name: .link, value: "<\(next.string ?? "")>; rel=\"next\"")
        }
        return response
    }

    /// The page's rows and the cursor of the next page (the last row's id), if there is one.
    func page<Row>(_ rows: [Row], id: (Row) -> Int?) -> (rows: ArraySlice<Row>, nextCursor: String?) {
        let shown = rows.prefix(limit)
        return (shown, rows.count > limit ? shown.last.flatMap(id).map(String.init) : nil)
    }
}
