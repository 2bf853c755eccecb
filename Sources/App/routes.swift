import Foundation
import LedgerCore
import Vapor

func routes(_ app: Application) throws {
    let api = app.grouped("api", "v1")
    api.post("auth", "token", use: API.AuthController.issueToken).body(.residentForm)
    api.delete("auth", "token", use: API.AuthController.revokeToken)
    api.get("me", use: API.AuthController.me)
    api.post("me", "totp", use: API.AuthController.beginTOTP)
    api.post("me", "totp", "confirm", use: API.AuthController.confirmTOTP)
    api.post("me", "password", use: API.AuthController.changePassword)
    api.get("me", "tokens", use: API.AuthController.myTokens)
    api.delete("me", "tokens", ":tokenID", use: API.AuthController.revokeMyToken)

    api.get("units", use: API.UnitsController.list)
    api.post("units", use: API.UnitsController.create)
    api.get("units", ":unitID", use: API.UnitsController.show)

    api.get("officers", use: API.OfficersController.list)
    api.post("officers", use: API.OfficersController.create)
    api.get("officers", ":officerID", use: API.OfficersController.show)
    api.post("officers", ":officerID", "disable", use: API.OfficersController.disable)
    api.post("officers", ":officerID", "role", use: API.OfficersController.changeRole)
    api.post("officers", ":officerID", "reset-credentials", use: API.OfficersController.resetCredentials)
    api.get("officers", ":officerID", "tokens", use: API.OfficersController.tokens)
    api.delete("officers", ":officerID", "tokens", ":tokenID", use: API.OfficersController.revokeToken)

    api.get("reports", "annual", use: API.ReportsController.annual)

    api.get("matters", use: API.MattersController.list)
    api.post("matters", use: API.MattersController.create)
    api.get("matters", "by-phone", use: API.MattersController.byPhone)
    api.get("matters", ":matterID", use: API.MattersController.show)
    api.post("matters", ":matterID", "text", "reveal", use: API.MattersController.revealText)
    api.get("matters", ":matterID", "timeline", use: API.MattersController.timeline)
    for action in MatterAction.allCases {
        api.post("matters", ":matterID", .constant(action.rawValue), use: API.MattersController.act(action))
    }
    api.post("matters", ":matterID", "complainants", ":complainantID", "reveal", use: API.MattersController.reveal)
    api.post("matters", ":matterID", "appeals", use: API.MattersController.appeal)
    api.post("appeals", ":appealID", "decide", use: API.MattersController.decideAppeal)

    api.get("callbacks", "queue", use: API.CallbacksController.queue)
    api.post("callbacks", ":matterID", "complainants", ":complainantID", "phone", use: API.CallbacksController.revealPhone)
    api.get("callbacks", ":matterID", "complainants", ":complainantID", "calls", use: API.CallbacksController.calls)
    api.post("callbacks", ":matterID", "complainants", ":complainantID", "calls", use: API.CallbacksController.record)
    api.get("callbacks", "rechecks", use: API.CallbacksController.rechecks)
    api.post("callbacks", "rechecks", ":recheckID", "phone", use: API.CallbacksController.revealRecheckPhone)
    api.post("callbacks", "rechecks", ":recheckID", "calls", use: API.CallbacksController.recordRecheck)

    api.get("messages", use: API.MessagesController.list)
    api.get("messages", "counts", use: API.MessagesController.counts)
    api.get("messages", ":messageID", use: API.MessagesController.show)
    api.post("messages", ":messageID", "answer", use: API.MessagesController.answer)
    api.post("messages", ":messageID", "text", "reveal", use: API.MessagesController.revealText)
    api.post("messages", ":messageID", "escalate", use: API.MessagesController.escalate)

    let open = api.grouped("public")
    open.post("messages", use: API.PublicController.submit).body(.residentForm)
    open.post("track", use: API.PublicController.track).body(.residentForm)
    open.post("rate", use: API.PublicController.rate).body(.residentForm)
    open.get("rating-links", ":token", use: RatingLinkController.show)
    open.post("rating-links", ":token", use: RatingLinkController.rate).body(.residentForm)
    open.get("board", use: API.PublicController.board)
    open.get("districts", use: API.PublicController.districts)
    open.get("services", use: API.ServicesController.catalogue)
    open.get("services", ":code", use: API.ServicesController.guide)
    open.get("halls", use: API.ServicesController.halls)
    open.get("slots", use: API.ServicesController.slots)
    open.post("appointments", use: API.ServicesController.book).body(.residentForm)
    open.post("appointments", "cancel", use: API.ServicesController.cancel).body(.residentForm)
    open.on(.POST, "applications", body: .stream, use: API.ApplicationsController.apply).body(.application)
    open.post("applications", "track", use: API.ApplicationsController.track).body(.residentForm)
    api.get("applications", use: API.ApplicationsController.list)
    api.post("applications", ":applicationID", "status", use: API.ApplicationsController.setStatus)
    api.get("applications", ":applicationID", "attachments", ":attachmentID", use: API.ApplicationsController.attachment)
    api.post("services", use: API.ServicesController.createService)
    api.post("halls", use: API.ServicesController.createHall)
    api.post("halls", ":hallID", "windows", use: API.ServicesController.createWindow)
    api.post("windows", ":windowID", "slots", use: API.ServicesController.createSlots)

    api.get("settings", "deadlines", use: API.SettingsController.deadlines)
    api.put("settings", "deadlines", ":ledger", use: API.SettingsController.updateDeadline)
    api.get("settings", "calendar-days", use: API.SettingsController.calendarDays)
    api.put("settings", "calendar-days", use: API.SettingsController.putCalendarDay)
    api.post("sweeps", use: API.SweepsController.run)

    api.post("open311-keys", use: API.Open311KeysController.issue)

    api.get("reception", "rooms", use: API.ReceptionController.rooms)
    api.post("reception", "rooms", use: API.ReceptionController.createRoom)
    api.get("reception", "rooms", ":roomID", use: API.ReceptionController.room)
    api.post("reception", "rooms", ":roomID", "inspections", use: API.ReceptionController.inspect)
    api.post("reception", "rooms", ":roomID", "log", use: API.ReceptionController.log)
    api.get("reception", "log", ":entryID", use: API.ReceptionController.entry)
    api.post("reception", "log", ":entryID", "escalate", use: API.ReceptionController.escalate)
    api.get("reception", "counts", use: API.ReceptionController.counts)
    api.get("reception", "templates", use: API.ReceptionController.templates)

    api.get("engagement", "meetings", use: API.EngagementController.list)
    api.post("engagement", "meetings", use: API.EngagementController.create)
    api.get("engagement", "meetings", ":meetingID", use: API.EngagementController.show)
    api.put("engagement", "meetings", ":meetingID", "minutes", use: API.EngagementController.minutes)
    api.post("engagement", "meetings", ":meetingID", "items", use: API.EngagementController.addItem)
    api.post("engagement", "items", ":itemID", "resolve", use: API.EngagementController.resolve)
    api.post("engagement", "items", ":itemID", "matter", use: API.EngagementController.openMatter)
    api.get("engagement", "think-tank", use: API.EngagementController.members)
    api.post("engagement", "think-tank", use: API.EngagementController.addMember)
    api.get("engagement", "counts", use: API.EngagementController.counts)

    api.get("liaison", "contacts", use: API.LiaisonController.contacts)
    api.post("liaison", "contacts", use: API.LiaisonController.pair)
    api.post("liaison", "contacts", ":contactID", "end", use: API.LiaisonController.end)
    api.post("liaison", "contacts", ":contactID", "visits", use: API.LiaisonController.visit)
    api.post("liaison", "visits", ":visitID", "items", use: API.LiaisonController.collect)
    api.post("liaison", "items", ":itemID", "matter", use: API.LiaisonController.openMatter)
    api.get("liaison", "counts", use: API.LiaisonController.counts)

    // Open311 GeoReport v2: `services.json`, `services/{code}.xml`, `requests.json` …
    let open311 = app.grouped("open311", "v2")
    open311.get(":file", use: { req async throws -> Response in
        let file = req.parameters.get("file") ?? ""
        return file.hasPrefix("requests") ? try await Open311Controller.list(req: req) : try await Open311Controller.services(req: req)
    })
    open311.post(":file", use: Open311Controller.create).body(.residentForm)
    open311.get("services", ":file", use: Open311Controller.definition)
    open311.get("requests", ":file", use: Open311Controller.show)

    app.get("openapi.yaml", use: OpenAPIDocument.serve)
    app.get("healthz") { _ in "ok" }
    webRoutes(app)
}

