import Fluent
import LedgerCore
import Foundation
import Vapor

extension API {
    /// 在线办理: residents apply with files (`/api/v1/public/applications`); staff handle
    /// applications (`/api/v1/applications`).
    enum ApplicationsController {
        struct ApplicationForm: Content {
            var serviceCode: String
            var districtId: Int?
            var name: String
            var phone: String
            var idNumber: String
            var attachments: [File]?
        }
        struct Lookup: Content { let code: String; let phoneLast4: String }
        struct StatusChange: Content { let status: ServiceApplication.Status; let note: String? }
        struct StaffItem: Content {
            let id: Int; let code: String; let serviceCode: String; let status: ServiceApplication.Status
            let name: String; let phone: String; let createdAt: Date; let attachments: [Int]
        }

        static func uploads(_ files: [File]?) -> [ApplicationService.Upload] {
            (files ?? []).map { .init(filename: $0.filename, data: Data(buffer: $0.data)) }
        }

        @Sendable static func apply(req: Request) async throws -> Response {
            let form = try await UploadSpool.decodeForm(ApplicationForm.self, from: req, limit: .application)
            let view = try await req.application.applications.apply(
                serviceCode: form.serviceCode, districtID: form.districtId, name: form.name, phone: form.phone, idNumber: form.idNumber,
                files: uploads(form.attachments), from: req.clientAddress)
            return try await view.encodeResponse(status: .created, for: req)
        }

        @Sendable static func track(req: Request) async throws -> ApplicationService.ApplicationView {
            let body = try req.content.decode(Lookup.self)
            let service = req.application.applications
            return try await service.view(code: try await service.find(code: body.code, phoneLast4: body.phoneLast4, from: req.clientAddress).code)
        }

        struct StaffPage: Content { let items: [StaffItem]; let nextCursor: String? }

        @Sendable static func list(req: Request) async throws -> StaffPage {
            let who = try req.officer()
            let window = try ListWindow(req)
            let page = window.page(try await ServiceStore.applications(visibleTo: who, before: window.cursor, limit: window.fetch, on: req.db)) { $0.id }
            let rows = Array(page.rows)
            let files = try await ServiceStore.attachmentHeads(ofApplications: rows.map { $0.id! }, on: req.db)
            let cipher = req.application.cipher
            return StaffPage(items: try rows.map { row in
                StaffItem(id: row.id!, code: row.code, serviceCode: row.serviceCode, status: row.status,
                          name: Masking.name(try cipher.open(row.nameSealed)), phone: Masking.phone(try cipher.open(row.phoneSealed)),
                          createdAt: row.createdAt, attachments: files.filter { $0.applicationID == row.id }.map { $0.id! })
            }, nextCursor: page.nextCursor)
        }

        @Sendable static func setStatus(req: Request) async throws -> ApplicationService.ApplicationView {
            let who = try req.officer()
            guard let id = req.parameters.get("applicationID", as: Int.self) else { throw AppError.notFound("application") }
            let body = try req.content.decode(StatusChange.self)
            return try await req.application.applications.setStatus(id, to: body.status, note: body.note ?? "", by: who)
        }

        /// A material in full, for officers of the handling unit only (`ApplicationFiles.mayOpen`);
        /// every download is recorded, and the answer is never cached nor rendered in the browser.
        @Sendable static func attachment(req: Request) async throws -> Response {
            let who = try req.officer()
            guard let id = req.parameters.get("applicationID", as: Int.self), let fileID = req.parameters.get("attachmentID", as: Int.self),
                  let application = try await ServiceApplication.fetch(id, on: req.db), application.isVisible(to: who),
                  let file = try await ServiceStore.attachment(fileID, ofApplication: id, on: req.db) else {
                throw AppError.notFound("attachment")
            }
            guard ApplicationFiles.mayOpen(who.actor, handlingUnitID: application.unitID) else {
                throw AppError.forbidden("only officers of the unit handling the application open its files")
            }
            guard file.purgedAt == nil else {
                throw AppError(status: .gone, title: "Removed", detail: "the file was removed when the retention time after the application ended had passed")
            }
            let bytes = file.keyID == nil ? file.sealedData : try req.application.cipher.open(file.sealedData)
            let now = req.now
            _ = try await req.application.write { db in
                try await AuditLog.append(on: db, kind: .attachmentViewed, matterID: nil, actorID: who.officerID,
                                          fields: ["application": String(id), "attachment": String(fileID)], at: now)
            }
            let suffix = DocumentType(rawValue: file.contentType)?.fileSuffix ?? "bin"
            return Response(status: .ok, headers: [
                "Content-Type": file.contentType, "Content-Disposition": "attachment; filename=\"material-\(fileID).\(suffix)\"",
                "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
            ], body: .init(data: bytes))
        }
    }
}
