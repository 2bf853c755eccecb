/// The search words of M0031 and M0038, frozen as `SearchGrams.document` made them on
/// 2026-12-04 (its character-by-character path; the faster path it also has is property-tested
/// equal to it): Latin letters and digits as lower-cased words, and every two adjacent
/// characters of a run of Han or other unspaced script. The live tokenizer may change; these
/// migrations keep building what they built.
enum FrozenSearchWords {
    static func document(_ text: String) -> String {
        var words: [String] = []
        var run: [Character] = []
        var runIsWord = false
        func endRun() {
            if runIsWord {
                if !run.isEmpty { words.append(String(run).lowercased()) }
            } else if run.count > 1 {
                for index in 0..<(run.count - 1) { words.append(String(run[index...index + 1])) }
            }
            run = []
        }
        for character in text {
            let isWord = character.isASCII && (character.isLetter || character.isNumber)
            guard isWord || character.isLetter || character.isNumber else {
                endRun()
                continue
            }
            if !run.isEmpty && isWord != runIsWord { endRun() }
            runIsWord = isWord
            run.append(character)
        }
        endRun()
        return words.joined(separator: " ")
    }
}
