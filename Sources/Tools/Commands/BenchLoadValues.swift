import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import App
import Foundation
import LedgerCore
import YearSimulation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Rows in the text format of PostgreSQL's `COPY`: a line per row, fields apart by tabs, `\N`
/// for null, and backslash, tab, newline and carriage return escaped in text.
enum CopyText {
    static func rows(_ rows: [[LoadValue]]) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(rows.count * 256)
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { out.writeInteger(UInt8(ascii: "\t")) }
                field(value, to: &out)
            }
            out.writeInteger(UInt8(ascii: "\n"))
        }
        return out
    }

    static func field(_ value: LoadValue, to out: inout ByteBuffer) {
        switch value {
        case .text(let text): escaped(text, to: &out)
        case .int(let int): out.writeString(String(int))
        case .date(let date): timestamp(date, to: &out)
        case .bool(let bool): out.writeStaticString(bool ? "t" : "f")
        case .null: out.writeStaticString("\\N")
        }
    }

    /// The text's bytes, runs without a byte to escape written whole.
    private static func escaped(_ text: String, to out: inout ByteBuffer) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let escape: StaticString
                switch bytes[index] {
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\t"): escape = "\\t"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                default: continue
                }
                out.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                out.writeStaticString(escape)
                start = index + 1
            }
            out.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...])))
        }
    }

    /// `yyyy-mm-dd hh:mm:ss.ffffff+00`, to the microsecond, as PostgreSQL keeps it.
    private static func timestamp(_ date: Date, to out: inout ByteBuffer) {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = time_t(micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000)
        let fraction = Int(micros - Int64(seconds) * 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int, _ width: Int) {
            var text = String(value)
            while text.count < width { text = "0" + text }
            out.writeString(text)
        }
        digits(Int(parts.tm_year) + 1900, 4); out.writeStaticString("-"); digits(Int(parts.tm_mon) + 1, 2); out.writeStaticString("-")
        digits(Int(parts.tm_mday), 2); out.writeStaticString(" "); digits(Int(parts.tm_hour), 2); out.writeStaticString(":")
        digits(Int(parts.tm_min), 2); out.writeStaticString(":"); digits(Int(parts.tm_sec), 2); out.writeStaticString(".")
        digits(fraction, 6); out.writeStaticString("+00")
    }
}

/// A value of a loaded row, of the few types a load writes. Rows were arrays of any
/// `Encodable`: casting each of a batch's values back to its type to encode it, and asking
/// each whether it was an optional holding nothing, was a tenth of a load's work.
enum LoadValue: Sendable, Equatable {
    case int(Int), text(String), date(Date), bool(Bool), null

    init(_ value: Int?) { self = value.map(LoadValue.int) ?? .null }
    init(_ value: String?) { self = value.map(LoadValue.text) ?? .null }
    init(_ value: Date?) { self = value.map(LoadValue.date) ?? .null }
    init(_ value: Bool?) { self = value.map(LoadValue.bool) ?? .null }

    /// As `SQLiteDataEncoder` stores the value (a test holds the two equal).
    var sqliteData: SQLiteData {
        switch self {
        case .int(let int): .integer(int)
        case .text(let text): .text(text)
        case .date(let date): .float(date.timeIntervalSince1970)
        case .bool(let bool): .integer(bool ? 1 : 0)
        case .null: .null
        }
    }
}
