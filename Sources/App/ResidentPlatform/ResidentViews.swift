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
        return Layout.page(t(.portalName), context, .p(.text(t(.portalIntro))),
            .ul(.class("tiles"),
                .forEach(MessageKind.allCases) { kind in .li(.a(.href(Page.ask.path + "?kind=\(kind.rawValue)"), .text(t(.messageKind(kind))))) },
                .li(.a(.href(Page.track.path), .text(t(.portalTrack)))),
                .li(.a(.href(Page.services.path), .text(t(.portalServices)))),
                .li(.a(.href(Page.evaluate.path), .text(t(.evaluateTitle)))),
                .li(.a(.href(Page.board.path), .text(t(.portalBoard)))),
                .li(.a(.href(Page.signIn.path), .text(t(.portalStaff))))))
    }

    static func form(_ draft: Draft, districts: [Unit], context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.portalAsk), context, status: status, error: error, content: [
            .form(.id("message-form"), .action(Page.ask.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  Controls.select("kind", label: t(.messageKind), options: MessageKind.allCases.map { ($0.rawValue, t(.messageKind($0))) },
                                  selected: draft.kind, id: "kind"),
                  .label(.for("content"), .text(t(.messageContent))),
                  .textarea(.name("content"), .id("content"), .rows(5), .required(true), .text(draft.content)),
                  .p(.small(.text(t(.messageContactNote)))),
                  Controls.select("districtId", label: t(.messageDistrict), options: districts.map { (String($0.id!), $0.name) },
                                  selected: draft.districtId.isEmpty ? nil : draft.districtId, emptyOption: "—", id: "districtId"),
                  field("place", t(.messagePlace), draft.place),
                  field("name", t(.fieldName), draft.name),
                  field("phone", t(.fieldPhone), draft.phone, type: .tel),
                  field("idNumber", t(.fieldIdNumber), draft.idNumber),
                  .input(.type(.hidden), .name("language"), .value(context.language.rawValue)),
                  .button(.type(.submit), .id("message-submit"), .text(t(.messageSubmit))))
        ])
    }

    static func receipt(code: String, context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t(.messageReceipt), context,
                           .p(.class("code"), .id("tracking-code"), .text(code)),
                           .p(.text(t(.messageKeepCode))),
                           .p(.a(.href(Page.track.path), .text(t(.portalTrack)))))
    }

    static func trackForm(_ context: Layout.Context, code: String = "", error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.portalTrack), context, status: status, error: error, content: [lookupForm(context, code: code)])
    }

    private static func lookupForm(_ context: Layout.Context, code: String) -> Node<HTML.BodyContext> {
        let t = context.language
        return .form(.id("track-form"), .action(Page.track.path), .method(.post),
                     Layout.csrfField(context.csrf),
                     field("trackingCode", t(.trackCode), code),
                     .label(.for("phoneLast4"), .text(t(.trackLast4))),
                     .input(.type(.text), .name("phoneLast4"), .id("phoneLast4"), .attribute(named: "inputmode", value: "numeric"),
                            .attribute(named: "maxlength", value: "4"), .attribute(named: "autocomplete", value: "off")),
                     .button(.type(.submit), .id("track-submit"), .text(t(.trackSubmit))))
    }

    /// The one status a resident sees, every reply, and the rating form when a rating is due.
    static func status(_ view: MessageService.ResidentView, phoneLast4: String, context: Layout.Context, error: String? = nil,
                       status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.portalTrack), context, status: status, error: error, content: [
            .dl(.class("facts"),
                .dt(.text(t(.trackCode))), .dd(.text(view.trackingCode)),
                .unwrap(view.kind) { kind in .group(.dt(.text(t(.messageKind))), .dd(.text(t(.messageKind(kind))))) },
                .unwrap(view.reference) { reference in .group(.dt(.text(t(.rateLinkReference))), .dd(.id("matter-reference"), .text(reference))) },
                .dt(.text(t(.trackStatus))),
                .dd(.span(.id("resident-status"), .data(named: "status", value: view.status.rawValue), .text(t(.residentStatus(view.status)))))),
            .p(.class("details"), .text(view.content)),
            .h2(.text(t(.trackReplies))),
            view.replies.isEmpty ? .p(.text(t(.matterNone))) :
                .ol(.id("replies"), .forEach(view.replies) { reply in
                    .li(.p(.text(reply.text)),
                        .unwrap(reply.rating) { rating in .p(.small(.text(t(.trackRated) + ": " + t.rating(rating) + (reply.ratingComment.map { " · \($0)" } ?? "")))) })
                }),
            .if(view.canRate, .group(
                .h2(.text(t(.trackRate))),
                .form(.id("rate-form"), .action(Page.trackRate.path), .method(.post),
                      Layout.csrfField(context.csrf),
                      .input(.type(.hidden), .name("trackingCode"), .value(Safe.attribute(view.trackingCode))),
                      .input(.type(.hidden), .name("phoneLast4"), .value(Safe.attribute(phoneLast4))),
                      Controls.select("rating", label: t(.fieldRating), options: Satisfaction.allCases.map { ($0.rawValue, t.rating($0)) }, id: "rating"),
                      field("comment", t(.fieldComment), ""),
                      .button(.type(.submit), .id("rate-submit"), .text(t(.trackRate)))))),
        ])
    }

    static func board(_ board: PublicBoard, services: ServiceFigures.Report, filters: PublicBoard.Filters, districts: [Unit],
                      context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t(.boardTitle), context, status: .ok, content: [
            .form(.id("board-filters"), .class("filters"), .action(Page.board.path), .method(.get),
                  Controls.select("district", label: t(.messageDistrict), options: districts.map { (String($0.id!), $0.name) },
                                  selected: filters.districtID.map(String.init), emptyOption: t(.listAll), id: "district"),
                  Controls.select("ledger", label: t(.fieldLedger), options: Ledger.allCases.map { ($0.rawValue, t.ledger($0)) },
                                  selected: filters.ledger?.rawValue, emptyOption: t(.listAll), id: "ledger"),
                  .label(.for("month"), .text(t(.boardMonth))),
                  .input(.type(.text), .name("month"), .id("month"), .placeholder("2023-06"), .value(Safe.attribute(filters.monthText ?? ""))),
                  .button(.type(.submit), .text(t(.listFilter)))),
            board.items.isEmpty ? .p(.class("empty"), .text(t(.boardEmpty))) :
                .div(.id("board"), .forEach(board.items) { entry in
                    .section(.class("entry"),
                             .h3(.text("\(t.ledger(entry.ledger)) · \(entry.district) · \(entry.closedOn)")),
                             .p(.strong(.text(t(.boardAsked) + ": ")), .text(entry.asked)),
                             .p(.strong(.text(t(.boardDone) + ": ")), .text(entry.done)),
                             .p(.small(.text("\(t(.boardDays)): \(entry.daysTaken) · \(t(.boardSatisfaction)): "
                                             + "\(t(.ratingSatisfied)) \(entry.satisfied) · \(t(.ratingBasicallySatisfied)) \(entry.basicallySatisfied)"
                                             + " · \(t(.ratingDissatisfied)) \(entry.dissatisfied)"))))
                }),
            .unwrap(board.nextCursor) { cursor in
                .p(.a(.id("next-page"), .href(Safe.attribute(nextLink(filters, cursor: cursor))), .text(t(.listNext))))
            },
            ServiceViews.ratings(services, t: t),
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
