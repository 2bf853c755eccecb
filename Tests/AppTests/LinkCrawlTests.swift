@testable import App
import Foundation
import LedgerCore
import Testing
import Vapor

/// Page paths are one typed list (`Page`). This walks the pages as a resident and as officers of
/// each level and each role, following every link (GET) it finds, and checks every form's action
/// against the registered routes: no link and no form leads nowhere.
@Suite("Every link and form on every page leads to a route")
struct LinkCrawlTests {
    /// The `href`s and the forms' (method, action) of a page, same-site only.
    static func links(in html: String) -> (hrefs: [String], forms: [(method: String, action: String)]) {
        func unescape(_ text: Substring) -> String { String(text).replacingOccurrences(of: "&amp;", with: "&") }
        let hrefs = html.matches(of: /href="([^"]*)"/).map { unescape($0.output.1) }.filter { $0.hasPrefix("/") && !$0.hasPrefix("//") }
        let forms = html.matches(of: /<form([^>]*)>/).compactMap { match -> (String, String)? in
            let attributes = String(match.output.1)
            let action = attributes.firstMatch(of: /action="([^"]*)"/).map { unescape($0.output.1) } ?? ""
            let method = attributes.firstMatch(of: /method="([^"]*)"/).map { String($0.output.1).uppercased() } ?? "GET"
            return action.hasPrefix("/") ? (method, action) : nil
        }
        return (hrefs, forms)
    }

    /// Whether a route is registered for the method and path (parameters match any segment).
    static func routed(_ method: String, _ target: String, in app: Application) -> Bool {
        let path = target.split(separator: "#")[0].split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        return app.routes.all.contains { route in
            guard route.method.rawValue == method, route.path.count == segments.count || route.path.last == .catchall else { return false }
            return zip(route.path, segments).allSatisfy { component, segment in
                switch component {
                case .constant(let text): text == segment
                case .parameter, .anything, .catchall: true
                }
            }
        }
    }

    /// A path with its ids and codes folded, so the crawl visits a few of each kind of page.
    static func shape(_ path: String) -> String {
        String(path.split(separator: "?")[0]).replacing(/\/[0-9]+/, with: "/#").replacing(/\/services\/[^\/]+/, with: "/services/*")
    }

    @Test("residents and officers of every level follow every link and form without a 404, in the demo city's catalogue, halls and rooms")
    func noDeadLinks() async throws {
        try await withWorld { world in
            // The demo city's service catalogue, halls, windows, slots and a street and a community
            // room at every station (what `minyi seed` loads beside the unit tree), and something on
            // every other kind of page: a matter, a resident's message, a room's log, a meeting with an item.
            try await DemoServices.load(into: world.app)
            let matter = try await world.register()
            try await world.bringToReplied(matter)
            #expect(try await world.send(.POST, "/api/v1/public/messages", json: MessageTests.report(world)).status == .created)
            let room = try await world.send(.POST, "/api/v1/reception/rooms", as: "a-chief", json: [
                "name": "万科城暖心警务会客厅", "kind": "community", "stationId": world.stationA, "address": "长安区大学城万科城",
                "hours": "每日 9:00-21:00", "languages": ["en"], "modelSite": true]).json["id"] as? Int
            #expect(room != nil)
            _ = try await world.send(.POST, "/api/v1/reception/rooms/\(room ?? 0)/log", as: "a-officer", json: [
                "residentsServed": 2, "serviceKind": "disputeMediation", "summary": "邻里纠纷", "outcome": "已调解"])
            let meeting = try await world.send(.POST, "/api/v1/engagement/meetings", as: "a-chief", json: [
                "day": "2026-03-02", "place": "会议室", "topic": "campusSafety", "participants": ["residents": 10, "officers": 2]]).json["id"] as? Int
            _ = try await world.send(.POST, "/api/v1/engagement/meetings/\(meeting ?? 0)/items", as: "a-officer", json: ["title": "学校门口交通拥堵"])

            var visitors: [(name: String, cookie: String?)] = [("resident", nil)]
            for officer in ["a-chief", "a-officer", "d1-chief", "city-chief", "admin"] {
                visitors.append((officer, try await world.signInWithCookie(officer).cookie))
            }
            for visitor in visitors {
                var queue = visitor.cookie == nil ? ["/", "/services", "/board", "/track", "/ask", "/applications/track", "/signin"]
                                                  : ["/matters", "/matters/\(matter)", "/messages", "/reception", "/engagement", "/liaison", "/barometer", "/account"]
                var seen = Set(queue)
                var shapes: [String: Int] = [:]
                var pages = 0
                while !queue.isEmpty, pages < 400 {
                    let path = queue.removeFirst()
                    // Every kind of page, but at most four of a kind (four services, four rooms, ...).
                    shapes[Self.shape(path), default: 0] += 1
                    guard shapes[Self.shape(path)]! <= 4 else { continue }
                    let page = try await world.send(.GET, path, cookie: visitor.cookie)
                    pages += 1
                    #expect(page.status != .notFound && page.status.code < 500, "\(visitor.name): GET \(path) → \(page.status)")
                    guard page.headers.contentType?.subType == "html" else { continue }
                    let (hrefs, forms) = Self.links(in: page.text)
                    for form in forms {
                        #expect(Self.routed(form.method, form.action, in: world.app), "\(visitor.name): \(path) has a form to \(form.method) \(form.action), which no route takes")
                    }
                    // Links out of the pages (the export downloads, the sign-out) are checked as routes, not followed.
                    for href in hrefs where !seen.contains(href) {
                        seen.insert(href)
                        if href.hasPrefix("/barometer/export") || href.hasPrefix("/language") {
                            #expect(Self.routed("GET", href, in: world.app), "\(visitor.name): \(path) links to \(href), which no route takes")
                        } else {
                            queue.append(href)
                        }
                    }
                }
                #expect(pages > 3 && pages < 400, "\(visitor.name) reached \(pages) pages")
                // The demo catalogue's guides (more found than the four visited) and the station's demo rooms were reached.
                if visitor.name == "resident" {
                    #expect(shapes["/services/*"] ?? 0 > 4, "\(visitor.name): \(shapes)")
                }
                if visitor.name == "a-chief" { #expect(shapes["/reception/rooms/#"] ?? 0 >= 3, "\(visitor.name): \(shapes)") }
            }
        }
    }

    @Test("a path built from Page is the route registered for it; a value stays one segment")
    func pathsAreRouted() async throws {
        try await withWorld { world in
            let pages: [(String, Page)] = [("GET", .home), ("GET", .matter(7)), ("POST", .matterAction(7, .close)),
                                           ("POST", .revealComplainant(7, complainant: 9)), ("GET", .service("hukou-移入")), ("GET", .room(3))]
            for (method, page) in pages {
                #expect(Self.routed(method, page.path, in: world.app), "\(method) \(page.path)")
            }
        }
        #expect(Page.service("a/b").path == "/services/a%2Fb")
    }

    /// The text of the elements that are the pages' own words (headings, labels, buttons, table
    /// heads, terms, the menu), never what people typed or named.
    static func chromeTexts(in html: String) -> [String] {
        let body = html.replacing(/<style[\s\S]*?<\/style>/, with: "").replacing(/<select[\s\S]*?<\/select>/, with: "")
            .replacing(/<textarea[\s\S]*?<\/textarea>/, with: "")
        var texts = body.matches(of: /<(h2|th|dt|button|legend|label)\b[^>]*>([\s\S]*?)<\/\1>/).map { String($0.output.2) }
        // The menu: every link of the bar but the officer's own name and unit, and the switch to
        // Chinese, which is rightly written in Chinese.
        if let bar = body.firstMatch(of: /<header class="bar">([\s\S]*?)<\/header>/) {
            texts += String(bar.output.1).matches(of: /<a ([^>]*)>([^<]*)<\/a>/)
                .filter { !$0.output.1.contains("class=\"who\"") && !$0.output.1.contains("id=\"language-switch\"") }.map { String($0.output.2) }
        }
        return texts.map { $0.replacing(/<[^>]*>/, with: " ") }
    }

    @Test("in English the pages' own words are English and no phrase shows as a raw key, as a resident and as officers")
    func englishPagesHaveNoChineseOrRawKeys() async throws {
        try await withWorld { world in
            let matter = try await world.register()
            try await world.bringToReplied(matter)
            #expect(try await world.send(.POST, "/api/v1/public/messages", json: MessageTests.report(world)).status == .created)
            let english = "\(PageLanguage.cookieName)=en"
            var visitors: [(name: String, cookie: String)] = [("resident", english)]
            for officer in ["a-chief", "d1-chief", "admin"] {
                visitors.append((officer, "\(AuthService.cookieName)=\(try await world.signInWithCookie(officer).cookie); \(english)"))
            }
            for visitor in visitors {
                let start = visitor.name == "resident" ? ["/", "/ask", "/track", "/services", "/board", "/signin", "/applications/track"]
                                                       : ["/matters", "/matters/\(matter)", "/matters/new", "/messages", "/reception", "/engagement",
                                                          "/engagement/think-tank", "/liaison", "/barometer", "/account"]
                for path in start {
                    let page = try await world.send(.GET, path, headers: [("Cookie", visitor.cookie)])
                    // An administrator is refused the barometer: the refusal, too, is in English.
                    #expect(page.status == .ok || (visitor.name == "admin" && page.status == .forbidden), "\(visitor.name): \(path) → \(page.status)")
                    #expect(page.text.hasPrefix("<!DOCTYPE html><html lang=\"en\">"), "\(visitor.name): \(path) is not in English")
                    for text in Self.chromeTexts(in: page.text) {
                        // A Chinese term may stand in brackets beside its English, as 销号 does.
                        let outsideBrackets = text.replacing(/[(（][^)）]*[)）]/, with: "")
                        #expect(outsideBrackets.firstMatch(of: /[\u{3400}-\u{4DBF}\u{4E00}-\u{9FFF}]/) == nil, "\(visitor.name): \(path) shows Chinese in English: \(text)")
                    }
                    let visible = page.text.replacing(/<style[\s\S]*?<\/style>/, with: "").replacing(/<[^>]*>/, with: " ")
                    #expect(visible.firstMatch(of: /\b[a-z]+\.[a-z][A-Za-z]+\b/) == nil, "\(visitor.name): \(path) shows a raw key")
                }
            }
        }
    }
}
