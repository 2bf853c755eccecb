import LedgerCore
import Vapor

/// A message as a resident sends it (网上咨询 · 建言 · 举报 · 办事).
package struct NewMessageInput: Content, Sendable {
    var kind: MessageKind
    var content: String
    var districtId: Int?
    var place: String?
    var latitude: Double?
    var longitude: Double?
    var name: String?
    var phone: String?
    var idNumber: String?
    var language: String?
    /// Set by the Open311 endpoint: the catalogue entry reported under. Never read from a
    /// body: it is not among the `CodingKeys`, which are what a resident may set.
    var serviceCode: String? = nil

    enum CodingKeys: String, CodingKey { case kind, content, districtId, place, latitude, longitude, name, phone, idNumber, language }

    /// Checks every field and names the first bad one. Contact details and the place are
    /// optional for a consultation and required for everything else.
    func validate() throws {
        try NewMatterInput.text(content, field: "content", max: 2000)
        let required = kind.requiresContact
        func present(_ value: String?) -> String? {
            guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return value
        }
        if required && districtId == nil { throw AppError.invalid("districtId", "choose the district where it happened") }
        if let place = present(place) { try NewMatterInput.line(place, field: "place", max: 200) }
        else if required { throw AppError.invalid("place", "say the street and place where it happened") }
        if let name = present(name) { try NewMatterInput.line(name, field: "name", max: 50) }
        else if required { throw AppError.invalid("name", "is required for a \(kind.rawValue)") }
        if let phone = present(phone) {
            guard PersonalDataValidation.isValidPhone(phone) else {
                throw AppError.invalid("phone", "must be an 11-digit mobile number or a landline with area code")
            }
        } else if required { throw AppError.invalid("phone", "is required for a \(kind.rawValue)") }
        if let idNumber = present(idNumber) {
            guard PersonalDataValidation.isValidIDNumber(idNumber) else {
                throw AppError.invalid("idNumber", "must be an 18-character resident ID number with a valid check digit")
            }
        } else if required { throw AppError.invalid("idNumber", "is required for a \(kind.rawValue)") }
        switch (latitude, longitude) {
        case (nil, nil): break
        case (let lat?, let lon?):
            guard (-90...90).contains(lat) else { throw AppError.invalid("latitude", "must be between -90 and 90") }
            guard (-180...180).contains(lon) else { throw AppError.invalid("longitude", "must be between -180 and 180") }
        case (nil, _): throw AppError.invalid("latitude", "give both coordinates or neither")
        case (_, nil): throw AppError.invalid("longitude", "give both coordinates or neither")
        }
        if let language, !["zh", "en"].contains(language) { throw AppError.invalid("language", "must be zh or en") }
    }

    package init(kind: MessageKind, content: String, districtId: Int? = nil, place: String? = nil, latitude: Double? = nil,
                 longitude: Double? = nil, name: String? = nil, phone: String? = nil, idNumber: String? = nil,
                 language: String? = nil, serviceCode: String? = nil) {
        self.kind = kind
        self.content = content
        self.districtId = districtId
        self.place = place
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
        self.phone = phone
        self.idNumber = idNumber
        self.language = language
        self.serviceCode = serviceCode
    }
}
