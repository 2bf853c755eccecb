/// Numbers written as fixed-width text: hexadecimal digests and zero-padded dates and references.
/// Done by hand because `String(format:)` goes through Foundation's format parser for every call;
/// per byte of every digest it was a sixth of a bulk load's CPU.
public enum Digits {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hexadecimal, two digits a byte.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `n` in decimal, with leading zeros up to `width` digits (never cut short).
    public static func padded(_ n: Int, width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