/// `openapi.yaml`, shipped as a resource of the App module so the served contract is the
/// file in the repository (the root `openapi.yaml` links to it).
enum OpenAPIDocument {
    static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()

    @Sendable static func serve(req: Request) async throws -> Response {
        guard !text.isEmpty else { throw AppError(status: .internalServerError, title: "Contract missing", detail: "openapi.yaml is not bundled") }
        return Response(status: .ok, headers: ["Content-Type": "application/yaml; charset=utf-8"], body: .init(string: text))
    }
}

/// The pages, registered from the typed list in `Page`.
func webRoutes(_ app: Application) {
    app.get(.home, use: ResidentController.home)
    app.get(.ask, use: ResidentController.form)
    app.post(.ask, use: ResidentController.submit).body(.residentForm)
    app.get(.track, use: ResidentController.trackForm)
    app.post(.track, use: ResidentController.track).body(.residentForm)
    app.post(.trackRate, use: ResidentController.rate).body(.residentForm)
    app.get(.board, use: ResidentController.board)
    app.get(.rateLink(""), use: RatingLinkController.page)
    app.post(.rateLink(""), use: RatingLinkController.submit).body(.residentForm)
    app.get(.services, use: ServicesPageController.catalogue)
    app.get(.servicesCancel, use: ServicesPageController.cancelForm)
    app.post(.servicesCancel, use: ServicesPageController.cancel).body(.residentForm)
    app.get(.service(""), use: ServicesPageController.guide)
    app.post(.serviceBook(""), use: ServicesPageController.book).body(.residentForm)
    app.on(.POST, Page.serviceApply("").pattern, body: .stream, use: ServicesPageController.apply).body(.application)
    app.get(.applicationsTrack, use: ServicesPageController.trackApplicationForm)
    app.post(.applicationsTrack, use: ServicesPageController.trackApplication).body(.residentForm)
    app.get(.reception, use: ReceptionPageController.rooms)
    app.get(.room(0), use: ReceptionPageController.room)
    app.post(.roomLog(0), use: ReceptionPageController.log)
    app.post(.roomInspections(0), use: ReceptionPageController.inspect)
    app.post(.escalateReceptionEntry(0), use: ReceptionPageController.escalate)
    app.get(.engagement, use: EngagementPageController.meetings)
    app.post(.meetings, use: EngagementPageController.createMeeting)
    app.get(.meeting(0), use: EngagementPageController.meeting)
    app.post(.meetingItems(0), use: EngagementPageController.addItem)
    app.post(.meetingMinutes(0), use: EngagementPageController.minutes)
    app.post(.resolveItem(0), use: EngagementPageController.resolve)
    app.post(.itemMatter(0), use: EngagementPageController.openMatter)
    app.get(.thinkTank, use: EngagementPageController.thinkTank)
    app.post(.thinkTank, use: EngagementPageController.addMember)
    app.get(.liaison, use: EngagementPageController.liaison)
    app.post(.liaisonContacts, use: EngagementPageController.pair)
    app.post(.contactVisits(0), use: EngagementPageController.visit)
    app.post(.liaisonItemMatter(0), use: EngagementPageController.liaisonMatter)
    app.get(.callbacks, use: CallbackPageController.desk)
    app.post(.callbackPhone(0, complainant: 0), use: CallbackPageController.revealPhone)
    app.post(.callbackCall(0, complainant: 0), use: CallbackPageController.record)
    app.post(.recheckPhone(0), use: CallbackPageController.revealRecheckPhone)
    app.post(.recheckCall(0), use: CallbackPageController.recordRecheck)
    app.get(.barometer, use: BarometerController.page)
    app.get(.barometerExport, use: BarometerController.export)
    app.get(.messages, use: MessagesPageController.list)
    app.get(.message(0), use: MessagesPageController.show)
    app.post(.answerMessage(0), use: MessagesPageController.answer)
    app.post(.escalateMessage(0), use: MessagesPageController.escalate)
    app.get(.stylesheet, use: AssetsController.stylesheet)
    app.get(.language, use: SignInController.language)
    app.get(.signIn, use: SignInController.form)
    app.post(.signIn, use: SignInController.signIn).body(.residentForm)
    app.get(.secondFactor, use: SignInController.secondFactorForm)
    app.post(.secondFactor, use: SignInController.secondFactor).body(.residentForm)
    app.get(.newPassword, use: SignInController.newPasswordForm)
    app.post(.newPassword, use: SignInController.newPassword).body(.residentForm)
    app.post(.signOut, use: SignInController.signOut)
    app.get(.account, use: AccountController.show)
    app.post(.accountPassword, use: AccountController.changePassword)
    app.get(.matters, use: MattersPageController.list)
    app.get(.newMatter, use: MattersPageController.newForm)
    app.post(.matters, use: MattersPageController.create)
    app.get(.matter(0), use: MattersPageController.show)
    app.post(.matterAction(0, .close), use: MattersPageController.act)
    app.post(.revealComplainant(0, complainant: 0), use: MattersPageController.reveal)
    app.post(.matterAppeals(0), use: MattersPageController.appeal)
    app.post(.decideAppeal(0), use: MattersPageController.decideAppeal)
}
