import PropertyBased
import Testing
@testable import LedgerCore
import YearSimulation

@Suite("Search grams")
struct SearchGramsTests {
    @Test("Chinese runs become overlapping pairs; a query is the phrase of its own pairs, found inside the document's")
    func pairs() {
        #expect(SearchGrams.document("工地噪音扰民") == "工地 地噪 噪音 音扰 扰民")
        let document = SearchGrams.tokens("西一路工地夜间施工噪音扰民，请处理")
        let query = SearchGrams.query("噪音扰民")
        #expect(query == ["噪音", "音扰", "扰民"])
        let found = (0...(document.count - query.count)).contains { Array(document[$0..<($0 + query.count)]) == query }
        #expect(found)
        #expect(SearchGrams.query("噪音") == ["噪音"])
    }

    @Test("punctuation breaks runs, so no pair spans a comma; Latin words and numbers are lower-cased words")
    func breaks() {
        #expect(SearchGrams.tokens("噪音，扰民") == ["噪音", "扰民"])
        #expect(SearchGrams.tokens("MY20260302-000001 WiFi 3号楼") == ["my20260302", "000001", "wifi", "3", "号楼"])
    }

    @Test("a lone Han character cannot be found by pairs and asks for a scan")
    func lone() {
        #expect(SearchGrams.needsScan("噪"))
        #expect(SearchGrams.query("噪").isEmpty)
        #expect(!SearchGrams.needsScan("噪音"))
        #expect(!SearchGrams.needsScan("wifi"))
    }

    /// Every scalar the scalar-by-scalar path reads: those it knows, and their ASCII neighbours.
    private static let plainScalars: [Unicode.Scalar] = {
        let blocks: [ClosedRange<UInt32>] = [0...0x7F, 0x2000...0x206F, 0x3000...0x30FF, 0x3400...0x9FFF, 0xFF00...0xFFEF]
        return blocks.flatMap { $0 }.compactMap(Unicode.Scalar.init).filter { $0.isASCII || SearchGrams.plainKind($0) != nil }
    }()

    @Test("each scalar the fast path knows is a character of its own beside any other, and its kind is the character's")
    func plainScalarsStandAlone() {
        let neighbours: [Unicode.Scalar] = ["a", "7", "\r", "\n", " ", "中", "，", "、", "（", "\u{3000}", "\u{2026}"]
        for scalar in Self.plainScalars where !scalar.isASCII {
            let character = Character(scalar)
            #expect(SearchGrams.plainKind(scalar) == (character.isLetter || character.isNumber), "U+\(String(scalar.value, radix: 16))")
            for neighbour in neighbours {
                var pair = String.UnicodeScalarView()
                pair.append(scalar)
                pair.append(neighbour)
                #expect(String(pair).count == 2, "U+\(String(scalar.value, radix: 16)) joins U+\(String(neighbour.value, radix: 16))")
                pair = String.UnicodeScalarView([neighbour, scalar])
                #expect(String(pair).count == 2, "U+\(String(neighbour.value, radix: 16)) joins U+\(String(scalar.value, radix: 16))")
            }
        }
    }

    @Test("the scalar-by-scalar document is the character-by-character one, and it gives up on text it does not know")
    func plainDocumentMatchesTokens() async {
        let awkward: [Unicode.Scalar] = ["\u{301}", "\u{302A}", "\u{200D}", "\u{FE0F}", "é", "😀", "\u{1F1E8}", "가", "\u{0600}", "\u{20000}"]
        let text = Gen.int(in: 0...Int.max).array(of: 0...24).map { picks in
            String(String.UnicodeScalarView(picks.map { pick in
                pick % 16 == 0 ? awkward[(pick / 16) % awkward.count] : Self.plainScalars[(pick / 16) % Self.plainScalars.count]
            }))
        }
        await propertyCheck(count: 3_000, input: text) { text in
            let slow = SearchGrams.tokens(text).joined(separator: " ")
            if let fast = SearchGrams.plainDocument(text) {
                #expect(fast == slow)
            } else {
                #expect(text.unicodeScalars.contains { !$0.isASCII && SearchGrams.plainKind($0) == nil })
            }
            #expect(SearchGrams.document(text) == slow)
        }
        #expect(SearchGrams.plainDocument("MY20260302-000001 西一路工地夜间施工噪音扰民，请处理（3号楼）") == "my20260302 000001 西一 一路 路工 工地 地夜 夜间 间施 施工 工噪 噪音 音扰 扰民 请处 处理 3 号楼")
        #expect(SearchGrams.plainDocument("café") == nil)
    }

    @Test("the matters a benchmark load makes take the scalar-by-scalar path")
    func simulatedTextIsPlain() {
        var random = SeededRandom(seed: 11)
        for topic in MatterTopic.allCases {
            for _ in 0..<20 {
                let (summary, details) = SimulatedText.ask(topic: topic, &random)
                #expect(SearchGrams.plainDocument("MY20260302-000001 " + summary + " " + details) != nil, "\(summary) / \(details)")
            }
        }
    }
}
