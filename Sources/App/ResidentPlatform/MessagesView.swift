import LedgerCore
import Plot
import Vapor

/// The staff desk for messages from the online platform.
enum MessagesView {
    static func list(_ page: API.MessagesController.Page, context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t(.deskTitle), context, status: .ok, content: [
            page.items.isEmpty ? .p(.class("empty"), .text(t(.deskEmpty))) :
                .table(.id("messages"),
                       .tr(.th(.text("#")), .th(.text(t(.messageKind))), .th(.text(t(.fieldStatus))), .th(.text(t(.messageContent)))),
                       .forEach(page.items) { item in
                           .tr(.data(named: "status", value: item.status.rawValue),
                               .td(.a(.class("message-link"), .href(Page.message(item.id).path), .text(String(item.id)))),
                               .td(.text(t(.messageKind(item.kind)))),
                               .td(.text(t(.messageStatus(item.status)))),
                               .td(.text(String(item.content.prefix(80)))))
                       }),
            .unwrap(page.nextCursor) { .p(.a(.href(Page.messages.path + "?cursor=\($0)"), .text(t(.listNext)))) },
        ])
    }

    static func show(_ message: API.MessagesController.MessageDTO, units: [Unit], context: Layout.Context,
                     error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page("\(t(.deskTitle)) #\(message.id)", context, status: status, error: error, content: [
            .dl(.class("facts"),
                .dt(.text(t(.messageKind))), .dd(.text(t(.messageKind(message.kind)))),
                .dt(.text(t(.fieldStatus))),
                .dd(.span(.id("message-status"), .data(named: "status", value: message.status.rawValue), .text(t(.messageStatus(message.status))))),
                .dt(.text(t(.fieldName))), .dd(.text(message.name ?? "—")),
                .dt(.text(t(.fieldPhone))), .dd(.text(message.phone ?? "—")),
                .dt(.text(t(.messagePlace))), .dd(.text(message.place ?? "—")),
                .unwrap(message.matterId) { id in .group(.dt(.text(t(.deskMatter))), .dd(.a(.id("matter-link"), .href(Page.matter(id).path), .text("#\(id)")))) }),
            .p(.class("details"), .text(message.content)),
            .unwrap(message.answer) { .group(.h2(.text(t(.fieldReply))), .p(.id("answer"), .text($0))) },
            .if(message.status == .received, .div(.class("actions"),
                .form(.class("action action-answer"), .action(Page.answerMessage(message.id).path), .method(.post),
                      Layout.csrfField(context.csrf),
                      .label(.text(t(.deskAnswer)), .textarea(.name("answer"), .rows(4), .required(true))),
                      .button(.type(.submit), .name("submit"), .text(t(.deskAnswer)))),
                .form(.class("action action-escalate"), .action(Page.escalateMessage(message.id).path), .method(.post),
                      Layout.csrfField(context.csrf),
                      Controls.select("unitId", label: t(.deskOwningUnit), options: units.map { (String($0.id!), $0.name) }),
                      .label(.text(t(.fieldSummary)),
                             .input(.type(.text), .name("summary"), .required(true))),
                      .button(.type(.submit), .name("submit"), .text(t(.deskEscalate))))
            )),
        ])
    }
}
