import Testing
@testable import LedgerCore

@Suite("Uploaded documents are checked whole")
struct DocumentTypeTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
                               0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
                               0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
                               0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
                               0x42, 0x60, 0x82]
    static let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0x00, 0x01, 0x01, 0x00, 0xFF, 0xD9]

    @Test("whole PDF, JPEG and PNG files are what they claim")
    func whole() {
        #expect(DocumentType.of(Self.pdf) == .pdf)
        #expect(DocumentType.of(Self.jpeg) == .jpeg)
        #expect(DocumentType.of(Self.png) == .png)
    }

    @Test("a right header over the wrong body is refused")
    func polyglots() {
        let svg = Array("<svg onload=alert(1)><script>alert(1)</script></svg>".utf8)
        #expect(DocumentType.of(Array(Self.png.prefix(8)) + svg) == nil, "PNG signature then SVG")
        #expect(DocumentType.of(Array("%PDF-1.7\n<HTML><BODY>hi</BODY></HTML>\n%%EOF".utf8)) == nil, "PDF header then HTML, any case")
        #expect(DocumentType.of(Array(Self.jpeg.dropLast(2)) + Array("<script>x</script>".utf8) + [0xFF, 0xD9]) == nil, "script in a JPEG")
        #expect(DocumentType.of(Self.png + svg) == nil, "bytes after IEND")
        #expect(DocumentType.of(Array(Self.png.prefix(40))) == nil, "a PNG cut short")
        #expect(DocumentType.of(Array(Self.pdf.prefix(20))) == nil, "a PDF without its end")
        #expect(DocumentType.of(Array(Self.jpeg.dropLast(2))) == nil, "a JPEG without its end")
        #expect(DocumentType.of(Array("MZ\u{90}".utf8)) == nil)
    }

    @Test("a tag name must end to count: data that merely spells one is not markup")
    func chance() {
        #expect(DocumentType.of(Array("%PDF-1.4\n(<svgx <htmlish)\n%%EOF".utf8)) == .pdf)
        #expect(DocumentType.of(Array("%PDF-1.4\n(<svg/onload=1)\n%%EOF".utf8)) == nil)
    }
}
