import Foundation
import ZIPFoundation

/// One sheet made a page of rows at a time into bytes to send at once, as CSV or as an XLSX
/// workbook: an export of a million matters holds one page of rows in memory, not the table,
/// and its first bytes leave within a moment (a response that waited for the whole file would
/// be cut off by the server's idle timeout, or by a proxy's, before it began).
///
/// The workbook is a zip written front to back (`StreamingZip`): the small parts first, then
/// the worksheet with its size and checksum after it. Its entries are stored, not deflated:
/// deflating as it goes would need zlib's stream, which nothing here offers; the response may
/// still be compressed on the wire.
final class SheetStream {
    enum Format: String { case csv, xlsx }

    /// Excel's limit of rows on one sheet, the header row included.
    static let excelRows = 1_048_576
    static let widthSample = 500

    let format: Format
    private let sheet = Spreadsheet(sheets: [])
    private let name: String
    private let columns: [Spreadsheet.Column]
    private var zip = StreamingZip()
    /// A workbook's column widths are judged on its first rows: they wait here until there
    /// are enough, then the worksheet's head is written.
    private var waiting: [[Spreadsheet.Cell]] = []
    private var started = false
    private(set) var rows = 0

    init(format: Format, name: String, columns: [Spreadsheet.Column]) {
        self.format = format
        self.name = name
        self.columns = columns
    }

    /// The bytes of a page of rows (and of whatever had to come before them).
    func append(_ page: [[Spreadsheet.Cell]]) throws -> Data {
        var out = Data()
        switch format {
        case .csv:
            if !started { out += Spreadsheet.byteOrderMark + (try sheet.csvRecords([sheet.csvHeader(columns)])); started = true }
            out += try sheet.csvRecords(page.map { sheet.csvFields($0, columns: columns) })
        case .xlsx:
            if started {
                out += zip.body(worksheetRows(page, first: rows + 2))
            } else {
                waiting += page
                if waiting.count >= Self.widthSample { out += try start() }
            }
        }
        rows += page.count
        return out
    }

    /// The last bytes.
    func finish() throws -> Data {
        switch format {
        case .csv:
            return started ? Data() : Spreadsheet.byteOrderMark + (try sheet.csvRecords([sheet.csvHeader(columns)]))
        case .xlsx:
            var out = started ? Data() : try start()
            out += zip.body(Data(Spreadsheet.worksheetTail.utf8))
            out += try zip.endEntry()
            out += try zip.finish()
            return out
        }
    }

    /// The workbook's small parts, the worksheet's header and column widths, and the rows waiting.
    private func start() throws -> Data {
        started = true
        var out = Data()
        for (path, bytes) in sheet.workbookParts(sheetNames: [name]) { out += try zip.entry(path, bytes) }
        out += zip.beginEntry("xl/worksheets/sheet1.xml")
        let widths = sheet.columnWidths(columns, sample: waiting.prefix(Self.widthSample))
        out += zip.body(Data(sheet.worksheetHead(columns, widths: widths).utf8))
        out += zip.body(worksheetRows(waiting, first: 2))
        waiting = []
        return out
    }

    private func worksheetRows(_ page: [[Spreadsheet.Cell]], first: Int) -> Data {
        var xml = ""
        for (offset, row) in page.enumerated() { xml += sheet.worksheetRow(row, number: first + offset, columns: columns) }
        return Data(xml.utf8)
    }
}

/// A zip archive written front to back, every entry stored: each entry's local header, its
/// bytes, and (for one whose size is not known in advance) a data descriptor after them; then
/// the central directory. Without zip64, an archive stays under 4 GiB.
struct StreamingZip {
    enum Failure: Error { case tooLarge }

    private struct Entry { let name: Data; let crc: UInt32; let size: UInt32; let offset: UInt32; let described: Bool }
    private var entries: [Entry] = []
    private var offset: UInt64 = 0
    private var open: (name: Data, offset: UInt32, crc: UInt32, size: UInt64)?
    /// 1980-01-01 00:00, the earliest time a zip can hold: the same rows give the same bytes.
    private static let time: UInt16 = 0, date: UInt16 = (0 << 9) | (1 << 5) | 1

    /// A whole entry whose bytes are at hand.
    mutating func entry(_ path: String, _ bytes: Data) throws -> Data {
        let name = Data(path.utf8), crc = bytes.crc32(checksum: 0)
        guard bytes.count < UInt32.max, offset < UInt32.max else { throw Failure.tooLarge }
        var out = localHeader(name: name, crc: crc, size: UInt32(bytes.count), described: false)
        entries.append(Entry(name: name, crc: crc, size: UInt32(bytes.count), offset: UInt32(offset), described: false))
        out += bytes
        offset += UInt64(out.count)
        return out
    }

    /// The header of an entry whose bytes follow in `body` calls, ended by `endEntry`.
    mutating func beginEntry(_ path: String) -> Data {
        let name = Data(path.utf8)
        let out = localHeader(name: name, crc: 0, size: 0, described: true)
        open = (name, UInt32(truncatingIfNeeded: offset), 0, 0)
        offset += UInt64(out.count)
        return out
    }

    mutating func body(_ bytes: Data) -> Data {
        open!.crc = bytes.crc32(checksum: open!.crc)
        open!.size += UInt64(bytes.count)
        offset += UInt64(bytes.count)
        return bytes
    }

    mutating func endEntry() throws -> Data {
        let entry = open!
        open = nil
        guard entry.size < UInt32.max, offset < UInt32.max else { throw Failure.tooLarge }
        var out = Data()
        out.append(le32: 0x0807_4b50); out.append(le32: entry.crc); out.append(le32: UInt32(entry.size)); out.append(le32: UInt32(entry.size))
        entries.append(Entry(name: entry.name, crc: entry.crc, size: UInt32(entry.size), offset: entry.offset, described: true))
        offset += UInt64(out.count)
        return out
    }

    /// The central directory and its end record.
    mutating func finish() throws -> Data {
        var out = Data()
        for entry in entries {
            out.append(le32: 0x0201_4b50); out.append(le16: 20); out.append(le16: 20); out.append(le16: entry.described ? 0x0008 : 0)
            out.append(le16: 0); out.append(le16: Self.time); out.append(le16: Self.date)
            out.append(le32: entry.crc); out.append(le32: entry.size); out.append(le32: entry.size)
            out.append(le16: UInt16(entry.name.count)); out.append(le16: 0); out.append(le16: 0); out.append(le16: 0); out.append(le16: 0)
            out.append(le32: 0); out.append(le32: entry.offset)
            out += entry.name
        }
        guard offset + UInt64(out.count) < UInt32.max else { throw Failure.tooLarge }
        var end = Data()
        end.append(le32: 0x0605_4b50); end.append(le16: 0); end.append(le16: 0)
        end.append(le16: UInt16(entries.count)); end.append(le16: UInt16(entries.count))
        end.append(le32: UInt32(out.count)); end.append(le32: UInt32(offset)); end.append(le16: 0)
        offset += UInt64(out.count + end.count)
        return out + end
    }

    private func localHeader(name: Data, crc: UInt32, size: UInt32, described: Bool) -> Data {
        var out = Data()
        out.append(le32: 0x0403_4b50); out.append(le16: 20); out.append(le16: described ? 0x0008 : 0); out.append(le16: 0)
        out.append(le16: Self.time); out.append(le16: Self.date)
        out.append(le32: crc); out.append(le32: size); out.append(le32: size)
        out.append(le16: UInt16(name.count)); out.append(le16: 0)
        return out + name
    }
}

private extension Data {
    mutating func append(le16 value: UInt16) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le32 value: UInt32) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
}
