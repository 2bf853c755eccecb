/// Words for the full-text index. Chinese is written without spaces, so no word tokenizer
/// finds 噪音 in 工地夜间施工噪音扰民; every two adjacent characters of a run of Han (or other
/// unspaced) script become one token instead, and a query becomes the phrase of its own
/// pairs. Latin letters and digits are kept as lower-cased words. Both databases index these
/// tokens with their own plain word index (SQLite FTS5, PostgreSQL tsvector).
public enum SearchGrams {
    /// The document's tokens, space-separated.
    public static func document(_ text: String) -> String {
        tokens(text).joined(separator: " ")
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
