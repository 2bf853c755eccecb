import Foundation
import Vapor

/// Open311 GeoReport v2 answers in JSON or XML from one tree of values, so both formats
/// always say the same thing.
indirect enum Open311Value: Sendable {
    case text(String)
    case number(Double)
    case flag(Bool)
    case null
    case object([(String, Open311Value)])
    /// A list and the XML element name of each item.
    case list(item: String, [Open311Value])

    enum Format: String { case json, xml }

    func response(_ format: Format, root: String, status: HTTPResponseStatus = .ok) -> Response {
        switch format {
        case .json:
            return Response(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(string: json()))
        case .xml:
            let body = #"<?xml version="1.0" encoding="utf-8"?>"# + xml(name: root)
            return Response(status: status, headers: ["Content-Type": "text/xml; charset=utf-8"], body: .init(string: body))
        }
    }

    func json() -> String {
        switch self {
        case .text(let text): Self.jsonString(text)
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .flag(let flag): flag ? "true" : "false"
        case .null: "null"
        case .object(let fields): "{" + fields.map { Self.jsonString($0.0) + ":" + $0.1.json() }.joined(separator: ",") + "}"
        case .list(_, let items): "[" + items.map { $0.json() }.joined(separator: ",") + "]"
        }
    }

    func xml(name: String) -> String {
        switch self {
        case .text(let text): "<\(name)>\(Safe.xml(text))</\(name)>"
        case .number: "<\(name)>\(json())</\(name)>"
        case .flag(let flag): "<\(name)>\(flag)</\(name)>"
        case .null: "<\(name)/>"
        case .object(let fields): "<\(name)>" + fields.map { $0.1.xml(name: $0.0) }.joined() + "</\(name)>"
        case .list(let item, let items): "<\(name)>" + items.map { $0.xml(name: item) }.joined() + "</\(name)>"
        }
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

}
