import Plot
import Vapor

/// The one page shell of the staff pages: header, language switch, content.
enum Layout {
    struct Context {
        let language: PageLanguage
        let who: SignedIn?
        let csrf: String?
        let path: String
    }

    static func page(_ title: String, _ context: Context, error: String? = nil, _ content: Node<HTML.BodyContext>...) -> Response {
        page(title, context, status: .ok, error: error, content: content)
    }

    static func page(_ title: String, _ context: Context, status: HTTPResponseStatus, error: String? = nil, content: [Node<HTML.BodyContext>]) -> Response {
        let t = context.language
        let html = HTML(
            .head(
                .encoding(.utf8),
                .element(named: "title", text: "\(title) · \(t(.appName))"),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .stylesheet(Page.stylesheet.path)
            ),
            .body(
                .header(
                    .class("bar"),
                    .a(.class("brand"), .href(context.who == nil ? Page.home.path : Page.matters.path), .text(context.who == nil ? t(.portalName) : t(.appName))),
                    .if(context.who == nil, .group(
                        .a(.href(Page.ask.path), .text(t(.portalAsk))),
                        .a(.href(Page.track.path), .text(t(.portalTrack))),
                        .a(.href(Page.services.path), .text(t(.portalServices))),
                        .a(.href(Page.board.path), .text(t(.portalBoard)))
                    )),
                    .unwrap(context.who) { who in
                        who.role == .callbackOfficer ? .group(
                            // The call-back office works only its desk: no ledger, no registering.
                            .a(.href(Page.callbacks.path), .id("nav-callbacks"), .text(t(.navCallbacks))),
                            .a(.href(Page.account.path), .class("who"), .id("nav-account"), .text("\(who.displayName) · \(who.unitName)"))
                        ) : .group(
                            .a(.href(Page.matters.path), .text(t(.navLedgers))),
                            .a(.href(Page.messages.path), .id("nav-messages"), .text(t(.navMessages))),
                            .a(.href(Page.reception.path), .id("nav-reception"), .text(t(.navReception))),
                            .a(.href(Page.barometer.path), .id("nav-barometer"), .text(t(.navBarometer))),
                            .a(.href(Page.engagement.path), .id("nav-engagement"), .text(t(.navEngagement))),
                            .a(.href(Page.liaison.path), .id("nav-liaison"), .text(t(.navLiaison))),
                            .a(.href(Page.serviceDesk.path), .id("nav-service-desk"), .text(t(.navServiceDesk))),
                            .a(.href(Page.newMatter.path), .id("nav-new"), .text(t(.navNew))),
                            .a(.href(Page.account.path), .class("who"), .id("nav-account"), .text("\(who.displayName) · \(who.unitName)"))
                        )
                    },
                    .a(.href(Page.language.path + "?set=\(context.language == .zh ? "en" : "zh")&back=\(Safe.attribute(context.path))"),
                       .id("language-switch"), .text(t(.navLanguage))),
                    .unwrap(context.who) { _ in
                        .form(.class("inline"), .action(Page.signOut.path), .method(.post),
                              Layout.csrfField(context.csrf),
                              .button(.type(.submit), .id("signout"), .text(t(.navSignout))))
                    }
                ),
                .main(
                    .h1(.text(title)),
                    .unwrap(error) { message in .p(.class("error"), .id("error"), .attribute(named: "role", value: "alert"), .text(message)) },
                    .group(content)
                )
            )
        )
        let body = "<!DOCTYPE html>" + html.render().replacingOccurrences(of: "<!DOCTYPE html><html>", with: "<html lang=\"\(context.language.htmlCode)\">")
        return Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: body))
    }

    static func csrfField(_ token: String?) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name("csrf"), .value(Safe.attribute(token ?? "")))
    }

    static func context(_ req: Request) -> Context {
        let who = req.auth.get(SignedIn.self)
        return Context(language: PageLanguage.of(req), who: who, csrf: req.staffSession?.csrfToken ?? who?.csrfToken, path: req.url.path)
    }
}

/// Form controls shared by the pages.
enum Controls {
    /// A `<select>` whose options show text a person can read; values and labels are escaped.
    static func select<Context>(_ name: String, label: String, options: [(value: String, label: String)], selected: String? = nil,
                                emptyOption: String? = nil, id: String? = nil) -> Node<Context> where Context: HTML.BodyContext {
        var nodes: [Node<HTML.SelectContext>] = [.attribute(named: "name", value: name), .attribute(named: "id", value: id)]
        if let emptyOption { nodes.append(option("", emptyOption, selected: selected == nil)) }
        else { nodes.append(.attribute(named: "required", value: "required")) }
        nodes += options.map { option($0.value, $0.label, selected: $0.value == selected) }
        return .label(.text(label), .element(named: "select", nodes: nodes))
    }

    static func option(_ value: String, _ label: String, selected: Bool) -> Node<HTML.SelectContext> {
        .element(named: "option", nodes: [
            .attribute(named: "value", value: Safe.attribute(value), ignoreIfValueIsEmpty: false),
            .attribute(named: "selected", value: selected ? "selected" : nil),
            .text(label),
        ])
    }
}

/// Plot escapes text but not attribute values; every value that may hold what a person typed
/// goes through here.
enum Safe {
    static func attribute(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text for an XML document (SVG, XLSX parts, Open311 XML): escaped as for an attribute,
    /// after dropping what XML 1.0 cannot carry.
    static func xml(_ value: String) -> String { attribute(xmlCharacters(value)) }

    /// Keeps tab, newline and the characters XML 1.0 allows: a stray NUL or ESC from pasted
    /// text would make a whole document unreadable.
    static func xmlCharacters(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.filter {
            $0 == "\t" || $0 == "\n" || ($0.value >= 0x20 && $0.value != 0xFFFE && $0.value != 0xFFFF)
        }))
    }
}

/// The page shown for an error when a person, not a script, made the request.
struct ErrorPage {
    let problem: Problem
    let language: PageLanguage

    func render() -> String {
        let html = HTML(
            .head(.encoding(.utf8), .element(named: "title", text: language(.errorTitle)), .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                  .stylesheet(Page.stylesheet.path)),
            .body(.main(
                .h1(.text(language(.errorTitle))),
                .p(.class("error"), .id("error"), .text(problem.detail)),
                .p(.a(.href(Page.matters.path), .text(language(.errorBack))))
            ))
        )
        return html.render().replacingOccurrences(of: "<!DOCTYPE html><html>", with: "<!DOCTYPE html><html lang=\"\(language.htmlCode)\">")
    }
}
