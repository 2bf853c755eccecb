import LedgerCore
import Vapor

/// Every page and form path, typed. Links, form actions and redirects are built with `path`,
/// and `webRoutes` registers each route with the `pattern` of the same case, so a route that
/// is renamed cannot leave a link behind. (Ids in a case given to `pattern` are ignored.)
enum Page: Hashable, Sendable {
    // The resident platform
    case home, ask, track, trackRate, board, rateLink(String)
    case services, servicesCancel, service(String), serviceBook(String), serviceApply(String), applicationsTrack
    case evaluate, evaluateLink(String)
    // Staff
    case signIn, secondFactor, newPassword, signOut, account, accountPassword, language, stylesheet
    case matters, newMatter, matter(Int), matterAction(Int, MatterAction), revealComplainant(Int, complainant: Int)
    case matterAppeals(Int), decideAppeal(Int)
    case messages, message(Int), answerMessage(Int), escalateMessage(Int)
    case reception, room(Int), roomLog(Int), roomInspections(Int), escalateReceptionEntry(Int)
    case engagement, meetings, meeting(Int), meetingItems(Int), meetingMinutes(Int), resolveItem(Int), itemMatter(Int), thinkTank
    case liaison, liaisonContacts, contactVisits(Int), liaisonItemMatter(Int)
    case barometer, barometerExport
    case callbacks, callbackPhone(Int, complainant: Int), callbackCall(Int, complainant: Int), recheckPhone(Int), recheckCall(Int)
    case appealDecision(Int)
    case serviceDesk, serveAppointment(Int), rectificationPhone(Int), rectificationCallback(Int), rectificationRectify(Int), evaluationAppeal(Int)

    private enum Segment {
        case fixed(String)
        case value(parameter: String, String)
    }

