import Foundation
import LedgerCore
import Plot
import Vapor

/// The halls' desk page: bookings to serve, 差评 to put right, ratings the chief may appeal.
enum ServiceDeskViews {
    struct Desk {
        let halls: [ServiceHall]
        let hall: ServiceHall?
        let day: Day
        let bookings: [EvaluationService.DeskItem]
        let tasks: [RectificationService.TaskView]
        let appealable: [EvaluationStore.Evaluation]
        let revealed: (task: Int, phone: String)?
        let who: SignedIn
    }

    static func desk(_ desk: Desk, context: Layout.Context, error: String?, status: HTTPResponseStatus) -> Response {
        let t = context.language
        // Forms post back with the hall and day, so the desk comes back where it was.
        let query = desk.hall.map { "?hall=\($0.id!)&day=\(desk.day)" } ?? ""
        func action(_ page: Page) -> String { page.path + query }
        let mayWork = { (task: RectificationService.TaskView) in (try? RectificationRules.mayAct(desk.who.actor, taskUnitID: task.unitId)) != nil }
        return Layout.page(t(.serviceDeskTitle), context, status: status, error: error, content: [
            .h2(.text(t(.deskBookings))),
            .form(.class("filters"), .action(Page.serviceDesk.path), .method(.get),
                  Controls.select("hall", label: t(.deskHall), options: desk.halls.map { (String($0.id!), $0.name) },
                                  selected: desk.hall.map { String($0.id!) }, id: "hall"),
                  .label(.for("day"), .text(t(.deskDay))),
                  .input(.type(.date), .name("day"), .id("day"), .value(desk.day.description)),
                  .button(.type(.submit), .text(t(.deskShow)))),
            desk.bookings.isEmpty ? .p(.id("bookings-empty"), .text(t(.matterNone))) :
                .table(.id("bookings"),
                       .tr(.th(.text(t(.deskDay))), .th(.text(t(.servicesCode))), .th(.text(t(.evaluateService))), .th(.text(t(.fieldName))),
                           .th(.text(t(.fieldStatus)))),
                       .forEach(desk.bookings) { item in
                           .tr(.id("booking-\(item.id)"),
                               .td(.text(Format.minute(item.startsAt) + " · " + item.window)), .td(.text(item.code)), .td(.text(item.serviceCode)),
                               .td(.text(item.name)),
                               .td(item.status == .booked
                                   ? .form(.class("inline"), .action(action(.serveAppointment(item.id))), .method(.post), Layout.csrfField(context.csrf),
                                           .button(.type(.submit), .class("serve"), .text(t(.deskServe))))
                                   : .text(t(item.status == .served ? .deskServed : .deskCancelled))))
                       }),
            .h2(.text(t(.deskTasks))),
            .p(.class("hint"), .text(t(.deskTasksHint))),
            desk.tasks.isEmpty ? .p(.id("tasks-empty"), .text(t(.matterNone))) :
                .table(.id("rectifications"),
                       .tr(.th(.text(t(.evaluateService))), .th(.text(t(.fieldRating))), .th(.text(t(.fieldPhone))), .th(.text(t(.deskDeadline))),
                           .th(.text(t(.fieldStatus)))),
                       .forEach(desk.tasks) { task in
                           .tr(.class("task"), .id("task-\(task.id)"),
                               .td(.text(task.serviceCode), .br(), .small(.text(Format.minute(task.ratedAt)))),
                               .td(.text(t(.serviceRating(task.rating)) + " · " + task.reasons.map { t(.evaluationReason($0)) }.joined(separator: "、")),
                                   .br(), .small(.text(task.comment))),
                               .td(phone(task, desk: desk, action: action, mayWork: mayWork(task), context)),
                               .td(.text(task.deadlineAt.map(Format.minute) ?? "—"),
                                   .if(task.chaseLevel > 0, .group(.br(), .strong(.class("overdue"), .text(t(.listOverdue)))))),
                               .td(.text(t(.rectificationStage(task.stage))),
                                   .if(task.appealState == .pending, .group(.br(), .small(.text(t(.ratingAppealPending))))),
                                   .if(mayWork(task) && task.stage == .awaitingCallback,
                                       noteForm(action(.rectificationCallback(task.id)), field: "note", label: t(.fieldNote), button: t(.deskCallback), context)),
                                   .if(mayWork(task) && task.stage == .awaitingRectification,
                                       noteForm(action(.rectificationRectify(task.id)), field: "answer", label: t(.serviceDeskAnswer), button: t(.deskRectify), context))))
                       }),
            .if(!desk.appealable.isEmpty, .group(
                .h2(.text(t(.deskAppeal))),
                .table(.id("appealable"),
                       .forEach(desk.appealable) { rating in
                           .tr(.id("appealable-\(rating.id)"),
                               .td(.text(rating.serviceCode + " · " + Format.minute(rating.ratedAt))),
                               .td(.text(t(.serviceRating(rating.rating))), .br(), .small(.text(rating.comment))),
                               .td(noteForm(action(.evaluationAppeal(rating.id)), field: "reason", label: t(.deskReason), button: t(.deskAppeal), context)))
                       }))),
        ])
    }

    private static func phone(_ task: RectificationService.TaskView, desk: Desk, action: (Page) -> String, mayWork: Bool,
                              _ context: Layout.Context) -> Node<HTML.BodyContext> {
        if let shown = desk.revealed, shown.task == task.id { return .strong(.class("phone-revealed"), .text(shown.phone)) }
        return .group(.text(task.phone), .if(mayWork && task.stage.isOpen,
            .form(.class("inline"), .action(action(.rectificationPhone(task.id))), .method(.post), Layout.csrfField(context.csrf),
                  .button(.type(.submit), .class("reveal"), .text(context.language(.callbackReveal))))))
    }

    private static func noteForm(_ action: String, field: String, label: String, button: String, _ context: Layout.Context) -> Node<HTML.BodyContext> {
        .form(.class("call"), .action(action), .method(.post), Layout.csrfField(context.csrf),
              .label(.text(label), .input(.type(.text), .name(field), .required(true))),
              .button(.type(.submit), .text(button)))
    }
}
