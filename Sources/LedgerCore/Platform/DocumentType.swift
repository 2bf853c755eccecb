/// The kind of an uploaded document, read from the whole file, not its first bytes or its name:
/// a PNG header followed by `<svg><script>`, or `%PDF-` followed by a web page, is no document.
public enum DocumentType: String, Sendable, CaseIterable {
    case pdf = "application/pdf", jpeg = "image/jpeg", png = "image/png"

    /// What the file is, or nil when it is none of the three, is cut short, or carries markup
    /// a browser would run.
    public static func of(_ bytes: [UInt8]) -> DocumentType? {
        guard !containsMarkup(bytes) else { return nil }
        if bytes.starts(with: Array("%PDF-".utf8)) { return isWholePDF(bytes) ? .pdf : nil }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return isWholeJPEG(bytes) ? .jpeg : nil }
        if bytes.starts(with: pngSignature) { return isWholePNG(bytes) ? .png : nil }
        return nil
    }

    public var fileSuffix: String {
        switch self {
        case .pdf: "pdf"
        case .jpeg: "jpg"
        case .png: "png"
        }
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let markup = ["<script", "<html", "<svg", "<!doctype", "<iframe", "<body", "<object", "<embed"].map { Array($0.utf8) }

    /// Whether a tag a browser would act on appears anywhere, in any letter case.
    static func containsMarkup(_ bytes: [UInt8]) -> Bool {
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        var index = 0
        while let start = lowered[index...].firstIndex(of: 0x3C) {  // "<"
            // A tag name ends with a space, `>` or `/`; without that, compressed image data
            // would now and then spell one by chance.
            for tag in markup where lowered[start...].starts(with: tag) {
                let after = start + tag.count
                if after == lowered.count || [0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x3E, 0x2F].contains(lowered[after]) { return true }
            }
            index = start + 1
        }
        return false
    }

    /// A PDF ends with `%%EOF` (and at most a line break or two after it).
    static func isWholePDF(_ bytes: [UInt8]) -> Bool {
        let tail = bytes.suffix(1024)
        guard let end = lastRange(of: Array("%%EOF".utf8), in: Array(tail)) else { return false }
        return tail.dropFirst(end + 5).allSatisfy { $0 == 0x0A || $0 == 0x0D || $0 == 0x20 }
    }

    /// A JPEG ends with its end-of-image marker.
    static func isWholeJPEG(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes.suffix(2) == [0xFF, 0xD9]
    }

    /// A PNG is its signature, then chunks (length, type, data, CRC) from IHDR to IEND, and nothing after.
    static func isWholePNG(_ bytes: [UInt8]) -> Bool {
        var offset = pngSignature.count
        var first = true
        while offset + 12 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            guard type.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }) else { return false }
            if first { guard type == "IHDR", length == 13 else { return false } }
            first = false
            let next = offset + 12 + length
            guard next <= bytes.count else { return false }
            if type == "IEND" { return next == bytes.count }
            offset = next
        }
        return false
    }

    static func lastRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in stride(from: haystack.count - needle.count, through: 0, by: -1) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
