import CSV
import Foundation
import LedgerCore
import ZIPFoundation

/// A table export: the same sheets as an Excel workbook (`xlsx()`) or as CSV (`csv()`).
///
/// The workbook is written by hand as Office Open XML with inline strings, the smallest
/// form Excel, WPS and LibreOffice all open; dates are real dates (serial numbers with a
/// date style) so that recipients can sort and filter them, in the bureau's time zone.
struct Spreadsheet: Sendable {
    enum ColumnType: Sendable { case text, integer, decimal, percent, date, dateTime }

    enum Cell: Sendable, Equatable {
        case text(String), integer(Int), decimal(Double), date(Date), empty

        /// Reads better at call sites for timestamps; the column's type (`.date` or
        /// `.dateTime`) decides whether the time is shown, as for any date cell.
        static func dateTime(_ date: Date) -> Cell { .date(date) }
    }

    struct Column: Sendable {
        var header: String
        var type: ColumnType
        init(_ header: String, _ type: ColumnType = .text) { self.header = header; self.type = type }
    }

    struct Sheet: Sendable {
        var name: String
        var columns: [Column]
        var rows: [[Cell]]
        init(name: String, columns: [Column], rows: [[Cell]] = []) {
            self.name = name; self.columns = columns; self.rows = rows
        }
    }

    var sheets: [Sheet]
    /// Where dates are shown: the bureau's clock, whatever the server's zone.
    let timeZone: TimeZone

    /// Made once: a calendar per date cell would cost seconds over a million rows.
    private let calendar: Calendar

