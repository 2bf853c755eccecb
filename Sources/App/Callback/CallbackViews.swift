import Foundation
import LedgerCore
import Plot
import Vapor

/// The call-back office's desk: two lists, each row with the masked number, a button to see
/// it in full for the call, and the form for what the resident said.
enum CallbackViews {
    /// The one number shown in full on this page, after its audited reveal.
    enum Revealed: Equatable {
        case reply(matterID: Int, complainantID: Int, phone: String)
        case recheck(id: Int, phone: String)
    }

    static func desk(queue: [CallbackService.QueueItem], rechecks: [RecheckService.Waiting], appeals: [EvaluationStore.Evaluation], revealed: Revealed?,
                     context: Layout.Context, error: String?, status: HTTPResponseStatus) -> Response {
        let t = context.language
        return Layout.page(t(.callbackDeskTitle), context, status: status, error: error, content: [
            .h2(.text(t(.callbackQueueHeading))),
            .p(.class("hint"), .text(t(.callbackQueueHint))),
            queue.isEmpty ? .p(.id("queue-empty"), .text(t(.matterNone))) :
                .table(.id("callback-queue"),
                       .tr(.th(.text(t(.rateLinkReference))), .th(.text(t(.fieldReply))), .th(.text(t(.fieldPhone))), .th(.text(t(.callbackCalls))),
                           .th(.text(t(.callbackRecord)))),
                       .forEach(queue) { item in
                           let shown: String? = if case .reply(item.matterId, item.complainantId, let phone)? = revealed { phone } else { nil }
                           return .tr(.class("queue-item"), .id("queue-\(item.matterId)-\(item.complainantId)"),
                               .td(.text(item.reference), .br(), .small(.text(Format.minute(item.repliedAt)))),
                               .td(.text(item.reply)),
                               .td(phone(shown, masked: item.phone, reveal: Page.callbackPhone(item.matterId, complainant: item.complainantId), context)),
                               .td(.text(String(item.calls))),
                               .td(callForm(Page.callbackCall(item.matterId, complainant: item.complainantId),
                                            answer: Controls.select("rating", label: t(.fieldRating),
                                                                    options: Satisfaction.allCases.map { ($0.rawValue, t.rating($0)) }, emptyOption: "—"),
                                            context)))
                       }),
            .h2(.text(t(.recheckHeading))),
            .p(.class("hint"), .text(t(.recheckHint))),
            rechecks.isEmpty ? .p(.id("rechecks-empty"), .text(t(.matterNone))) :
                .table(.id("callback-rechecks"),
                       .tr(.th(.text(t(.rateLinkReference))), .th(.text(t(.fieldReply))), .th(.text(t(.fieldPhone))), .th(.text(t(.callbackCalls))),
                           .th(.text(t(.callbackRecord)))),
                       .forEach(rechecks) { item in
                           let shown: String? = if case .recheck(item.id, let phone)? = revealed { phone } else { nil }
                           return .tr(.class("recheck-item"), .id("recheck-\(item.id)"),
                               .td(.text(item.reference), .br(), .small(.text(Format.minute(item.closedAt) + " · " + t.rating(item.rating)))),
                               .td(.text(item.reply ?? "—")),
                               .td(phone(shown, masked: item.phone, reveal: Page.recheckPhone(item.id), context)),
                               .td(.text(String(item.calls))),
                               .td(callForm(Page.recheckCall(item.id),
                                            answer: Controls.select("verdict", label: t(.recheckVerdict),
                                                                    options: RecheckVerdict.allCases.map { ($0.rawValue, t(.recheckVerdict($0))) }, emptyOption: "—"),
                                            context)))
                       }),
            .h2(.text(t(.appealsHeading))),
            .p(.class("hint"), .text(t(.appealsHint))),
            appeals.isEmpty ? .p(.id("appeals-empty"), .text(t(.matterNone))) :
                .table(.id("evaluation-appeals"),
                       .forEach(appeals) { rating in
                           .tr(.id("appeal-\(rating.id)"),
                               .td(.text(rating.serviceCode + " · " + Format.minute(rating.ratedAt))),
                               .td(.text(t(.serviceRating(rating.rating)) + " · " + rating.reasonList.map { t(.evaluationReason($0)) }.joined(separator: "、")),
                                   .br(), .small(.text(rating.comment))),
                               .td(.text(rating.appealReason ?? "")),
                               .td(.form(.class("call"), .action(Page.appealDecision(rating.id).path), .method(.post), Layout.csrfField(context.csrf),
                                         Controls.select("verdict", label: t(.ratingAppealDecide),
                                                         options: [("upheld", t(.appealUphold)), ("rejected", t(.appealReject))], emptyOption: "—"),
                                         .label(.text(t(.fieldNote)), .input(.type(.text), .name("note"), .required(true))),
                                         .button(.type(.submit), .text(t(.ratingAppealDecide))))))
                       }),
        ])
    }

    private static func phone(_ shown: String?, masked: String, reveal: Page, _ context: Layout.Context) -> Node<HTML.BodyContext> {
        if let shown { return .strong(.class("phone-revealed"), .text(shown)) }
        return .group(.text(masked),
                      .form(.class("inline"), .action(reveal.path), .method(.post), Layout.csrfField(context.csrf),
                            .button(.type(.submit), .class("reveal"), .text(context.language(.callbackReveal)))))
    }

    private static func callForm(_ page: Page, answer: Node<HTML.FormContext>, _ context: Layout.Context) -> Node<HTML.BodyContext> {
        let t = context.language
        return .form(.class("call"), .action(page.path), .method(.post), Layout.csrfField(context.csrf),
                     Controls.select("outcome", label: t(.callbackOutcome), options: CallOutcome.allCases.map { ($0.rawValue, t(.callOutcome($0))) }),
                     answer,
                     .label(.text(t(.fieldComment)), .input(.type(.text), .name("comment"))),
                     .label(.text(t(.fieldNote)), .input(.type(.text), .name("note"))),
                     .button(.type(.submit), .text(t(.callbackRecord))))
    }
}
