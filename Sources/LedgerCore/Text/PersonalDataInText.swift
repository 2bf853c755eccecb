/// Personal data residents type into free text — a phone number in a message, an ID number
/// in a complaint's details, an e-mail address — found so it can be sealed like the personal
/// fields and shown masked. Phones are mainland mobiles (with or without +86 / 0086, spaced
/// or dashed) and landlines with an area code; ID numbers must carry a valid check digit;
/// full-width digits and signs (１３８…, ＋, ＠) count as typed.
public enum PersonalDataInText {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case phone, idNumber, email

        /// As a leak is named (`Anonymity.leaks`).
        public var label: String {
            switch self {
            case .phone: "phone number"
            case .idNumber: "ID number"
            case .email: "e-mail address"
            }
        }
    }

    public struct Found: Sendable, Equatable {
        public let kind: Kind
        /// The value as typed.
        public let typed: String
        /// The value normalised: digits and the number only for phones, upper-case X for ID
        /// numbers, lower case for e-mail addresses. Look-ups digest this.
        public let value: String
        /// Where it is, in characters from the start of the text.
        public let offset: Int
        public let length: Int

        /// How it is shown: 138****5678, 6101**********1234, z***@example.com.
        public var masked: String {
            switch kind {
            case .phone: return Masking.phone(value)
            case .idNumber: return Masking.idNumber(value)
            case .email:
                let parts = value.split(separator: "@", maxSplits: 1)
                return parts.count == 2 ? String(parts[0].prefix(1)) + "***@" + parts[1] : "***"
            }
        }
    }

    /// Everything found, in order, never overlapping.
    public static func find(in text: String) -> [Found] {
        let typed = Array(text)
        let plain = String(typed.map(halfWidth))
        var found: [Found] = []
        var taken: [Range<Int>] = []
        func offsets(_ range: Range<String.Index>) -> Range<Int> {
            plain.distance(from: plain.startIndex, to: range.lowerBound)..<plain.distance(from: plain.startIndex, to: range.upperBound)
        }
        func add(_ kind: Kind, _ range: Range<String.Index>, _ value: String) {
            let span = offsets(range)
            guard !taken.contains(where: { $0.overlaps(span) }) else { return }
            taken.append(span)
            found.append(Found(kind: kind, typed: String(typed[span]), value: value, offset: span.lowerBound, length: span.count))
        }
        /// A number counts only whole: no digit (or letter, or sign) right before or after it.
        func standsAlone(_ range: Range<String.Index>, before: (Character) -> Bool = { $0.isASCIIDigit },
                         after: (Character) -> Bool = { $0.isASCIIDigit || $0.isASCIILetter }) -> Bool {
            (range.lowerBound == plain.startIndex || !before(plain[plain.index(before: range.lowerBound)]))
                && (range.upperBound == plain.endIndex || !after(plain[range.upperBound]))
        }
        // ID numbers first: an 18-digit number must not be read as a phone inside it.
        for match in plain.matches(of: /[0-9]{17}[0-9Xx]/) where standsAlone(match.range) {
            let value = String(match.output).uppercased()
            if PersonalDataValidation.isValidIDNumber(value) { add(.idNumber, match.range, value) }
        }
        for match in plain.matches(of: /(?:(?:\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]){8}/)
        where standsAlone(match.range, before: { $0.isASCIIDigit || $0 == "+" }) {
            let digits = String(match.output.filter(\.isASCIIDigit))
            add(.phone, match.range, String(digits.suffix(11)))
        }
        for match in plain.matches(of: /0[1-9][0-9]{1,2}[ -]?[2-9][0-9]{6,7}/) where standsAlone(match.range) {
            add(.phone, match.range, String(match.output.filter(\.isASCIIDigit)))
        }
        for match in plain.matches(of: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/) {
            add(.email, match.range, String(match.output).lowercased())
        }
        return found.sorted { $0.offset < $1.offset }
    }

    /// The text with everything found replaced by its mask, and what was found.
    public static func masked(_ text: String) -> (text: String, found: [Found]) {
        let found = find(in: text)
        guard !found.isEmpty else { return (text, []) }
        var characters = Array(text)
        for item in found.reversed() {
            characters.replaceSubrange(item.offset..<(item.offset + item.length), with: Array(item.masked))
        }
        return (String(characters), found)
    }

    /// A full-width digit or sign as its ASCII self, one character for one.
    private static func halfWidth(_ character: Character) -> Character {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
              (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) else { return character }
        return Character(ascii)
    }
}
