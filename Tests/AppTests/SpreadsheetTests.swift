@testable import App
import CSV
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation

@Suite("Spreadsheet exports (XLSX and CSV)")
struct SpreadsheetTests {
    static let hostile = "<script>alert(1)</script>\"&' \u{1}\u{1B}end"

    /// 2023-03-01 09:00 in Shanghai, i.e. 01:00 UTC.
    static let morning = Date(timeIntervalSince1970: 1_677_632_400)

    static let sample = Spreadsheet(sheets: [
        Spreadsheet.Sheet(
            name: "Matters: 2023/Q1 [draft] with a very long name indeed",
            columns: [
                .init("单位 Unit"), .init("Registered", .integer), .init("Average days", .decimal),
                .init("Closure rate", .percent), .init("Registered on", .date), .init("Updated", .dateTime),
            ],
            rows: [
                [.text("雁塔分局"), .integer(6_831), .decimal(3.25), .decimal(0.934), .date(morning), .date(morning)],
                [.text(hostile), .integer(-2), .empty, .decimal(1), .date(Date(timeIntervalSince1970: 1_704_038_400)), .empty],
                [.text("a, \"quoted\"\r\nsecond line\nthird"), .integer(0), .decimal(0.5), .empty, .empty, .empty],
                [.text("=HYPERLINK(\"http://evil\",\"x\")"), .integer(1), .decimal(2), .decimal(0), .empty, .empty],
            ]),
        Spreadsheet.Sheet(name: "Matters: 2023/Q1 [draft] with a very long name indeed", columns: [.init("Empty")]),
    ])

