import Crypto
import Fluent
import Foundation
import LedgerCore
import Vapor

/// 在线办理: a resident applies for a catalogue service with the listed materials attached,
/// and follows the application with its code; staff move it on and the resident is told.
struct ApplicationService: Sendable {
    let app: Application

    static let maxFileSize = 5 * 1024 * 1024

    struct Upload: Sendable { let filename: String; let data: Data }
    struct ApplicationView: Content {
        struct File: Content { let material: String; let filename: String; let size: Int; let contentType: String; let removedAt: Date? }
        let code: String; let serviceCode: String; let status: ServiceApplication.Status; let note: String?
        let createdAt: Date; let updatedAt: Date; let attachments: [File]
    }

    func apply(serviceCode: String, districtID: Int?, name: String, phone: String, idNumber: String, files: [Upload],
               from address: String) async throws -> ApplicationView {
        try NewMatterInput.line(name, field: "name", max: 50)
        guard PersonalDataValidation.isValidPhone(phone) else { throw AppError.invalid("phone", "must be an 11-digit mobile number or a landline with area code") }
        guard PersonalDataValidation.isValidIDNumber(idNumber) else { throw AppError.invalid("idNumber", "must be an 18-character resident ID number with a valid check digit") }
        guard let item = try await ServiceStore.item(code: serviceCode, on: app.db), item.category != .publicOrder else {
            throw AppError.invalid("serviceCode", "is not a service that can be applied for")
        }
        let materials = API.ServicesController.list(item.materials)
        guard files.count == materials.count else {
            throw AppError.invalid("attachments", "attach exactly the \(materials.count) listed materials, one file each: " + materials.joined(separator: "、"))
        }
        var checked: [(material: String, upload: Upload, type: String)] = []
        for (index, file) in files.enumerated() {
            guard !file.data.isEmpty else { throw AppError.invalid("attachments[\(index)]", "the file is empty") }
            guard file.data.count <= Self.maxFileSize else { throw AppError.invalid("attachments[\(index)]", "must be at most 5 MB") }
            guard let type = DocumentType.of([UInt8](file.data)) else {
                throw AppError.invalid("attachments[\(index)]", "must be a whole PDF, JPEG or PNG file")
            }
            try NewMatterInput.line(file.filename, field: "attachments[\(index)].filename", max: 200)
            checked.append((materials[index], file, type.rawValue))
        }
        let cipher = app.cipher
        let now = app.clock.now()
        let accepted = checked
        let code = try await app.write { db -> String in
            try await app.rateLimiter.hit(RateLimiter.submissionPerIP, key: address, on: db)
            try await app.rateLimiter.hit(RateLimiter.submissionPerPhone, key: cipher.digest(phone), on: db)
            let city = try await UnitStore.units(kind: .city, limit: 1, on: db).first
            var district: Unit?
            if let districtID {
                guard let unit = try await Unit.fetch(districtID, on: db), unit.kind == .district else { throw AppError.invalid("districtId", "is not a district") }
                district = unit
            }
            guard let city else { throw AppError.notFound("city bureau") }
            let application = ServiceApplication()
            application.code = "BL-" + TrackingCode.make()
            application.serviceCode = serviceCode
            application.unitID = district?.id ?? city.id!
            application.districtID = district?.id
            application.cityID = city.id!
            application.nameSealed = try cipher.seal(name)
            application.phoneSealed = try cipher.seal(phone)
            application.idNumberSealed = try cipher.seal(idNumber.uppercased())
            application.status = .submitted
            application.createdAt = now
            application.updatedAt = now
            try await application.create(on: db)
            for entry in accepted {
                let attachment = Attachment()
                attachment.applicationID = application.id!
                attachment.material = entry.material
                attachment.sealedFilename = try cipher.seal(entry.upload.filename)
                attachment.contentType = entry.type
                attachment.size = entry.upload.data.count
                attachment.sha256 = Digits.hex(SHA256.hash(data: entry.upload.data))
                attachment.sealedData = try cipher.seal(entry.upload.data)
                attachment.keyID = cipher.keyID
                try await attachment.create(on: db)
            }
            try await AuditLog.append(on: db, kind: .applicationSubmitted, matterID: nil, actorID: nil,
                                      fields: ["application": String(application.id!), "service": serviceCode, "files": String(accepted.count)], at: now)
            return application.code
        }
        return try await view(code: code)
    }

    func find(code: String, phoneLast4: String, from address: String) async throws -> ServiceApplication {
        try await app.rateLimiter.hit(RateLimiter.lookupPerIP, key: address, field: "code")
        let notFound = AppError(status: .notFound, title: "Not found", detail: "no application matches this code and phone number",
                                invalidParams: [.init(name: "code", reason: "no application matches this code and phone number")])
        guard let application = try await ServiceStore.application(code: code.uppercased().trimmingCharacters(in: .whitespaces), on: app.db),
              String(try app.cipher.open(application.phoneSealed).suffix(4)) == phoneLast4 else { throw notFound }
        return application
    }

    func view(code: String) async throws -> ApplicationView {
        guard let application = try await ServiceStore.application(code: code, on: app.db) else { throw AppError.notFound("application") }
        let files = try await ServiceStore.attachmentHeads(ofApplications: [application.id!], on: app.db)
        return ApplicationView(code: application.code, serviceCode: application.serviceCode, status: application.status, note: application.note,
                               createdAt: application.createdAt, updatedAt: application.updatedAt,
                               attachments: try files.map { file in
                                   .init(material: file.material, filename: try filename(of: file), size: file.size, contentType: file.contentType,
                                         removedAt: file.purgedAt)
                               })
    }

    /// The name the resident gave the file; empty once the file is removed.
    func filename(of file: Attachment) throws -> String {
        guard file.purgedAt == nil else { return "" }
        return file.keyID == nil ? file.sealedFilename : try app.cipher.open(file.sealedFilename)
    }

    /// Staff move an application on; the resident gets an SMS with the code to look it up.
    func setStatus(_ id: Int, to status: ServiceApplication.Status, note: String, by who: SignedIn) async throws -> ApplicationView {
        try NewMatterInput.text(note, field: "note", max: 2000, required: status == .needsMore || status == .rejected)
        let now = app.clock.now()
        let code = try await app.write { db -> String in
            guard let application = try await ServiceApplication.fetch(id, on: db), application.isVisible(to: who) else { throw AppError.notFound("application \(id)") }
            guard who.role.worksMatters else { throw AppError.forbidden("administrators do not handle applications") }
            guard ![.rejected, .completed].contains(application.status) else {
                throw AppError.conflict("the application is already \(application.status.rawValue)", field: "status")
            }
            application.status = status
            application.note = note.isEmpty ? nil : note
            application.updatedAt = now
            try await application.save(on: db)
            try await Outbox.enqueue(on: db, dedupeKey: "application-status:\(id):\(status.rawValue)", channel: .sms, recipientSealed: application.phoneSealed,
                                     template: "applicationStatus", payload: ["code": application.code, "status": status.rawValue], notBefore: now, now: now)
            try await AuditLog.append(on: db, kind: .applicationStatusChanged, matterID: nil, actorID: who.officerID,
                                      fields: ["application": String(id), "status": status.rawValue], at: now)
            if status == .completed {
                try await EvaluationService.invite(.application, caseID: id, phoneSealed: application.phoneSealed, at: now, app: app, on: db)
            }
            return application.code
        }
        return try await view(code: code)
    }
}

extension Application {
    var applications: ApplicationService { ApplicationService(app: self) }
}
