/// Words for the full-text index. Chinese is written without spaces, so no word tokenizer
/// finds 噪音 in 工地夜间施工噪音扰民; every two adjacent characters of a run of Han (or other
/// unspaced) script become one token instead, and a query becomes the phrase of its own
/// pairs. Latin letters and digits are kept as lower-cased words. Both databases index these
/// tokens with their own plain word index (SQLite FTS5, PostgreSQL tsvector).
public enum SearchGrams {
    /// The document's tokens, space-separated.
    public static func document(_ text: String) -> String {
        plainDocument(text) ?? tokens(text).joined(separator: " ")
    }

    /// `document` worked out scalar by scalar, for text whose every scalar is a character of its
    /// own: ASCII, Han and the CJK and fullwidth punctuation around it. Telling characters apart
    /// was a third of the work of making a benchmark load's matters; nil for any other text,
    /// which `tokens` reads character by character.
    static func plainDocument(_ text: String) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count * 2)
        var inWord = false
        var previous: Unicode.Scalar?  // the last scalar of the unspaced run being read
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                previous = nil
                let byte = UInt8(value)
                guard (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) else {
                    inWord = false
                    continue
                }
                if !inWord && !output.isEmpty { output.append(0x20) }
                inWord = true
                output.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
                continue
            }
            guard let isLetterOrNumber = plainKind(scalar) else { return nil }
            inWord = false
            guard isLetterOrNumber else {
                previous = nil
                continue
            }
            if let previous {
                if !output.isEmpty { output.append(0x20) }
                appendUTF8(previous, to: &output)
                appendUTF8(scalar, to: &output)
            }
            previous = scalar
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether a non-ASCII scalar that is a character on its own, whatever stands beside it, is a
    /// letter or number; nil for any scalar outside those blocks (one that may join its
    /// neighbour into one character, such as a combining mark, or that this path does not know).
    static func plainKind(_ scalar: Unicode.Scalar) -> Bool? {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF:  // CJK Unified Ideographs and Extension A: all letters
            true
        case 0x3000...0x3029, 0x3030...0x303F, 0xFF01...0xFF5E, 0x2010...0x2027:  // CJK, fullwidth and general punctuation
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        default:
            nil
        }
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        output.append(contentsOf: UTF8.encode(scalar)!)
    }

    /// The query's tokens in order, to be searched as a phrase; empty when there is nothing to
    /// search for with the index (a lone Han character: the caller falls back to a scan).
    public static func query(_ text: String) -> [String] {
        tokens(text)
    }

    /// Whether the text has a single Han character standing alone, which no pair can match.
    public static func needsScan(_ text: String) -> Bool {
        runs(text).contains { $0.kind == .unspaced && $0.characters.count == 1 }
    }

    static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        for run in runs(text) {
            switch run.kind {
            case .word:
                result.append(String(run.characters).lowercased())
            case .unspaced:
                if run.characters.count == 1 { continue }
                for index in 0..<(run.characters.count - 1) {
                    result.append(String(run.characters[index...index + 1]))
                }
            }
        }
        return result
    }

    enum Kind { case word, unspaced }

    struct Run { var kind: Kind; var characters: [Character] }

    static func runs(_ text: String) -> [Run] {
        var runs: [Run] = []
        for character in text {
            let kind: Kind?
            if character.isASCII, character.isLetter || character.isNumber {
                kind = .word
            } else if character.isLetter || character.isNumber {
                kind = .unspaced
            } else {
                kind = nil
            }
            guard let kind else {
                runs.append(Run(kind: .word, characters: []))  // a break
                continue
            }
            if let last = runs.last, last.kind == kind, !last.characters.isEmpty {
                runs[runs.count - 1].characters.append(character)
            } else {
                runs.append(Run(kind: kind, characters: [character]))
            }
        }
        return runs.filter { !$0.characters.isEmpty }
    }
}