    func part(_ archive: Archive, _ path: String) throws -> String {
        let entry = try #require(archive[path], "missing part \(path)")
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    func xml(_ archive: Archive, _ path: String) throws -> XMLDocument {
        try XMLDocument(xmlString: part(archive, path), options: [])
    }

    func cell(_ sheet: XMLDocument, _ reference: String) throws -> XMLElement {
        try #require(sheet.nodes(forXPath: "//*[local-name()='c'][@r='\(reference)']").first as? XMLElement, "no cell \(reference)")
    }

    func value(_ cell: XMLElement) -> String? {
        (cell.children?.first { $0.localName == "v" || $0.localName == "is" })?.stringValue
    }

    @Test("the XLSX is a zip with every Office Open XML part, each well-formed XML")
    func parts() throws {
        let data = try Self.sample.xlsx()
        if let path = ProcessInfo.processInfo.environment["MINYI_XLSX_SAMPLE"] {
            try data.write(to: URL(fileURLWithPath: path))
        }
        let archive = try Archive(data: data, accessMode: .read)
        let expected = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                        "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]
        #expect(Set(archive.map(\.path)) == Set(expected))
        for path in expected { _ = try xml(archive, path) }
        #expect(archive.allSatisfy { $0.type == .file })
    }

    @Test("a date cell has the date style and the Excel serial of the Shanghai wall clock (2023-03-01 09:00 +08:00 → 44986.375)")
    func dates() throws {
        let archive = try Archive(data: Self.sample.xlsx(), accessMode: .read)
        let sheet = try xml(archive, "xl/worksheets/sheet1.xml")
        let styles = try xml(archive, "xl/styles.xml")
        let formats = try styles.nodes(forXPath: "//*[local-name()='cellXfs']/*[local-name()='xf']").compactMap { $0 as? XMLElement }
        func formatCode(_ cell: XMLElement) throws -> String? {
            let style = try #require(Int(cell.value(of: "s") ?? ""))
            let id = formats[style].value(of: "numFmtId") ?? ""
            return try styles.nodes(forXPath: "//*[local-name()='numFmt'][@numFmtId='\(id)']").first
                .flatMap { ($0 as? XMLElement)?.value(of: "formatCode") }
        }

        let dateTime = try cell(sheet, "F2")
        #expect(value(dateTime) == "44986.375")
        #expect(try formatCode(dateTime) == "yyyy-mm-dd hh:mm")
        let date = try cell(sheet, "E2")
        #expect(value(date).flatMap(Double.init) == 44986)
        #expect(try formatCode(date) == "yyyy-mm-dd")
        // 2023-12-31 16:00 UTC is already 2024-01-01 in Shanghai.
        #expect(try value(cell(sheet, "E3")).flatMap(Double.init) == 45292)
        #expect(try formatCode(cell(sheet, "D2")) == "0.0%")
        #expect(try value(cell(sheet, "D2")) == "0.934")
        #expect(try cell(sheet, "B2").value(of: "t") == nil, "numbers are numbers, not text")
        #expect(try value(cell(sheet, "B2")) == "6831")
        let header = try cell(sheet, "A1")
        #expect(header.value(of: "t") == "inlineStr")
        let headerFont = try #require(Int(formats[Int(header.value(of: "s") ?? "") ?? 0].value(of: "fontId") ?? ""))
        #expect(try styles.nodes(forXPath: "//*[local-name()='fonts']/*[local-name()='font'][\(headerFont + 1)]/*[local-name()='b']").count == 1)
        #expect(try sheet.nodes(forXPath: "//*[local-name()='pane'][@state='frozen'][@ySplit='1']").count == 1)
        #expect(try sheet.nodes(forXPath: "//*[local-name()='col']").count == 6)
    }

    @Test("hostile text is escaped and stripped of characters XML forbids; a formula stays a plain string in XLSX")
    func hostileText() throws {
        let archive = try Archive(data: Self.sample.xlsx(), accessMode: .read)
        let raw = try part(archive, "xl/worksheets/sheet1.xml")
        #expect(!raw.contains("<script"))
        #expect(!raw.unicodeScalars.contains("\u{1}"))
        let sheet = try xml(archive, "xl/worksheets/sheet1.xml")
        #expect(try value(cell(sheet, "A3")) == "<script>alert(1)</script>\"&' end")
        let formula = try cell(sheet, "A5")
        #expect(value(formula) == "=HYPERLINK(\"http://evil\",\"x\")")
        #expect(formula.value(of: "t") == "inlineStr")
        #expect(try sheet.nodes(forXPath: "//*[local-name()='f']").isEmpty)
    }

    @Test("sheet names obey Excel's rules: at most 31 characters, none of []:*?/\\, unique")
    func sheetNames() throws {
        let archive = try Archive(data: Self.sample.xlsx(), accessMode: .read)
        let names = try xml(archive, "xl/workbook.xml").nodes(forXPath: "//*[local-name()='sheet']/@name").compactMap(\.stringValue)
        #expect(names.count == 2)
        #expect(Set(names.map { $0.lowercased() }).count == 2)
        for name in names {
            #expect(name.utf16.count <= 31 && !name.isEmpty)
            #expect(name.rangeOfCharacter(from: CharacterSet(charactersIn: "[]:*?/\\")) == nil)
        }
        #expect(Spreadsheet.sheetNames(["'", "a", "A", "报表"]) == ["Sheet1", "a", "A (2)", "报表"])
    }

    @Test("CSV is UTF-8 with a BOM and CRLF, and round-trips commas, quotes, newlines and Chinese through a CSV reader")
    func csvRoundTrip() throws {
        let data = try Self.sample.csv()
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("单位 Unit,Registered,Average days,Closure rate,Registered on,Updated\r\n"))
        let reader = try CSVReader(string: text)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        #expect(rows == [
            ["单位 Unit", "Registered", "Average days", "Closure rate", "Registered on", "Updated"],
            ["雁塔分局", "6831", "3.25", "0.934", "2023-03-01", "2023-03-01 09:00"],
            ["<script>alert(1)</script>\"&' \u{1}\u{1B}end", "-2", "", "1.0", "2024-01-01", ""],
            ["a, \"quoted\"\r\nsecond line\nthird", "0", "0.5", "", "", ""],
            ["'=HYPERLINK(\"http://evil\",\"x\")", "1", "2.0", "0.0", "", ""],
        ])
    }

    @Test("CSV guards against formula injection in text only: = + - @ tab CR get a leading apostrophe; numbers do not")
    func formulaInjection() {
        for dangerous in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
            #expect(Spreadsheet.guardFormula(dangerous) == "'" + dangerous)
        }
        for safe in ["1+1", "雁塔", "", " =1", "a=b"] { #expect(Spreadsheet.guardFormula(safe) == safe) }
        let sheet = Spreadsheet(sheets: [.init(name: "s", columns: [.init("n", .integer), .init("t")], rows: [[.integer(-5), .text("-5")]])])
        let text = String(decoding: (try? sheet.csv())?.dropFirst(3) ?? Data(), as: UTF8.self)
        #expect(text == "n,t\r\n-5,'-5\r\n")
    }

    @Test("a sheet sent page by page holds what the sheet made in memory holds, under and over the width sample",
          arguments: [0, 3, SheetStream.widthSample - 1, SheetStream.widthSample, 1_234])
    func sentByPages(rows count: Int) throws {
        let columns = Self.sample.sheets[0].columns
        let template = Self.sample.sheets[0].rows
        // Rows that differ, so a row written twice, dropped or misnumbered shows.
        let rows: [[Spreadsheet.Cell]] = (0..<count).map { index in
            var row = template[index % template.count]
            row[0] = .text("第\(index)行 " + String(repeating: "宽", count: index % 37))
            row[1] = .integer(index)
            return row
        }
        let inMemory = Spreadsheet(sheets: [.init(name: "台账", columns: columns, rows: rows)])
        func sent(_ format: SheetStream.Format) throws -> Data {
            let stream = SheetStream(format: format, name: "台账", columns: columns)
            var bytes = Data()
            for page in stride(from: 0, to: rows.count, by: 217) { bytes += try stream.append(Array(rows[page..<min(page + 217, rows.count)])) }
            bytes += try stream.finish()
            #expect(stream.rows == count)
            return bytes
        }
        #expect(try sent(.csv) == (try inMemory.csv()))
        // The streamed workbook is stored, the one made in memory deflated: the same parts, the
        // same bytes in each, and a zip reader checks the streamed one's checksums as it reads.
        let streamed = try Archive(data: try sent(.xlsx), accessMode: .read)
        let made = try Archive(data: try inMemory.xlsx(), accessMode: .read)
        #expect(streamed.map(\.path) == made.map(\.path))
        for entry in made { #expect(try part(streamed, entry.path) == (try part(made, entry.path)), "\(entry.path) with \(count) rows") }
    }

    @Test("a zip written front to back is read back by a zip reader, its checksums and sizes right")
    func streamingZip() throws {
        var zip = StreamingZip()
        var bytes = try zip.entry("a.txt", Data("第一".utf8))
        bytes += zip.beginEntry("b/c.xml")
        for chunk in ["<x>", String(repeating: "数据", count: 10_000), "</x>"] { bytes += zip.body(Data(chunk.utf8)) }
        bytes += try zip.endEntry()
        bytes += try zip.finish()
        let archive = try Archive(data: bytes, accessMode: .read)
        #expect(archive.map(\.path) == ["a.txt", "b/c.xml"])
        #expect(try part(archive, "a.txt") == "第一")
        #expect(try part(archive, "b/c.xml") == "<x>" + String(repeating: "数据", count: 10_000) + "</x>")
        // The checksums the directory gives are those of the bytes read; a flipped byte shows.
        for entry in archive { #expect(try archive.extract(entry) { _ in } == entry.checksum, "\(entry.path)") }
        var broken = bytes
        broken[40] ^= 0xFF
        let brokenArchive = try Archive(data: broken, accessMode: .read)
        let first = try #require(brokenArchive["a.txt"])
        #expect(try brokenArchive.extract(first) { _ in } != first.checksum)
    }

    @Test("asking for a sheet that does not exist is an error, not a crash")
    func missingSheet() {
        #expect(throws: Spreadsheet.ExportError.self) { try Self.sample.csv(sheet: 5) }
    }
}

private extension XMLElement {
    /// FoundationXML on Linux does not find unprefixed attributes of a namespaced element
    /// by `attribute(forName:)`, so look through them by name.
    func value(of name: String) -> String? {
        attributes?.first { $0.name == name || $0.localName == name }?.stringValue
    }
}
