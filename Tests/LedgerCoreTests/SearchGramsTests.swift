import Testing
@testable import LedgerCore

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
}
