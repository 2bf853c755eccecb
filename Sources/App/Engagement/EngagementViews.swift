import Foundation
import LedgerCore
import Plot
import Vapor

/// Staff pages for 进建商 and 联访解.
enum EngagementViews {
    typealias Meeting = API.EngagementController.MeetingDTO

    static func meetings(_ meetings: [Meeting], context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t("engagement.title"), context, status: status, error: error, content: [
            .p(.a(.href(Page.thinkTank.path), .text(t("engagement.thinkTank")))),
            .ul(.id("meetings"), .forEach(meetings) { meeting in
                .li(.a(.class("meeting-link"), .href(Page.meeting(meeting.id).path), .text("\(meeting.day) · \(t("topic.\(meeting.topic.rawValue)"))")),
                    .text(" · \(meeting.place) · \(t("engagement.participants")) \(meeting.participantTotal) · \(t("engagement.items")) \(meeting.items.count)"))
            }),
            .h2(.text(t("engagement.new"))),
            .form(.id("meeting-form"), .class("action"), .action(Page.meetings.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  ResidentViews.field("day", t("engagement.day"), Format.day(Date())),
                  ResidentViews.field("place", t("engagement.place"), ""),
                  Controls.select("topic", label: t("engagement.topic"), options: EngagementTopic.allCases.map { ($0.rawValue, t("topic.\($0.rawValue)")) }, id: "topic"),
                  .forEach(ParticipantKind.allCases) { kind in
                      .label(.text(t("participant.\(kind.rawValue)")),
                             .input(.type(.number), .name(kind.rawValue), .value("0"), .attribute(named: "min", value: "0")))
                  },
                  .button(.type(.submit), .id("meeting-submit"), .text(t("engagement.new")))),
        ])
    }

    static func meeting(_ meeting: Meeting, owners: [Officer], context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page("\(meeting.day) · \(t("topic.\(meeting.topic.rawValue)"))", context, status: status, error: error, content: [
            .dl(.class("facts"),
                .dt(.text(t("engagement.place"))), .dd(.text(meeting.place)),
                .forEach(ParticipantKind.allCases) { kind in
                    .group(.dt(.text(t("participant.\(kind.rawValue)"))), .dd(.text(String(meeting.participants[kind.rawValue] ?? 0))))
                }),
            .h2(.text(t("engagement.items"))),
            .ol(.id("items"), .forEach(meeting.items) { item in
                .li(.id("item-\(item.id)"), .strong(.text(item.title)),
                    .unwrap(item.resolution) { resolution in
                        .p(.text("\(t("engagement.resolution")): \(resolution) · \(t("engagement.plan")): \(item.plan ?? "") · \(t("engagement.due")): \(item.dueOn ?? "")"))
                    },
                    .unwrap(item.matterId) { id in
                        .p(.a(.class("matter-link"), .href(Page.matter(id).path), .text("#\(id)")), .text(" · " + (item.matterStatus.map { t.status($0) } ?? "")))
                    },
                    .if(item.resolution == nil, .form(.class("action action-resolve"), .action(Page.resolveItem(item.id).path + "?meeting=\(meeting.id)"), .method(.post),
                        Layout.csrfField(context.csrf),
                        .label(.text(t("engagement.resolution")), .textarea(.name("resolution"), .rows(2), .required(true))),
                        .label(.text(t("engagement.plan")), .textarea(.name("plan"), .rows(2), .required(true))),
                        Controls.select("ownerId", label: t("engagement.owner"), options: owners.map { (String($0.id!), $0.displayName) }),
                        ResidentViews.field("dueOn", t("engagement.due"), ""),
                        .button(.type(.submit), .name("submit"), .text(t("engagement.resolve"))))),
                    .if(item.matterId == nil, .form(.class("action action-item-matter"), .action(Page.itemMatter(item.id).path + "?meeting=\(meeting.id)"), .method(.post),
                        Layout.csrfField(context.csrf),
                        .label(.text(t("field.summary")), .input(.type(.text), .name("summary"), .required(true), .value(Safe.attribute(item.title)))),
                        .label(.text(t("field.name")), .input(.type(.text), .name("name"), .required(true))),
                        .label(.text(t("field.phone")), .input(.type(.tel), .name("phone"), .required(true))),
                        .button(.type(.submit), .name("submit"), .text(t("engagement.openMatter"))))))
            }),
            .form(.id("item-form"), .class("action"), .action(Page.meetingItems(meeting.id).path), .method(.post),
                  Layout.csrfField(context.csrf),
                  ResidentViews.field("title", t("engagement.addItem"), ""),
                  .button(.type(.submit), .id("item-submit"), .text(t("engagement.addItem")))),
            .h2(.text(t("engagement.minutes"))),
            .form(.id("minutes-form"), .action(Page.meetingMinutes(meeting.id).path), .method(.post),
                  Layout.csrfField(context.csrf),
                  .textarea(.name("minutes"), .id("minutes"), .rows(6), .text(meeting.minutes)),
                  .button(.type(.submit), .text(t("engagement.saveMinutes")))),
        ])
    }

