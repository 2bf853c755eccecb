import Fluent
import LedgerCore
import Vapor

/// Staff pages for reception rooms: the list, a room with its log and inspections, logging a
/// service, and escalating an entry into a ledger matter.
enum ReceptionPageController {
    struct EntryForm: Content {
        let serviceKind: String?; let residentsServed: Int?; let foreignResident: Bool?; let language: String?
        let summary: String?; let outcome: String?
    }
    struct InspectionForm: Content {
        let day: String?; let constructionStandard: Bool?; let divisionOfDuties: Bool?; let workRules: Bool?
        let managementRules: Bool?; let findings: String?
    }
    struct EscalationForm: Content { let summary: String?; let name: String?; let phone: String?; let idNumber: String? }

    @Sendable static func rooms(req: Request) async throws -> Response {
        ReceptionViews.rooms(try await API.ReceptionController.roomPage(req, try ListWindow(req, defaultLimit: 500, maxLimit: 1000)).rooms,
                             context: Layout.context(req))
    }

    @Sendable static func room(req: Request) async throws -> Response {
        let who = try req.officer()
        return try await render(req, who: who, id: try API.ReceptionController.roomID(req), error: nil, status: .ok)
    }

    @Sendable static func log(req: Request) async throws -> Response {
        let who = try req.officer()
        let id = try API.ReceptionController.roomID(req)
        do {
            let form = try req.content.decode(EntryForm.self)
            guard let kind = form.serviceKind.flatMap(ReceptionServiceKind.init(rawValue:)) else { throw AppError.invalid("serviceKind", "choose the kind of service") }
            let entry = ReceptionService.NewEntry(at: nil, residentsServed: form.residentsServed ?? 0, serviceKind: kind,
                                                  foreignResident: form.foreignResident ?? false, language: form.language,
                                                  summary: form.summary ?? "", outcome: form.outcome ?? "")
            _ = try await req.application.reception.log(roomID: id, entry, by: who)
            return req.redirect(to: Page.room(id).path)
        } catch let error as AppError where error.status != .notFound {
            return try await render(req, who: who, id: id, error: error.detail, status: error.status)
        }
    }

    @Sendable static func inspect(req: Request) async throws -> Response {
        let who = try req.officer()
        let id = try API.ReceptionController.roomID(req)
        do {
            let form = try req.content.decode(InspectionForm.self)
            let body = ReceptionService.NewInspection(day: form.day ?? "", constructionStandard: form.constructionStandard ?? false,
                                                      divisionOfDuties: form.divisionOfDuties ?? false, workRules: form.workRules ?? false,
                                                      managementRules: form.managementRules ?? false, findings: form.findings ?? "")
            _ = try await req.application.reception.inspect(roomID: id, body, by: who)
            return req.redirect(to: Page.room(id).path)
        } catch let error as AppError where error.status != .notFound {
            return try await render(req, who: who, id: id, error: error.detail, status: error.status)
        }
    }

    @Sendable static func escalate(req: Request) async throws -> Response {
        let who = try req.officer()
        guard let entryID = req.parameters.get("entryID", as: Int.self), let entry = try await ReceptionLogEntry.fetch(entryID, on: req.db),
              entry.isVisible(to: who) else {
            throw AppError.notFound("reception log entry")
        }
        do {
            let form = try req.content.decode(EscalationForm.self)
            let person = NewMatterInput.Person(name: form.name ?? "", phone: form.phone ?? "",
                                               idNumber: (form.idNumber ?? "").isEmpty ? nil : form.idNumber, address: nil)
            let matterID = try await req.application.reception.escalate(
                entryID: entryID, .init(summary: form.summary ?? "", complainants: [person]), by: who)
            return req.redirect(to: Page.matter(matterID).path)
        } catch let error as AppError where error.status != .notFound {
            return try await render(req, who: who, id: entry.roomID, error: error.detail, status: error.status)
        }
    }

    private static func render(_ req: Request, who: SignedIn, id: Int, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let detail = try await API.ReceptionController.detail(id, who: who, app: req.application)
        let mayLog = who.unitID == detail.room.stationId && who.role.worksMatters
        return ReceptionViews.room(detail, mayLog: mayLog, mayInspect: who.role.isChief, context: Layout.context(req), error: error, status: status)
    }
}
