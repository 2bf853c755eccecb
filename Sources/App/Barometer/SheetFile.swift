import Foundation
import Vapor
import ZIPFoundation
#if canImport(Glibc)
import Glibc
#endif

/// One sheet written to a file page by page, as CSV or as an XLSX workbook: an export of a
/// million matters holds one page of rows in memory, not the table.
///
/// The file is finished before a byte of it is sent. A workbook's zip needs every part's size
/// before its directory can be written, and an export is audited with what it held (rows,
/// residents revealed) before the data leaves the server, not after.
final class SheetFile {
    enum Format: String { case csv, xlsx }

    let format: Format
    private let sheet: Spreadsheet
    private let columns: [Spreadsheet.Column]
    private let name: String
    /// The rows (CSV) or the worksheet's XML (XLSX) as written so far.
    private let body: URL
    private let handle: FileHandle
    /// A workbook's column widths are judged on its first rows: they wait here until there
    /// are enough, then the worksheet's head is written.
    private var waiting: [[Spreadsheet.Cell]] = []
    private var headWritten = false
    private(set) var rows = 0

    static let widthSample = 500

    init(format: Format, name: String, columns: [Spreadsheet.Column], in folder: String) throws {
        self.format = format
        self.name = name
        self.columns = columns
        self.sheet = Spreadsheet(sheets: [])
        body = URL(fileURLWithPath: folder).appendingPathComponent(UUID().uuidString + ".part")
        guard FileManager.default.createFile(atPath: body.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw Spreadsheet.ExportError.cannotWrite
        }
        handle = try FileHandle(forWritingTo: body)
        if format == .csv {
            try handle.write(contentsOf: Spreadsheet.byteOrderMark + sheet.csvRecords([sheet.csvHeader(columns)]))
            headWritten = true
        }
    }

    deinit {
        try? handle.close()
        unlink(body.path)
    }

    /// Appends a page of rows.
    func append(_ page: [[Spreadsheet.Cell]]) throws {
        switch format {
        case .csv:
            try handle.write(contentsOf: sheet.csvRecords(page.map { sheet.csvFields($0, columns: columns) }))
        case .xlsx:
            if headWritten {
                try writeRows(page)
            } else {
                waiting += page
                if waiting.count >= Self.widthSample { try writeWaiting() }
            }
        }
        rows += page.count
    }

    /// Finishes the file and returns where it is; the caller sends it and removes it.
    func finish() throws -> URL {
        if format == .csv {
            try handle.close()
            return try moved(body, to: format)
        }
        if !headWritten { try writeWaiting() }
        try handle.write(contentsOf: Data(Spreadsheet.worksheetTail.utf8))
        try handle.close()
        let workbook = body.deletingPathExtension().appendingPathExtension("xlsx")
        do {
            let archive = try Archive(url: workbook, accessMode: .create)
            try sheet.package(sheetNames: [name], worksheets: [.file(body)], into: archive)
        } catch {
            unlink(workbook.path)
            throw error
        }
        return workbook
    }

    private func writeWaiting() throws {
        let widths = sheet.columnWidths(columns, sample: waiting.prefix(Self.widthSample))
        try handle.write(contentsOf: Data(sheet.worksheetHead(columns, widths: widths).utf8))
        headWritten = true
        let rows = waiting
        waiting = []
        try writeRows(rows, firstNumber: 2)
    }

    private func writeRows(_ page: [[Spreadsheet.Cell]], firstNumber: Int? = nil) throws {
        // The header is row 1; `rows` counts the rows appended before this page.
        let first = firstNumber ?? rows + 2
        var xml = ""
        for (offset, row) in page.enumerated() {
            xml += sheet.worksheetRow(row, number: first + offset, columns: columns)
        }
        try handle.write(contentsOf: Data(xml.utf8))
    }

    private func moved(_ url: URL, to format: Format) throws -> URL {
        let target = url.deletingPathExtension().appendingPathExtension(format.rawValue)
        guard rename(url.path, target.path) == 0 else { throw Spreadsheet.ExportError.cannotWrite }
        return target
    }

    // MARK: - The folder

    static func folder(_ app: Application) -> String {
        (app.config.dataDirectory as NSString).appendingPathComponent("exports")
    }

    static func prepare(_ app: Application) throws { try DataDirectory.prepareFolder(folder(app), emptied: app.config.runsServer) }
}
