import Foundation
import LedgerCore
import Plot
import Vapor

/// The resident platform's pages (心连心): mobile first, no JavaScript.
enum ResidentViews {
    struct Draft {
        var kind = MessageKind.consultation.rawValue, content = "", districtId = "", place = ""
        var name = "", phone = "", idNumber = ""
    }

    static func home(_ context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t("portal.name"), context, .p(.text(t("portal.intro"))),
            .ul(.class("tiles"),
                .forEach(MessageKind.allCases) { kind in .li(.a(.href(Page.ask.path + "?kind=\(kind.rawValue)"), .text(t("kind.\(kind.rawValue)")))) },
                .li(.a(.href(Page.track.path), .text(t("portal.track")))),
                .li(.a(.href(Page.services.path), .text(t("portal.services")))),
                .li(.a(.href(Page.board.path), .text(t("portal.board")))),
                .li(.a(.href(Page.signIn.path), .text(t("portal.staff"))))))
    }

    static func form(_ draft: Draft, districts: [Unit], context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t("portal.ask"), context, status: status, error: error, content: [
            .form(.id("message-form"), .action(Page.ask.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  Controls.select("kind", label: t("message.kind"), options: MessageKind.allCases.map { ($0.rawValue, t("kind.\($0.rawValue)")) },
                                  selected: draft.kind, id: "kind"),
                  .label(.for("content"), .text(t("message.content"))),
                  .textarea(.name("content"), .id("content"), .rows(5), .required(true), .text(draft.content)),
                  .p(.small(.text(t("message.contactNote")))),
                  Controls.select("districtId", label: t("message.district"), options: districts.map { (String($0.id!), $0.name) },
                                  selected: draft.districtId.isEmpty ? nil : draft.districtId, emptyOption: "—", id: "districtId"),
                  field("place", t("message.place"), draft.place),
                  field("name", t("field.name"), draft.name),
                  field("phone", t("field.phone"), draft.phone, type: .tel),
                  field("idNumber", t("field.idNumber"), draft.idNumber),
                  .input(.type(.hidden), .name("language"), .value(context.language.rawValue)),
                  .button(.type(.submit), .id("message-submit"), .text(t("message.submit"))))
        ])
    }

    static func receipt(code: String, context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t("message.receipt"), context,
                           .p(.class("code"), .id("tracking-code"), .text(code)),
                           .p(.text(t("message.keepCode"))),
                           .p(.a(.href(Page.track.path), .text(t("portal.track")))))
    }

    static func trackForm(_ context: Layout.Context, code: String = "", error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t("portal.track"), context, status: status, error: error, content: [lookupForm(context, code: code)])
    }

    private static func lookupForm(_ context: Layout.Context, code: String) -> Node<HTML.BodyContext> {
        let t = context.language
        return .form(.id("track-form"), .action(Page.track.path), .method(.post),
                     Layout.csrfField(context.csrf),
                     field("trackingCode", t("track.code"), code),
                     .label(.for("phoneLast4"), .text(t("track.last4"))),
                     .input(.type(.text), .name("phoneLast4"), .id("phoneLast4"), .attribute(named: "inputmode", value: "numeric"),
                            .attribute(named: "maxlength", value: "4"), .attribute(named: "autocomplete", value: "off")),
                     .button(.type(.submit), .id("track-submit"), .text(t("track.submit"))))
    }

    /// The one status a resident sees, every reply, and the rating form when a rating is due.
    static func status(_ view: MessageService.ResidentView, phoneLast4: String, context: Layout.Context, error: String? = nil,
                       status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t("portal.track"), context, status: status, error: error, content: [
            .dl(.class("facts"),
                .dt(.text(t("track.code"))), .dd(.text(view.trackingCode)),
                .dt(.text(t("message.kind"))), .dd(.text(t("kind.\(view.kind.rawValue)"))),
                .dt(.text(t("track.status"))),
                .dd(.span(.id("resident-status"), .data(named: "status", value: view.status.rawValue), .text(t("resident.\(view.status.rawValue)"))))),
            .p(.class("details"), .text(view.content)),
            .h2(.text(t("track.replies"))),
            view.replies.isEmpty ? .p(.text(t("matter.none"))) :
                .ol(.id("replies"), .forEach(view.replies) { reply in
                    .li(.p(.text(reply.text)),
                        .unwrap(reply.rating) { rating in .p(.small(.text(t("track.rated") + ": " + t.rating(rating) + (reply.ratingComment.map { " · \($0)" } ?? "")))) })
                }),
            .if(view.canRate, .group(
                .h2(.text(t("track.rate"))),
                .form(.id("rate-form"), .action(Page.trackRate.path), .method(.post),
                      Layout.csrfField(context.csrf),
                      .input(.type(.hidden), .name("trackingCode"), .value(Safe.attribute(view.trackingCode))),
                      .input(.type(.hidden), .name("phoneLast4"), .value(Safe.attribute(phoneLast4))),
                      Controls.select("rating", label: t("field.rating"), options: Satisfaction.allCases.map { ($0.rawValue, t.rating($0)) }, id: "rating"),
                      field("comment", t("field.comment"), ""),
                      .button(.type(.submit), .id("rate-submit"), .text(t("track.rate")))))),
        ])
    }

    static func board(_ board: PublicBoard, filters: PublicBoard.Filters, districts: [Unit], context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t("board.title"), context, status: .ok, content: [
            .form(.id("board-filters"), .class("filters"), .action(Page.board.path), .method(.get),
                  Controls.select("district", label: t("message.district"), options: districts.map { (String($0.id!), $0.name) },
                                  selected: filters.districtID.map(String.init), emptyOption: t("list.all"), id: "district"),
                  Controls.select("ledger", label: t("field.ledger"), options: Ledger.allCases.map { ($0.rawValue, t.ledger($0)) },
                                  selected: filters.ledger?.rawValue, emptyOption: t("list.all"), id: "ledger"),
                  .label(.for("month"), .text(t("board.month"))),
                  .input(.type(.text), .name("month"), .id("month"), .placeholder("2023-06"), .value(Safe.attribute(filters.monthText ?? ""))),
                  .button(.type(.submit), .text(t("list.filter")))),
            board.items.isEmpty ? .p(.class("empty"), .text(t("board.empty"))) :
                .div(.id("board"), .forEach(board.items) { entry in
                    .section(.class("entry"),
                             .h3(.text("\(t.ledger(entry.ledger)) · \(entry.district) · \(entry.closedOn)")),
                             .p(.strong(.text(t("board.asked") + ": ")), .text(entry.asked)),
                             .p(.strong(.text(t("board.done") + ": ")), .text(entry.done)),
                             .p(.small(.text("\(t("board.days")): \(entry.daysTaken) · \(t("board.satisfaction")): "
                                             + "\(t("rating.satisfied")) \(entry.satisfied) · \(t("rating.basicallySatisfied")) \(entry.basicallySatisfied)"
                                             + " · \(t("rating.dissatisfied")) \(entry.dissatisfied)"))))
                }),
            .unwrap(board.nextCursor) { cursor in
                .p(.a(.id("next-page"), .href(Safe.attribute(nextLink(filters, cursor: cursor))), .text(t("list.next"))))
            },
        ])
    }

    static func nextLink(_ filters: PublicBoard.Filters, cursor: String) -> String {
        var components = URLComponents()
        components.path = Page.board.path
        components.queryItems = [URLQueryItem(name: "cursor", value: cursor)]
            + [filters.districtID.map { URLQueryItem(name: "district", value: String($0)) },
               filters.ledger.map { URLQueryItem(name: "ledger", value: $0.rawValue) },
               filters.monthText.map { URLQueryItem(name: "month", value: $0) }].compactMap { $0 }
        return components.string ?? Page.board.path
    }

    static func field(_ name: String, _ label: String, _ value: String, type: HTMLInputType = .text) -> Node<HTML.FormContext> {
        .group(.label(.for(name), .text(label)),
               .input(.type(type), .name(name), .id(name), .value(Safe.attribute(value)), .attribute(named: "autocomplete", value: "off")))
    }
}
