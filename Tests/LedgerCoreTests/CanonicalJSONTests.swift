import Foundation
import PropertyBased
import Testing
@testable import LedgerCore

/// The audit chain's canonical text must stay exactly what `JSONEncoder` wrote when the chains
/// already stored were sealed: a byte of difference breaks every hash after it.
@Suite struct CanonicalJSONTests {
    /// Characters where an encoder could differ: every control character, the quote, the
    /// backslash, the slash, DEL, the first non-ASCII scalars, the line and paragraph separators,
    /// the byte order mark, Han characters, a combining accent and scalars beyond the BMP.
    private static let awkward: [Unicode.Scalar] = (0..<0x20).map { Unicode.Scalar($0)! }
        + ["\"", "\\", "/", "\u{7F}", "\u{80}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFF}",
           "中", "文", "\u{301}", "é", "😀", "\u{10FFFF}", "a", "Z", "0", "9", " ", "_", "-", ":", "{", "}"]

    /// A string of 0–12 scalars, half of them awkward ones and half anything at all.
    private static let text = Gen.int(in: 0...(2 * 0x10FFFF)).array(of: 0...12).map { picks in
        var string = String.UnicodeScalarView()
        for pick in picks {
            if pick % 2 == 0 {
                string.append(awkward[(pick / 2) % awkward.count])
            } else if let scalar = Unicode.Scalar(UInt32(pick / 2)) {
                string.append(scalar)
            }
        }
        return String(string)
    }

    private func encoded<T: Encodable>(_ value: T, sortedKeys: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = sortedKeys ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    @Test("an array of strings is written as JSONEncoder writes it")
    func arrayMatchesEncoder() async {
        await propertyCheck(count: 2_000, input: Self.text.array(of: 0...6)) { strings in
            #expect(CanonicalJSON.array(strings) == encoded(strings, sortedKeys: false), "\(strings.map { Array($0.unicodeScalars.map(\.value)) })")
        }
    }

    @Test("an object of strings is written with its keys in JSONEncoder's sorted order")
    func objectMatchesEncoder() async {
        await propertyCheck(count: 2_000, input: Self.text.array(of: 0...6), Self.text.array(of: 6)) { keys, values in
            var fields: [String: String] = [:]
            for (index, key) in keys.enumerated() { fields[key] = values[index] }
            #expect(CanonicalJSON.object(fields) == encoded(fields, sortedKeys: true), "\(fields.keys.map { Array($0.unicodeScalars.map(\.value)) })")
        }
    }

    @Test("the forms the chain has always hashed")
    func knownForms() {
        #expect(CanonicalJSON.array(["1", "2024-03-01T08:00:00Z", "registered", "42", "-", "{\"a\":\"b/c\"}"])
                == #"["1","2024-03-01T08:00:00Z","registered","42","-","{\"a\":\"b/c\"}"]"#)
        #expect(CanonicalJSON.object(["round": "1", "ledger": "complaint", "a10": "", "a2": "", "B": "x\ny\u{1}"])
                == #"{"B":"x\ny\u0001","a10":"","a2":"","ledger":"complaint","round":"1"}"#)
        #expect(CanonicalJSON.object([:]) == "{}")
        #expect(CanonicalJSON.array([]) == "[]")
    }
}
