import LedgerCore
import Vapor

/// A new matter as staff register it (walk-in, letter, phone, patrol finding …).
package struct NewMatterInput: Content, Sendable {
    package struct Person: Content, Sendable {
        var name: String
        var phone: String
        var idNumber: String?
        var address: String?

        package init(name: String, phone: String, idNumber: String? = nil, address: String? = nil) {
            self.name = name; self.phone = phone; self.idNumber = idNumber; self.address = address
        }
    }

    var summary: String
    var details: String?
    var channel: SourceChannel
    var sourceRef: String?
    var unitId: Int?
    var suggestedLedger: Ledger?
    /// Chosen by staff, or read from the words when a matter arrives through another channel.
    var topic: MatterTopic? = nil
    var complainants: [Person]

    /// Checks every field and names the first bad one.
    func validate() throws {
        try Self.line(summary, field: "summary", max: 200)
        if let details { try Self.text(details, field: "details", max: 5000, required: false) }
        if let sourceRef { try Self.line(sourceRef, field: "sourceRef", max: 100, required: false) }
        guard !complainants.isEmpty else { throw AppError.invalid("complainants", "at least one complainant is required") }
        guard complainants.count <= 1000 else { throw AppError.invalid("complainants", "at most 1000 complainants per matter") }
        for (index, person) in complainants.enumerated() {
            let prefix = "complainants[\(index)]"
            try Self.line(person.name, field: "\(prefix).name", max: 50)
            guard PersonalDataValidation.isValidPhone(person.phone) else {
                throw AppError.invalid("\(prefix).phone", "must be an 11-digit mobile number or a landline with area code")
            }
            if let id = person.idNumber, !id.isEmpty, !PersonalDataValidation.isValidIDNumber(id) {
                throw AppError.invalid("\(prefix).idNumber", "must be an 18-character resident ID number with a valid check digit")
            }
            if let address = person.address { try Self.line(address, field: "\(prefix).address", max: 200, required: false) }
        }
    }

    static func text(_ value: String, field: String, max: Int, required: Bool = true, oneLine: Bool = false) throws {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && trimmed.isEmpty { throw AppError.invalid(field, "must not be empty") }
        if value.count > max { throw AppError.invalid(field, "must be at most \(max) characters") }
        if let fault = TextHygiene.fault(in: value, oneLine: oneLine) { throw AppError.invalid(field, fault.reason) }
    }

    /// A field of one line: a name, an address, a title, a file name.
    static func line(_ value: String, field: String, max: Int, required: Bool = true) throws {
        try text(value, field: field, max: max, required: required, oneLine: true)
    }

    package init(summary: String, details: String? = nil, channel: SourceChannel, sourceRef: String? = nil,
                 unitId: Int? = nil, suggestedLedger: Ledger? = nil, topic: MatterTopic? = nil, complainants: [Person]) {
        self.summary = summary
        self.details = details
        self.channel = channel
        self.sourceRef = sourceRef
        self.unitId = unitId
        self.suggestedLedger = suggestedLedger
        self.topic = topic
        self.complainants = complainants
    }
}
