import Foundation
import Vapor

/// Decodes JSON bodies as Vapor's own decoder does, but makes its errors name the field at
/// fault where Foundation names none: a number that does not fit its field (2^63, 1e308 for a
/// whole number, 1e400) is reported by Foundation as "not valid JSON" without a path, and a
/// body of `null` or `[]` as a mismatch at the root. Both cost a few extra decodes, only on
/// the error path.
struct JSONBodyDecoder: ContentDecoder {
    private let json = JSONDecoder.custom(dates: .iso8601)

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: Data(buffer: body))
    }

    func decode<D: Decodable>(_ type: D.Type, from data: Data) throws -> D {
        do {
            return try json.decode(D.self, from: data)
        } catch let error as DecodingError {
            throw blame(error, type, data) ?? error
        }
    }

    /// A better error for one that names no field, or nil to keep the original.
    private func blame<D: Decodable>(_ error: DecodingError, _ type: D.Type, _ data: Data) -> DecodingError? {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            // `null` or an array where an object is expected: every field is missing.
            guard context.codingPath.isEmpty, text == "null" || text.hasPrefix("[") else { return nil }
            do { _ = try json.decode(D.self, from: Data("{}".utf8)) } catch let missing as DecodingError { return missing } catch {}
            return nil
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return outOfRange(type, text)
        default:
            return nil
        }
    }

    /// Finds the number that made the body unreadable: numbers are replaced by 0, first to
    /// last, until the body decodes past them; the last one replaced is the culprit, found in
    /// the parsed body by a marker put in its place.
    private func outOfRange<D: Decodable>(_ type: D.Type, _ text: String) -> DecodingError? {
        let numbers = Self.numberTokens(in: text)
        for index in numbers.indices {
            let replaced = Self.replacing(numbers[...index], in: text, with: "0")
            if case .dataCorrupted(let context)? = decodingError(D.self, replaced), context.codingPath.isEmpty { continue }
            // Every other number becomes 0 too, so the parse below cannot fail on one of them.
            let marked = Self.replacing(numbers[...], in: text, with: "0", marking: numbers[index])
            guard let object = try? JSONSerialization.jsonObject(with: Data(marked.utf8), options: [.fragmentsAllowed]),
                  let path = Self.path(to: Self.marker, in: object) else { return nil }
            return .dataCorrupted(.init(codingPath: path, debugDescription: "is out of range for this field"))
        }
        return nil
    }

    private func decodingError<D: Decodable>(_ type: D.Type, _ text: String) -> DecodingError? {
        do { _ = try json.decode(D.self, from: Data(text.utf8)); return nil } catch let error as DecodingError { return error } catch { return nil }
    }

    private static let marker = "minyi-culprit-5f0c2d"

    /// The ranges of the number tokens of a JSON text, outside its strings.
    static func numberTokens(in text: String) -> [Range<String.Index>] {
        var tokens: [Range<String.Index>] = []
        var index = text.startIndex, inString = false, escaped = false
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                index = text.index(after: index)
            } else if character == "\"" {
                inString = true
                index = text.index(after: index)
            } else if character == "-" || character.isASCII && character.isNumber {
                let start = index
                while index < text.endIndex, "0123456789+-.eE".contains(text[index]) { index = text.index(after: index) }
                tokens.append(start..<index)
            } else {
                index = text.index(after: index)
            }
        }
        return tokens
    }

    /// `text` with the given tokens replaced by `replacement`, and `marking`'s by the marker string.
    private static func replacing(_ tokens: ArraySlice<Range<String.Index>>, in text: String, with replacement: String,
                                  marking: Range<String.Index>? = nil) -> String {
        var result = text
        for token in tokens.reversed() {
            result.replaceSubrange(token, with: token == marking ? "\"\(marker)\"" : replacement)
        }
        return result
    }

    private static func path(to marker: String, in value: Any, at path: [any CodingKey] = []) -> [any CodingKey]? {
        if let text = value as? String { return text == marker ? path : nil }
        if let object = value as? [String: Any] {
            for (key, child) in object {
                if let found = Self.path(to: marker, in: child, at: path + [AnyKey(stringValue: key)]) { return found }
            }
        }
        if let array = value as? [Any] {
            for (offset, child) in array.enumerated() {
                if let found = Self.path(to: marker, in: child, at: path + [AnyKey(intValue: offset)]) { return found }
            }
        }
        return nil
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
    }
}
