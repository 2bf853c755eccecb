import Foundation
import Plot
import Vapor

/// 便民: the service guide, booking and cancelling.
enum ServiceViews {
    static func catalogue(_ items: [API.ServicesController.ServiceDTO], context: Layout.Context) -> Response {
        let t = context.language
        let categories = ServiceItem.Category.allCases.filter { category in items.contains { $0.category == category } }
        return Layout.page(t(.servicesTitle), context, status: .ok, content: [
            .forEach(categories) { category in
                .group(.h2(.text(t(.category(category)))),
                       .ul(.class("tiles"), .forEach(items.filter { $0.category == category }) { item in
                           .li(.a(.href(Page.service(item.code).path), .text(context.language == .zh ? item.nameZh : item.nameEn)))
                       }))
            },
        ])
    }

    static func guide(_ guide: API.ServicesController.ServiceGuide, slots: [BookingService.FreeSlot], context: Layout.Context,
                      error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        let item = guide.service
        // The English guide where one was written; the Chinese where not.
        let english = context.language == .en
        func pick(_ zh: String, _ en: String) -> String { english && !en.isEmpty ? en : zh }
        func pick(_ zh: [String], _ en: [String]) -> [String] { english && !en.isEmpty ? en : zh }
        return Layout.page(context.language == .zh ? item.nameZh : item.nameEn, context, status: status, error: error, content: [
            .p(.text(pick(item.description, item.descriptionEn))),
            .h2(.text(t(.servicesMaterials))), .ul(.forEach(pick(item.materials, item.materialsEn)) { .li(.text($0)) }),
            .h2(.text(t(.servicesSteps))), .ol(.forEach(pick(item.steps, item.stepsEn)) { .li(.text($0)) }),
            .dl(.class("facts"),
                .dt(.text(t(.servicesTimeLimit))), .dd(.text(String(item.timeLimitDays))),
                .dt(.text(t(.servicesFee))), .dd(.text(pick(item.fee, item.feeEn)))),
            .h2(.text(t(.servicesHalls))),
            .ul(.id("halls"), .forEach(guide.halls) { hall in
                .li(.strong(.text(hall.name)), .text(" · \(hall.address) · \(hall.hours) · "),
                    .text(hall.windows.filter { $0.serviceCodes.contains(item.code) }.map(\.name).joined(separator: "、")))
            }),
            .h2(.text(t(.servicesBook))),
            slots.filter({ $0.free > 0 }).isEmpty ? .p(.text(t(.servicesNoSlots))) :
                .form(.id("booking-form"), .action(Page.serviceBook(item.code).path), .method(.post),
                      Layout.csrfField(context.csrf),
                      Controls.select("slotId", label: t(.servicesSlot),
                                      options: slots.filter { $0.free > 0 }.map { (String($0.id), "\(Format.minute($0.startsAt)) · \($0.hall) \($0.window) (\($0.free))") },
                                      id: "slotId"),
                      ResidentViews.field("name", t(.fieldName), ""),
                      ResidentViews.field("phone", t(.fieldPhone), "", type: .tel),
                      .button(.type(.submit), .id("booking-submit"), .text(t(.servicesBook)))),
            .p(.a(.href(Page.servicesCancel.path), .text(t(.servicesCancel)))),
            .if(item.category != .publicOrder, .group(
                .h2(.text(t(.applyTitle))),
                .form(.id("apply-form"), .action(Page.serviceApply(item.code).path), .method(.post), .enctype(.multipartData),
                      Layout.csrfField(context.csrf),
                      ResidentViews.field("name", t(.fieldName), ""),
                      ResidentViews.field("phone", t(.fieldPhone), "", type: .tel),
                      ResidentViews.field("idNumber", t(.fieldIdNumber), ""),
                      .p(.small(.text(t(.applyFiles)))),
                      // One file per listed material, in order; named in English when the English list matches it.
                      .forEach((english && item.materialsEn.count == item.materials.count ? item.materialsEn : item.materials).enumerated()) { index, material in
                          .label(.text(material), .input(.type(.file), .name("attachments[]"), .id("attachment-\(index)"),
                                                         .attribute(named: "accept", value: "application/pdf,image/jpeg,image/png")))
                      },
                      .button(.type(.submit), .id("apply-submit"), .text(t(.applySubmit)))))),
            .p(.a(.href(Page.applicationsTrack.path), .text(t(.applyTrack)))),
        ])
    }

