import Testing
import LedgerCore
@testable import YearSimulation

@Suite("Simulated text")
struct SimulatedTextTests {
    @Test("a placeholder is replaced everywhere it occurs, and nothing else changes")
    func replacing() {
        #expect("{place}工地{place}".replacingAll("{place}", with: "西一路") == "西一路工地西一路")
        #expect("{place}{place}".replacingAll("{place}", with: "") == "")
        #expect("无占位符的文字".replacingAll("{place}", with: "x") == "无占位符的文字")
        #expect("{plac{place}e}".replacingAll("{place}", with: "南大街") == "{plac南大街e}")
        #expect("".replacingAll("{place}", with: "x") == "")
        #expect("abc".replacingAll("", with: "x") == "abc")
        // The same as splitting on the placeholder and joining with the replacement.
        for text in ["{estate}小区{estate}", "在{place}附近，{partner}协助", "{{estate}}", "尾巴{estate"] {
            #expect(text.replacingAll("{estate}", with: "锦园") == text.split(separator: "{estate}", omittingEmptySubsequences: false).joined(separator: "锦园"))
        }
    }

    @Test("every template of every topic comes out with no placeholder left")
    func templatesFilled() {
        var random = SeededRandom(seed: 3)
        for topic in MatterTopic.allCases {
            for _ in 0..<20 {
                let (summary, details) = SimulatedText.ask(topic: topic, &random)
                #expect(!summary.contains("{") && !details.contains("{"), "\(topic): \(summary) / \(details)")
            }
        }
        for _ in 0..<50 { #expect(!SimulatedText.result(&random).contains("{")) }
    }
}