    private var segments: [Segment] {
        func id(_ name: String, _ value: Int) -> Segment { .value(parameter: name, String(value)) }
        return switch self {
        case .home: []
        case .ask: [.fixed("ask")]
        case .track: [.fixed("track")]
        case .trackRate: [.fixed("track"), .fixed("rate")]
        case .board: [.fixed("board")]
        case .rateLink(let token): [.fixed("rate"), .value(parameter: "token", token)]
        case .services: [.fixed("services")]
        case .servicesCancel: [.fixed("services"), .fixed("cancel")]
        case .service(let code): [.fixed("services"), .value(parameter: "code", code)]
        case .serviceBook(let code): [.fixed("services"), .value(parameter: "code", code), .fixed("book")]
        case .serviceApply(let code): [.fixed("services"), .value(parameter: "code", code), .fixed("apply")]
        case .applicationsTrack: [.fixed("applications"), .fixed("track")]
        case .evaluate: [.fixed("evaluate")]
        case .evaluateLink(let token): [.fixed("evaluate"), .value(parameter: "token", token)]
        case .signIn: [.fixed("signin")]
        case .secondFactor: [.fixed("signin"), .fixed("second-factor")]
        case .newPassword: [.fixed("signin"), .fixed("new-password")]
        case .signOut: [.fixed("signout")]
        case .account: [.fixed("account")]
        case .accountPassword: [.fixed("account"), .fixed("password")]
        case .language: [.fixed("language")]
        case .stylesheet: [.fixed("assets"), .fixed("app.css")]
        case .matters: [.fixed("matters")]
        case .newMatter: [.fixed("matters"), .fixed("new")]
        case .matter(let matter): [.fixed("matters"), id("matterID", matter)]
        case .matterAction(let matter, let action): [.fixed("matters"), id("matterID", matter), .value(parameter: "action", action.rawValue)]
        case .revealComplainant(let matter, let complainant):
            [.fixed("matters"), id("matterID", matter), .fixed("complainants"), id("complainantID", complainant), .fixed("reveal")]
        case .matterAppeals(let matter): [.fixed("matters"), id("matterID", matter), .fixed("appeals")]
        case .decideAppeal(let appeal): [.fixed("appeals"), id("appealID", appeal), .fixed("decide")]
        case .messages: [.fixed("messages")]
        case .message(let message): [.fixed("messages"), id("messageID", message)]
        case .answerMessage(let message): [.fixed("messages"), id("messageID", message), .fixed("answer")]
        case .escalateMessage(let message): [.fixed("messages"), id("messageID", message), .fixed("escalate")]
        case .reception: [.fixed("reception")]
        case .room(let room): [.fixed("reception"), .fixed("rooms"), id("roomID", room)]
        case .roomLog(let room): [.fixed("reception"), .fixed("rooms"), id("roomID", room), .fixed("log")]
        case .roomInspections(let room): [.fixed("reception"), .fixed("rooms"), id("roomID", room), .fixed("inspections")]
        case .escalateReceptionEntry(let entry): [.fixed("reception"), .fixed("log"), id("entryID", entry), .fixed("escalate")]
        case .engagement: [.fixed("engagement")]
        case .meetings: [.fixed("engagement"), .fixed("meetings")]
        case .meeting(let meeting): [.fixed("engagement"), .fixed("meetings"), id("meetingID", meeting)]
        case .meetingItems(let meeting): [.fixed("engagement"), .fixed("meetings"), id("meetingID", meeting), .fixed("items")]
        case .meetingMinutes(let meeting): [.fixed("engagement"), .fixed("meetings"), id("meetingID", meeting), .fixed("minutes")]
        case .resolveItem(let item): [.fixed("engagement"), .fixed("items"), id("itemID", item), .fixed("resolve")]
        case .itemMatter(let item): [.fixed("engagement"), .fixed("items"), id("itemID", item), .fixed("matter")]
        case .thinkTank: [.fixed("engagement"), .fixed("think-tank")]
        case .liaison: [.fixed("liaison")]
        case .liaisonContacts: [.fixed("liaison"), .fixed("contacts")]
        case .contactVisits(let contact): [.fixed("liaison"), .fixed("contacts"), id("contactID", contact), .fixed("visits")]
        case .liaisonItemMatter(let item): [.fixed("liaison"), .fixed("items"), id("itemID", item), .fixed("matter")]
        case .barometer: [.fixed("barometer")]
        case .barometerExport: [.fixed("barometer"), .fixed("export")]
        case .callbacks: [.fixed("callbacks")]
        case .callbackPhone(let matter, let complainant):
            [.fixed("callbacks"), id("matterID", matter), .fixed("complainants"), id("complainantID", complainant), .fixed("phone")]
        case .callbackCall(let matter, let complainant):
            [.fixed("callbacks"), id("matterID", matter), .fixed("complainants"), id("complainantID", complainant), .fixed("calls")]
        case .recheckPhone(let recheck): [.fixed("callbacks"), .fixed("rechecks"), id("recheckID", recheck), .fixed("phone")]
        case .recheckCall(let recheck): [.fixed("callbacks"), .fixed("rechecks"), id("recheckID", recheck), .fixed("calls")]
        case .appealDecision(let evaluation): [.fixed("callbacks"), .fixed("evaluations"), id("evaluationID", evaluation), .fixed("decision")]
        case .serviceDesk: [.fixed("service-desk")]
        case .serveAppointment(let appointment): [.fixed("service-desk"), .fixed("appointments"), id("appointmentID", appointment), .fixed("served")]
        case .rectificationPhone(let task): [.fixed("service-desk"), .fixed("rectifications"), id("taskID", task), .fixed("phone")]
        case .rectificationCallback(let task): [.fixed("service-desk"), .fixed("rectifications"), id("taskID", task), .fixed("callback")]
        case .rectificationRectify(let task): [.fixed("service-desk"), .fixed("rectifications"), id("taskID", task), .fixed("rectify")]
        case .evaluationAppeal(let evaluation): [.fixed("service-desk"), .fixed("evaluations"), id("evaluationID", evaluation), .fixed("appeal")]
        }
    }

    /// Where a signed-in officer starts: the call-back office has its own desk, everyone else the ledgers.
    static func start(for role: Role) -> Page { role == .callbackOfficer ? .callbacks : .matters }

    /// The path to link to, each value percent-encoded as a path segment.
    var path: String {
        "/" + segments.map { segment in
            switch segment {
            case .fixed(let text): text
            case .value(_, let value): value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? value
            }
        }.joined(separator: "/")
    }

    /// The route to register, with a named parameter where the path has a value.
    var pattern: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .fixed(let text): .constant(text)
            case .value(let parameter, _): .parameter(parameter)
            }
        }
    }
}

extension RoutesBuilder {
    @discardableResult
    func get(_ page: Page, use closure: @escaping @Sendable (Request) async throws -> some AsyncResponseEncodable) -> Route {
        get(page.pattern, use: closure)
    }

    @discardableResult
    func post(_ page: Page, use closure: @escaping @Sendable (Request) async throws -> some AsyncResponseEncodable) -> Route {
        post(page.pattern, use: closure)
    }
}