    static func thinkTank(_ members: [API.EngagementController.MemberDTO], context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t("engagement.thinkTank"), context, status: status, error: error, content: [
            .table(.id("members"), .tr(.th(.text(t("field.name"))), .th(.text(t("engagement.expertise"))), .th(.text(t("engagement.appointed"))), .th(.text(t("engagement.termEnds")))),
                   .forEach(members) { .tr(.td(.text($0.name)), .td(.text($0.expertise)), .td(.text($0.appointedOn)), .td(.text($0.termEndsOn))) }),
            .form(.id("member-form"), .class("action"), .action(Page.thinkTank.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  ResidentViews.field("name", t("field.name"), ""),
                  ResidentViews.field("expertise", t("engagement.expertise"), ""),
                  ResidentViews.field("appointedOn", t("engagement.appointed"), ""),
                  ResidentViews.field("termEndsOn", t("engagement.termEnds"), ""),
                  .button(.type(.submit), .text(t("engagement.addMember")))),
        ])
    }

    static func liaison(_ contacts: [API.LiaisonController.ContactDTO], openItems: [LiaisonItem] = [], context: Layout.Context,
                        error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t("liaison.title"), context, status: status, error: error, content: [
            .if(!openItems.isEmpty, .group(
                .h2(.text(t("liaison.openItems"))),
                .ul(.id("open-items"), .forEach(openItems) { item in
                    .li(.id("liaison-item-\(item.id!)"), .text("\(item.day) · \(item.description)"),
                        .form(.class("action action-liaison-matter"), .action(Page.liaisonItemMatter(item.id!).path), .method(.post),
                              Layout.csrfField(context.csrf),
                              .label(.text(t("field.summary")), .input(.type(.text), .name("summary"), .required(true))),
                              .label(.text(t("field.name")), .input(.type(.text), .name("name"), .required(true))),
                              .label(.text(t("field.phone")), .input(.type(.tel), .name("phone"), .required(true))),
                              .button(.type(.submit), .name("submit"), .text(t("engagement.openMatter")))))
                }))),
            .ul(.id("contacts"), .forEach(contacts) { contact in
                .li(.id("contact-\(contact.id)"),
                    .strong(.text(contact.name)), .text(" · \(t("contact.\(contact.kind.rawValue)")) · \(contact.startedOn)\(contact.endedOn.map { "—\($0)" } ?? "")"),
                    .form(.class("inline-form action-visit"), .action(Page.contactVisits(contact.id).path), .method(.post),
                          Layout.csrfField(context.csrf),
                          ResidentViews.field("day", t("engagement.day"), Format.day(Date())),
                          Controls.select("mode", label: t("liaison.mode"), options: VisitMode.allCases.map { ($0.rawValue, t("mode.\($0.rawValue)")) }),
                          ResidentViews.field("notes", t("liaison.notes"), ""),
                          ResidentViews.field("description", t("liaison.description"), ""),
                          ResidentViews.field("solution", t("liaison.solution"), ""),
                          .button(.type(.submit), .name("submit"), .text(t("liaison.visit")))))
            }),
            .h2(.text(t("liaison.pair"))),
            .form(.id("pair-form"), .class("action"), .action(Page.liaisonContacts.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  Controls.select("kind", label: t("liaison.kind"), options: LiaisonContactKind.allCases.map { ($0.rawValue, t("contact.\($0.rawValue)")) }),
                  ResidentViews.field("name", t("liaison.name"), ""),
                  ResidentViews.field("startedOn", t("liaison.started"), Format.day(Date())),
                  .button(.type(.submit), .id("pair-submit"), .text(t("liaison.pair")))),
        ])
    }
}
