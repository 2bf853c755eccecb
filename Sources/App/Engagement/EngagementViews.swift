import Foundation
import LedgerCore
import Plot
import Vapor

/// Staff pages for 进建商 and 联访解.
enum EngagementViews {
    typealias Meeting = API.EngagementController.MeetingDTO

    static func meetings(_ meetings: [Meeting], context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.engagementTitle), context, status: status, error: error, content: [
            .p(.a(.href(Page.thinkTank.path), .text(t(.engagementThinkTank)))),
            .ul(.id("meetings"), .forEach(meetings) { meeting in
                .li(.a(.class("meeting-link"), .href(Page.meeting(meeting.id).path), .text("\(meeting.day) · \(t(.engagementTopic(meeting.topic)))")),
                    .text(" · \(meeting.place) · \(t(.engagementParticipants)) \(meeting.participantTotal) · \(t(.engagementItems)) \(meeting.items.count)"))
            }),
            .h2(.text(t(.engagementNew))),
            .form(.id("meeting-form"), .class("action"), .action(Page.meetings.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  ResidentViews.field("day", t(.engagementDay), Format.day(Date())),
                  ResidentViews.field("place", t(.engagementPlace), ""),
                  Controls.select("topic", label: t(.engagementTopic), options: EngagementTopic.allCases.map { ($0.rawValue, t(.engagementTopic($0))) }, id: "topic"),
                  .forEach(ParticipantKind.allCases) { kind in
                      .label(.text(t(.participant(kind))),
                             .input(.type(.number), .name(kind.rawValue), .value("0"), .attribute(named: "min", value: "0")))
                  },
                  .button(.type(.submit), .id("meeting-submit"), .text(t(.engagementNew)))),
        ])
    }

    static func meeting(_ meeting: Meeting, owners: [Officer], context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page("\(meeting.day) · \(t(.engagementTopic(meeting.topic)))", context, status: status, error: error, content: [
            .dl(.class("facts"),
                .dt(.text(t(.engagementPlace))), .dd(.text(meeting.place)),
                .forEach(ParticipantKind.allCases) { kind in
                    .group(.dt(.text(t(.participant(kind)))), .dd(.text(String(meeting.participants[kind.rawValue] ?? 0))))
                }),
            .h2(.text(t(.engagementItems))),
            .ol(.id("items"), .forEach(meeting.items) { item in
                .li(.id("item-\(item.id)"), .strong(.text(item.title)),
                    .unwrap(item.resolution) { resolution in
                        .p(.text("\(t(.engagementResolution)): \(resolution) · \(t(.engagementPlan)): \(item.plan ?? "") · \(t(.engagementDue)): \(item.dueOn ?? "")"))
                    },
                    .unwrap(item.matterId) { id in
                        .p(.a(.class("matter-link"), .href(Page.matter(id).path), .text("#\(id)")), .text(" · " + (item.matterStatus.map { t.status($0) } ?? "")))
                    },
                    .if(item.resolution == nil, .form(.class("action action-resolve"), .action(Page.resolveItem(item.id).path + "?meeting=\(meeting.id)"), .method(.post),
                        Layout.csrfField(context.csrf),
                        .label(.text(t(.engagementResolution)), .textarea(.name("resolution"), .rows(2), .required(true))),
                        .label(.text(t(.engagementPlan)), .textarea(.name("plan"), .rows(2), .required(true))),
                        Controls.select("ownerId", label: t(.engagementOwner), options: owners.map { (String($0.id!), $0.displayName) }),
                        ResidentViews.field("dueOn", t(.engagementDue), ""),
                        .button(.type(.submit), .name("submit"), .text(t(.engagementResolve))))),
                    .if(item.matterId == nil, .form(.class("action action-item-matter"), .action(Page.itemMatter(item.id).path + "?meeting=\(meeting.id)"), .method(.post),
                        Layout.csrfField(context.csrf),
                        .label(.text(t(.fieldSummary)), .input(.type(.text), .name("summary"), .required(true), .value(Safe.attribute(item.title)))),
                        .label(.text(t(.fieldName)), .input(.type(.text), .name("name"), .required(true))),
                        .label(.text(t(.fieldPhone)), .input(.type(.tel), .name("phone"), .required(true))),
                        .button(.type(.submit), .name("submit"), .text(t(.engagementOpenMatter))))))
            }),
            .form(.id("item-form"), .class("action"), .action(Page.meetingItems(meeting.id).path), .method(.post),
                  Layout.csrfField(context.csrf),
                  ResidentViews.field("title", t(.engagementAddItem), ""),
                  .button(.type(.submit), .id("item-submit"), .text(t(.engagementAddItem)))),
            .h2(.text(t(.engagementMinutes))),
            .form(.id("minutes-form"), .action(Page.meetingMinutes(meeting.id).path), .method(.post),
                  Layout.csrfField(context.csrf),
                  .textarea(.name("minutes"), .id("minutes"), .rows(6), .text(meeting.minutes)),
                  .button(.type(.submit), .text(t(.engagementSaveMinutes)))),
        ])
    }

    static func thinkTank(_ members: [API.EngagementController.MemberDTO], context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.engagementThinkTank), context, status: status, error: error, content: [
            .table(.id("members"), .tr(.th(.text(t(.fieldName))), .th(.text(t(.engagementExpertise))), .th(.text(t(.engagementAppointed))), .th(.text(t(.engagementTermEnds)))),
                   .forEach(members) { .tr(.td(.text($0.name)), .td(.text($0.expertise)), .td(.text($0.appointedOn)), .td(.text($0.termEndsOn))) }),
            .form(.id("member-form"), .class("action"), .action(Page.thinkTank.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  ResidentViews.field("name", t(.fieldName), ""),
                  ResidentViews.field("expertise", t(.engagementExpertise), ""),
                  ResidentViews.field("appointedOn", t(.engagementAppointed), ""),
                  ResidentViews.field("termEndsOn", t(.engagementTermEnds), ""),
                  .button(.type(.submit), .text(t(.engagementAddMember)))),
        ])
    }

    static func liaison(_ contacts: [API.LiaisonController.ContactDTO], openItems: [LiaisonItem] = [], context: Layout.Context,
                        error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.liaisonTitle), context, status: status, error: error, content: [
            .if(!openItems.isEmpty, .group(
                .h2(.text(t(.liaisonOpenItems))),
                .ul(.id("open-items"), .forEach(openItems) { item in
                    .li(.id("liaison-item-\(item.id!)"), .text("\(item.day) · \(item.description)"),
                        .form(.class("action action-liaison-matter"), .action(Page.liaisonItemMatter(item.id!).path), .method(.post),
                              Layout.csrfField(context.csrf),
                              .label(.text(t(.fieldSummary)), .input(.type(.text), .name("summary"), .required(true))),
                              .label(.text(t(.fieldName)), .input(.type(.text), .name("name"), .required(true))),
                              .label(.text(t(.fieldPhone)), .input(.type(.tel), .name("phone"), .required(true))),
                              .button(.type(.submit), .name("submit"), .text(t(.engagementOpenMatter)))))
                }))),
            .ul(.id("contacts"), .forEach(contacts) { contact in
                .li(.id("contact-\(contact.id)"),
                    .strong(.text(contact.name)), .text(" · \(t(.contactKind(contact.kind))) · \(contact.startedOn)\(contact.endedOn.map { "—\($0)" } ?? "")"),
                    .form(.class("inline-form action-visit"), .action(Page.contactVisits(contact.id).path), .method(.post),
                          Layout.csrfField(context.csrf),
                          ResidentViews.field("day", t(.engagementDay), Format.day(Date())),
                          Controls.select("mode", label: t(.liaisonMode), options: VisitMode.allCases.map { ($0.rawValue, t(.visitMode($0))) }),
                          ResidentViews.field("notes", t(.liaisonNotes), ""),
                          ResidentViews.field("description", t(.liaisonDescription), ""),
                          ResidentViews.field("solution", t(.liaisonSolution), ""),
                          .button(.type(.submit), .name("submit"), .text(t(.liaisonVisit)))))
            }),
            .h2(.text(t(.liaisonPair))),
            .form(.id("pair-form"), .class("action"), .action(Page.liaisonContacts.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  Controls.select("kind", label: t(.liaisonKind), options: LiaisonContactKind.allCases.map { ($0.rawValue, t(.contactKind($0))) }),
                  ResidentViews.field("name", t(.liaisonName), ""),
                  ResidentViews.field("startedOn", t(.liaisonStarted), Format.day(Date())),
                  .button(.type(.submit), .id("pair-submit"), .text(t(.liaisonPair)))),
        ])
    }
}
