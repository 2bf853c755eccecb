import Fluent
import Vapor

/// The service guide, booking and cancelling pages.
enum ServicesPageController {
    struct BookingForm: Content { let slotId: Int?; let name: String?; let phone: String? }
    struct CancelForm: Content { let code: String?; let phoneLast4: String? }

    @Sendable static func catalogue(req: Request) async throws -> Response {
        ServiceViews.catalogue(try await API.ServicesController.catalogue(req: req), context: Layout.context(req))
    }

    @Sendable static func guide(req: Request) async throws -> Response {
        try await render(req, code: req.parameters.get("code") ?? "", error: nil, status: .ok)
    }

    @Sendable static func book(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        do {
            let form = try req.content.decode(BookingForm.self)
            guard let slot = form.slotId else { throw AppError.invalid("slotId", "choose a time") }
            let booking = try await req.application.booking.book(slotID: slot, serviceCode: code, name: form.name ?? "",
                                                                 phone: form.phone ?? "", from: req.clientAddress)
            return ServiceViews.booked(booking, context: Layout.context(req))
        } catch let error as AppError where error.status != .notFound {
            return try await render(req, code: code, error: error.detail, status: error.status)
        }
    }

    @Sendable static func cancelForm(req: Request) async throws -> Response {
        ServiceViews.cancelForm(Layout.context(req))
    }

    @Sendable static func cancel(req: Request) async throws -> Response {
        let form = try req.content.decode(CancelForm.self)
        do {
            try await req.application.booking.cancel(code: form.code ?? "", phoneLast4: form.phoneLast4 ?? "", from: req.clientAddress)
            return ServiceViews.cancelForm(Layout.context(req), notice: PageLanguage.of(req)(.servicesCancelled))
        } catch let error as AppError {
            return ServiceViews.cancelForm(Layout.context(req), error: error.detail, status: error.status)
        }
    }

    struct ApplyForm: Content { let name: String?; let phone: String?; let idNumber: String?; let attachments: [File]? }

    @Sendable static func apply(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        do {
            let form = try await UploadSpool.decodeForm(ApplyForm.self, from: req, limit: .application)
            let files = (form.attachments ?? []).filter { $0.data.readableBytes > 0 || !$0.filename.isEmpty }
            let view = try await req.application.applications.apply(
                serviceCode: code, districtID: nil, name: form.name ?? "", phone: form.phone ?? "", idNumber: form.idNumber ?? "",
                files: API.ApplicationsController.uploads(files), from: req.clientAddress)
            return ServiceViews.application(view, context: Layout.context(req), received: true)
        } catch let error as AppError where error.status != .notFound {
            return try await render(req, code: code, error: error.detail, status: error.status)
        }
    }

    @Sendable static func trackApplicationForm(req: Request) async throws -> Response {
        ServiceViews.trackApplication(Layout.context(req))
    }

    @Sendable static func trackApplication(req: Request) async throws -> Response {
        let form = try req.content.decode(CancelForm.self)
        do {
            let service = req.application.applications
            let application = try await service.find(code: form.code ?? "", phoneLast4: form.phoneLast4 ?? "", from: req.clientAddress)
            return ServiceViews.application(try await service.view(code: application.code), context: Layout.context(req), received: false,
                                            phoneLast4: form.phoneLast4)
        } catch let error as AppError {
            return ServiceViews.trackApplication(Layout.context(req), error: error.detail, status: error.status)
        }
    }

    private static func render(_ req: Request, code: String, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let guide = try await API.ServicesController.guide(code: code, app: req.application)
        let slots = try await req.application.booking.freeSlots(serviceCode: code, hallID: nil, from: req.now, days: 14)
        return ServiceViews.guide(guide, slots: slots, context: Layout.context(req), error: error, status: status)
    }
}