    /// An application's status; a completed one offers its rating (`phoneLast4` is what the resident just typed).
    static func application(_ view: ApplicationService.ApplicationView, context: Layout.Context, received: Bool,
                            phoneLast4: String? = nil) -> Response {
        let t = context.language
        return Layout.page(received ? t(.applyReceived) : t(.applyTrack), context,
                           .if(view.status == .completed && phoneLast4 != nil,
                               .form(.id("evaluate-application"), .action(Page.evaluate.path), .method(.post),
                                     Layout.csrfField(context.csrf),
                                     .input(.type(.hidden), .name("code"), .value(Safe.attribute(view.code))),
                                     .input(.type(.hidden), .name("phoneLast4"), .value(Safe.attribute(phoneLast4 ?? ""))),
                                     .button(.type(.submit), .id("evaluate-open"), .text(t(.evaluateOpen))))),
                           .p(.class("code"), .id("application-code"), .text(view.code)),
                           .if(received, .p(.text(t(.applyCode)))),
                           .p(.span(.id("application-status"), .data(named: "status", value: view.status.rawValue),
                                    .text(t(.applicationStatus(view.status)))),
                              .unwrap(view.note) { .text(" · " + $0) }),
                           .ul(.forEach(view.attachments) { file in
                               .li(.text(file.removedAt == nil ? "\(file.material): \(file.filename) (\(file.size / 1024 + 1) KB)"
                                                               : "\(file.material): \(t(.applyFileRemoved))"))
                           }))
    }

    static func trackApplication(_ context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.applyTrack), context, status: status, error: error, content: [
            .form(.id("application-track"), .action(Page.applicationsTrack.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  ResidentViews.field("code", t(.servicesCode), ""),
                  ResidentViews.field("phoneLast4", t(.trackLast4), ""),
                  .button(.type(.submit), .id("application-track-submit"), .text(t(.trackSubmit)))),
        ])
    }

    static func booked(_ booking: BookingService.Booking, context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t(.servicesBooked), context,
                           .p(.class("code"), .id("booking-code"), .text(booking.code)),
                           .p(.text(t(.servicesBookingCode))),
                           .p(.text("\(Format.minute(booking.startsAt)) · \(booking.hall) · \(booking.window)")))
    }

    static func cancelForm(_ context: Layout.Context, notice: String? = nil, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.servicesCancel), context, status: status, error: error, content: [
            .unwrap(notice) { .p(.class("notice"), .id("notice"), .text($0)) },
            .form(.id("cancel-form"), .action(Page.servicesCancel.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  ResidentViews.field("code", t(.servicesCode), ""),
                  ResidentViews.field("phoneLast4", t(.trackLast4), ""),
                  .button(.type(.submit), .id("cancel-submit"), .text(t(.servicesCancel)))),
        ])
    }

    /// 好差评 per hall for a period (the public board), with each window under its hall when the
    /// report has them (the barometer): ratings, the good-rating rate, 差评, how many were put right.
    static func ratings(_ report: ServiceFigures.Report, t: PageLanguage) -> Node<HTML.BodyContext> {
        func rate(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        return .group(
            .h2(.text(t(.boardServicesHeading) + " " + report.month)),
            report.halls.isEmpty ? .p(.class("empty"), .text(t(.boardEmpty))) :
                .table(.id("service-ratings"),
                       .tr(.th(.text(t(.boardHall))), .th(.text(t(.boardRatings))), .th(.text(t(.boardGoodRate))),
                           .th(.text(t(.boardBadRatings))), .th(.text(t(.boardRectified))), .th(.text(t(.boardSetAside)))),
                       .forEach(report.halls) { hall in
                           .group(
                               .tr(.class("hall"), .td(.text(hall.hallId == nil ? t(.evaluateOnline) + " · " + hall.unit : hall.hall)),
                                   .td(.text(String(hall.counts.total))), .td(.text(rate(hall.goodRate))),
                                   .td(.text(String(hall.counts.dissatisfied + hall.counts.veryDissatisfied))),
                                   .td(.text("\(hall.rectification.rectified)/\(hall.rectification.opened)")),
                                   .td(.text(String(hall.counts.setAside)))),
                               .forEach(hall.windows) { window in
                                   .tr(.class("window"), .td(.text("　" + window.window)), .td(.text(String(window.counts.total))),
                                       .td(.text(rate(window.goodRate))),
                                       .td(.text(String(window.counts.dissatisfied + window.counts.veryDissatisfied))), .td(), .td(.text(String(window.counts.setAside))))
                               })
                       }))
    }
}
