import Testing
@testable import LedgerCore

@Suite("Text hygiene: a page shows exactly what was stored")
struct TextHygieneTests {
    @Test("direction controls are refused wherever they are", arguments: [0x202E, 0x202D, 0x202A, 0x2066, 0x2069, 0x200F, 0x061C] as [UInt32])
    func directionControls(_ value: UInt32) {
        let text = "发票" + String(Character(Unicode.Scalar(value)!)) + "gpj.exe"
        #expect(TextHygiene.fault(in: text, oneLine: false) == .directionControl)
        #expect(TextHygiene.fault(in: text, oneLine: true) == .directionControl)
    }

    @Test("invisible characters are refused", arguments: [0x200B, 0x200C, 0x2060, 0xFEFF, 0x00AD, 0x3164] as [UInt32])
    func invisibles(_ value: UInt32) {
        #expect(TextHygiene.fault(in: "张" + String(Character(Unicode.Scalar(value)!)) + "三", oneLine: true) == .invisibleCharacter)
    }

    @Test("a joiner is kept inside an emoji sequence and refused anywhere else")
    func joiner() {
        #expect(TextHygiene.fault(in: "一家人👨\u{200D}👩\u{200D}👧来反映", oneLine: false) == nil)
        #expect(TextHygiene.fault(in: "张\u{200D}三", oneLine: true) == .invisibleCharacter)
        #expect(TextHygiene.fault(in: "\u{200D}张三", oneLine: true) == .invisibleCharacter)
    }

    @Test("line breaks are refused in one-line fields only; control characters everywhere")
    func lines() {
        for breakChar in ["\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{85}"] {
            #expect(TextHygiene.fault(in: "西一路1号" + breakChar + "Set-Cookie: x", oneLine: true) == .lineBreak, "\(breakChar.unicodeScalars.first!.value)")
            #expect(TextHygiene.fault(in: "第一段" + breakChar + "第二段", oneLine: false) == nil)
        }
        #expect(TextHygiene.fault(in: "a\u{0}b", oneLine: false) == .controlCharacter)
        #expect(TextHygiene.fault(in: "a\u{1B}[31mb", oneLine: false) == .controlCharacter)
        #expect(TextHygiene.fault(in: "列\t表", oneLine: true) == nil)
        #expect(TextHygiene.fault(in: "普通的中文和English text, 123。", oneLine: true) == nil)
    }
}