    init(sheets: [Sheet], timeZone: TimeZone = WorkingCalendar.bureauTimeZone) {
        self.sheets = sheets
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    enum ExportError: Error { case noSuchSheet(Int), cannotWrite }

    // MARK: - XLSX

    func xlsx() throws -> Data {
        let sheets = self.sheets.isEmpty ? [Sheet(name: "Sheet1", columns: [])] : self.sheets
        var parts = workbookParts(sheetNames: sheets.map(\.name))
        for (index, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", Data(worksheet(sheet).utf8))) }
        let archive = try Archive(accessMode: .create)
        // A fixed timestamp on every part: the same figures give the same bytes.
        for (path, bytes) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                 modificationDate: Date(timeIntervalSince1970: 1_577_836_800),
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<min(bytes.count, Int(position) + size))
            }
        }
        guard let data = archive.data else { throw ExportError.cannotWrite }
        return data
    }

    /// Every part of the workbook but its worksheets (`xl/worksheets/sheetN.xml`), in order.
    func workbookParts(sheetNames: [String]) -> [(path: String, bytes: Data)] {
        let names = Self.sheetNames(sheetNames)
        return [
            ("[Content_Types].xml", Data(contentTypes(sheetCount: names.count).utf8)),
            ("_rels/.rels", Data((Self.header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#).utf8)),
            ("xl/workbook.xml", Data(workbook(names).utf8)),
            ("xl/_rels/workbook.xml.rels", Data(workbookRelationships(sheetCount: names.count).utf8)),
            ("xl/styles.xml", Data(Self.styles.utf8)),
        ]
    }

    private static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    private func contentTypes(sheetCount: Int) -> String {
        let sheets = (1...sheetCount).map {
            #"<Override PartName="/xl/worksheets/sheet\#($0).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }.joined()
        return Self.header + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
            + sheets + "</Types>"
    }

    private func workbook(_ names: [String]) -> String {
        let sheets = names.enumerated().map { index, name in
            #"<sheet name="\#(Safe.xml(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }.joined()
        return Self.header + #"<workbook xmlns="\#(Self.main)" xmlns:r="\#(Self.relationships)"><sheets>\#(sheets)</sheets></workbook>"#
    }

    private func workbookRelationships(sheetCount: Int) -> String {
        let sheets = (1...sheetCount).map {
            #"<Relationship Id="rId\#($0)" Type="\#(Self.relationships)/worksheet" Target="worksheets/sheet\#($0).xml"/>"#
        }.joined()
        return Self.header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + sheets + #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(Self.relationships)/styles" Target="styles.xml"/></Relationships>"#
    }

    /// Indices into `cellXfs` below.
    enum Style: Int { case plain = 0, header, date, dateTime, percent }

    private static let styles = header + #"<styleSheet xmlns="\#(main)">"#
        + #"<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="166" formatCode="0.0%"/></numFmts>"#
        + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="5">"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
        + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + "</cellXfs>"
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    private func worksheet(_ sheet: Sheet) -> String {
        var xml = worksheetHead(sheet.columns, widths: columnWidths(sheet.columns, sample: sheet.rows.prefix(500)))
        for (index, row) in sheet.rows.enumerated() {
            xml += worksheetRow(row, number: index + 2, columns: sheet.columns)
        }
        return xml + Self.worksheetTail
    }

    /// A worksheet up to its first data row: the frozen header row and the column widths.
    func worksheetHead(_ columns: [Column], widths: [Int]) -> String {
        var xml = Self.header + #"<worksheet xmlns="\#(Self.main)">"#
        // The header row stays in view while scrolling.
        xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        if !columns.isEmpty {
            xml += "<cols>" + widths.enumerated().map { index, width in
                #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
            }.joined() + "</cols>"
        }
        xml += "<sheetData>"
        let headerCells = columns.enumerated().map { index, column in
            inlineString(column.header, reference: Self.reference(column: index, row: 1), style: .header)
        }
        return xml + #"<row r="1">\#(headerCells.joined())</row>"#
    }

    /// One data row; `number` is the sheet's row number (the header is row 1).
    func worksheetRow(_ row: [Cell], number: Int, columns: [Column]) -> String {
        let cells = row.enumerated().map { index, cell in
            xlsxCell(cell, type: index < columns.count ? columns[index].type : .text, reference: Self.reference(column: index, row: number))
        }
        return #"<row r="\#(number)">\#(cells.joined())</row>"#
    }

    static let worksheetTail = "</sheetData></worksheet>"

    private func xlsxCell(_ cell: Cell, type: ColumnType, reference: String) -> String {
        switch cell {
        case .empty: return ""
        case .text(let text): return inlineString(text, reference: reference, style: .plain)
        case .integer(let value): return number(String(value), reference: reference, style: type == .percent ? .percent : .plain)
        case .decimal(let value):
            guard value.isFinite else { return "" }
            return number(String(value), reference: reference, style: type == .percent ? .percent : .plain)
        case .date(let date):
            let serial = excelSerial(date)
            // A date column holds the day only, so filters and sums by day behave.
            return type == .date
                ? number(String(serial.rounded(.down)), reference: reference, style: .date)
                : number(String(serial), reference: reference, style: .dateTime)
        }
    }

    private func inlineString(_ text: String, reference: String, style: Style) -> String {
        // Excel refuses cells longer than 32,767 characters.
        let text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(32_767)))
        return #"<c r="\#(reference)" t="inlineStr"\#(style == .plain ? "" : #" s="\#(style.rawValue)""#)><is><t xml:space="preserve">\#(Safe.xml(text))</t></is></c>"#
    }

    private func number(_ value: String, reference: String, style: Style) -> String {
        #"<c r="\#(reference)"\#(style == .plain ? "" : #" s="\#(style.rawValue)""#)><v>\#(value)</v></c>"#
    }

    /// Days since 1899-12-30 on the bureau's wall clock: Excel dates have no time zone.
    func excelSerial(_ date: Date) -> Double {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        return local / 86_400 + 25_569
    }

    /// About one unit per Latin character and two per CJK one, within reason, judged on the
    /// header and a sample of the rows.
    func columnWidths(_ columns: [Column], sample: ArraySlice<[Cell]>) -> [Int] {
        columns.indices.map { index in
            let texts = [columns[index].header] + sample.compactMap { row in
                index < row.count ? csvText(row[index], type: columns[index].type) : nil
            }
            let widest = texts.map { $0.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) } }.max() ?? 0
            return min(60, max(8, widest + 2))
        }
    }

    /// "A1"-style reference for a zero-based column and a one-based row.
    static func reference(column: Int, row: Int) -> String {
        var letters = "", number = column + 1
        while number > 0 {
            let remainder = (number - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            number = (number - 1) / 26
        }
        return "\(letters)\(row)"
    }

    /// Excel's rules: 1–31 characters, none of []:*?/\, no apostrophe at either end,
    /// unique ignoring case. Names come from unit names and report titles.
    static func sheetNames(_ wanted: [String]) -> [String] {
        var used = Set<String>()
        return wanted.enumerated().map { index, name in
            let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
            var clean = String(Safe.xmlCharacters(name).map { forbidden.contains($0) ? "_" : $0 })
            clean = clean.trimmingCharacters(in: CharacterSet(charactersIn: "' ").union(.newlines))
            if clean.isEmpty { clean = "Sheet\(index + 1)" }
            var candidate = limit(clean, to: 31), suffix = 2
            while used.contains(candidate.lowercased()) {
                let tail = " (\(suffix))"
                candidate = limit(clean, to: 31 - tail.utf16.count) + tail
                suffix += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    /// Excel counts sheet-name length in UTF-16 units; cut on a character boundary.
    private static func limit(_ text: String, to units: Int) -> String {
        var result = ""
        for character in text {
            if result.utf16.count + String(character).utf16.count > units { break }
            result.append(character)
        }
        return result
    }



    // MARK: - CSV

    /// RFC 4180 with CRLF, UTF-8 with a byte-order mark: without it Excel reads the
    /// file as the local ANSI code page and Chinese comes out as mojibake.
    func csv(sheet index: Int = 0) throws -> Data {
        guard sheets.indices.contains(index) else { throw ExportError.noSuchSheet(index) }
        let sheet = sheets[index]
        return Self.byteOrderMark + (try csvRecords([csvHeader(sheet.columns)] + sheet.rows.map { csvFields($0, columns: sheet.columns) }))
    }

    static let byteOrderMark = Data([0xEF, 0xBB, 0xBF])

    func csvHeader(_ columns: [Column]) -> [String] { columns.map { Self.guardFormula($0.header) } }

    func csvFields(_ row: [Cell], columns: [Column]) -> [String] {
        row.enumerated().map { column, cell in
            let text = csvText(cell, type: column < columns.count ? columns[column].type : .text)
            if case .text = cell { return Self.guardFormula(text) }
            return text
        }
    }

    /// CSV records, each ended by CRLF.
    func csvRecords(_ lines: [[String]]) throws -> Data {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        for line in lines {
            writer.beginNewRow()
            for field in line {
                // Decided here on scalars: Swift's String.contains treats "\r\n" as one
                // character and would not find "\n" in it.
                let needsQuotes = field.unicodeScalars.contains { $0 == "\"" || $0 == "," || $0 == "\r" || $0 == "\n" }
                try writer.write(field: field, quoted: needsQuotes)
            }
        }
        stream.close()
        guard let written = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw ExportError.cannotWrite
        }
        // The writer puts CRLF between records only; end the last record too.
        return written + (lines.isEmpty ? Data() : Data("\r\n".utf8))
    }

    /// OWASP's defence against CSV injection: a field that a spreadsheet would run as a
    /// formula (= + - @, or tab/CR which some programs skip before one) is made text.
    static func guardFormula(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return text }
        return "'" + text
    }

    /// A cell as text: dates on the bureau's clock, percents as fractions (0.934) so
    /// that the file stays a table of numbers.
    func csvText(_ cell: Cell, type: ColumnType) -> String {
        switch cell {
        case .empty: return ""
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .decimal(let value): return value.isFinite ? String(value) : ""
        case .date(let date):
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
            let day = "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))"
            return type == .date ? day : "\(day) \(two(parts.hour)):\(two(parts.minute))"
        }
    }
}
