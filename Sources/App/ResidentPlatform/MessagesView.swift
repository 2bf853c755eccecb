import LedgerCore
import Plot
import Vapor

/// The staff desk for messages from the online platform.
enum MessagesView {
    static func list(_ page: API.MessagesController.Page, context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t("desk.title"), context, status: .ok, content: [
            page.items.isEmpty ? .p(.class("empty"), .text(t("desk.empty"))) :
                .table(.id("messages"),
                       .tr(.th(.text("#")), .th(.text(t("message.kind"))), .th(.text(t("field.status"))), .th(.text(t("message.content")))),
                       .forEach(page.items) { item in
                           .tr(.data(named: "status", value: item.status.rawValue),
                               .td(.a(.class("message-link"), .href(Page.message(item.id).path), .text(String(item.id)))),
                               .td(.text(t("kind.\(item.kind.rawValue)"))),
                               .td(.text(t("message.status.\(item.status.rawValue)"))),
                               .td(.text(String(item.content.prefix(80)))))
                       }),
            .unwrap(page.nextCursor) { .p(.a(.href(Page.messages.path + "?cursor=\($0)"), .text(t("list.next")))) },
        ])
    }

    static func show(_ message: API.MessagesController.MessageDTO, units: [Unit], context: Layout.Context,
                     error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page("\(t("desk.title")) #\(message.id)", context, status: status, error: error, content: [
            .dl(.class("facts"),
                .dt(.text(t("message.kind"))), .dd(.text(t("kind.\(message.kind.rawValue)"))),
                .dt(.text(t("field.status"))),
                .dd(.span(.id("message-status"), .data(named: "status", value: message.status.rawValue), .text(t("message.status.\(message.status.rawValue)")))),
                .dt(.text(t("field.name"))), .dd(.text(message.name ?? "—")),
                .dt(.text(t("field.phone"))), .dd(.text(message.phone ?? "—")),
                .dt(.text(t("message.place"))), .dd(.text(message.place ?? "—")),
                .unwrap(message.matterId) { id in .group(.dt(.text(t("desk.matter"))), .dd(.a(.id("matter-link"), .href(Page.matter(id).path), .text("#\(id)")))) }),
            .p(.class("details"), .text(message.content)),
            .unwrap(message.answer) { .group(.h2(.text(t("field.reply"))), .p(.id("answer"), .text($0))) },
            .if(message.status == .received, .div(.class("actions"),
                .form(.class("action action-answer"), .action(Page.answerMessage(message.id).path), .method(.post),
                      Layout.csrfField(context.csrf),
                      .label(.text(t("desk.answer")), .textarea(.name("answer"), .rows(4), .required(true))),
                      .button(.type(.submit), .name("submit"), .text(t("desk.answer")))),
                .form(.class("action action-escalate"), .action(Page.escalateMessage(message.id).path), .method(.post),
                      Layout.csrfField(context.csrf),
                      Controls.select("unitId", label: t("desk.owningUnit"), options: units.map { (String($0.id!), $0.name) }),
                      .label(.text(t("field.summary")),
                             .input(.type(.text), .name("summary"), .required(true))),
                      .button(.type(.submit), .name("submit"), .text(t("desk.escalate"))))
            )),
        ])
    }
}
