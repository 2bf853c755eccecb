import Foundation

/// Masks for showing residents' personal data on screen (张*、138****5678、6101**********1234).
public enum Masking {
    public static func name(_ name: String) -> String {
        let chars = Array(name.trimmingCharacters(in: .whitespaces))
        guard let first = chars.first else { return "" }
        return String(first) + String(repeating: "*", count: max(chars.count - 1, 1))
    }

    public static func phone(_ phone: String) -> String {
        let chars = Array(phone)
        guard chars.count > 7 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }

    public static func idNumber(_ id: String) -> String {
        let chars = Array(id)
        guard chars.count > 8 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(4)) + String(repeating: "*", count: chars.count - 8) + String(chars.suffix(4))
    }

    /// Keeps the district-level start of an address and hides the rest.
    public static func address(_ address: String) -> String {
        let chars = Array(address)
        let kept = min(6, chars.count / 2)
        return String(chars.prefix(kept)) + "****"
    }
}

/// Field checks for residents' personal data.
public enum PersonalDataValidation {
    /// A mainland mobile number (11 digits starting 13–19) or a landline with area code.
    public static func isValidPhone(_ phone: String) -> Bool {
        phone.wholeMatch(of: /1[3-9][0-9]{9}/) != nil || phone.wholeMatch(of: /0[0-9]{2,3}-?[0-9]{7,8}/) != nil
    }

    /// A mainland mobile number, the only kind of phone a text message reaches.
    public static func isMobile(_ phone: String) -> Bool {
        phone.wholeMatch(of: /1[3-9][0-9]{9}/) != nil
    }

    /// A mainland resident ID number: 18 characters, a real date of birth not after `asOf`,
    /// and the ISO 7064 check digit.
    public static func isValidIDNumber(_ id: String, asOf now: Date = Date()) -> Bool {
        let chars = Array(id.uppercased())
        guard chars.count == 18, chars.prefix(17).allSatisfy(\.isASCIIDigit) else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(chars.prefix(17), weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        let expected = Array("10X98765432")[sum % 11]
        guard chars[17] == expected else { return false }
        let birth = String(chars[6..<14])
        guard let year = Int(birth.prefix(4)), let month = Int(birth.dropFirst(4).prefix(2)), let day = Int(birth.suffix(2)),
              (1900...2100).contains(year), (1...12).contains(month), (1...31).contains(day) else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = WorkingCalendar.bureauTimeZone
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components), date <= now else { return false }
        return calendar.component(.day, from: date) == day
    }

    /// Appends the right check digit to 17 digits: used to make valid demo numbers.
    public static func completeIDNumber(_ first17: String) -> String {
        precondition(first17.count == 17 && first17.allSatisfy(\.isASCIIDigit), "completeIDNumber needs 17 digits")
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return first17 + String(Array("10X98765432")[sum % 11])
    }
}

/// Published summaries are anonymised, not merely masked: they may not contain any
/// complainant's personal data, nor anything shaped like a phone or ID number.
public enum Anonymity {
    public static func leaks(in text: String, personalValues: [String]) -> [String] {
        var found: [String] = []
        let compact = text.filter { !$0.isWhitespace && $0 != "-" }
        for value in personalValues {
            let needle = value.filter { !$0.isWhitespace && $0 != "-" }
            guard needle.count >= 2 else { continue }
            if compact.contains(needle) { found.append(value) }
        }
        if compact.contains(/1[3-9][0-9]{9}/) { found.append("phone number") }
        if text.contains(/0[0-9]{2,3}-?[0-9]{7,8}/) { found.append("landline number") }
        if compact.contains(/[0-9]{17}[0-9Xx]/) { found.append("ID number") }
        // Whatever free text would have sealed (spaced, +86, full-width digits, e-mail addresses).
        for item in PersonalDataInText.find(in: text) {
            let named = item.kind == .phone ? found.contains("phone number") || found.contains("landline number") : found.contains(item.kind.label)
            if !named { found.append(item.kind.label) }
        }
        return found
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
