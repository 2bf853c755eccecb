/// What text a person types may not hold, so that a page shows exactly what was stored: no
/// control characters, no direction overrides or isolates (U+202E would show `gpj.exe` as
/// `exe.jpg`), no invisible characters that make two names look the same, and — in a field of
/// one line (a name, an address, a title) — no line breaks, which would also let a value forge
/// a line of a log, a header or a CSV export.
public enum TextHygiene {
    public enum Fault: Equatable, Sendable {
        case controlCharacter, lineBreak, directionControl, invisibleCharacter

        public var reason: String {
            switch self {
            case .controlCharacter: "must not contain control characters"
            case .lineBreak: "must be a single line"
            case .directionControl: "must not contain text-direction controls (such as U+202E)"
            case .invisibleCharacter: "must not contain invisible characters (such as U+200B)"
            }
        }
    }

    static let directionControls: Set<UInt32> = [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
    static let invisibles: Set<UInt32> = [0x00AD, 0x034F, 0x115F, 0x1160, 0x180E, 0x200B, 0x200C, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x3164, 0xFEFF, 0xFFA0]
    static let zeroWidthJoiner: UInt32 = 0x200D

    /// The first fault of `text`, if it has one.
    public static func fault(in text: String, oneLine: Bool) -> Fault? {
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            if scalar == "\n" || scalar == "\r" || value == 0x2028 || value == 0x2029 || value == 0x85 {
                if oneLine { return .lineBreak }
                continue
            }
            if scalar == "\t" { continue }
            if scalar.properties.generalCategory == .control { return .controlCharacter }
            if directionControls.contains(value) { return .directionControl }
            if invisibles.contains(value) { return .invisibleCharacter }
            // The joiner belongs inside an emoji sequence (👨‍👩‍👧); anywhere else it only hides.
            if value == zeroWidthJoiner {
                let joinsEmoji = index > 0 && index + 1 < scalars.count
                    && scalars[index - 1].properties.isEmoji && scalars[index + 1].properties.isEmoji
                if !joinsEmoji { return .invisibleCharacter }
            }
        }
        return nil
    }
}
