import Fluent
import Foundation
import LedgerCore
import Vapor

/// The demo city's 一窗通办: a service catalogue, the halls and windows that handle it, and
/// bookable slots for the next ten working days.
package enum DemoServices {
    struct Entry { let code: String; let category: ServiceItem.Category; let zh: String; let en: String; let kind: MessageKind? }

    static let catalogue: [Entry] = [
        .init(code: "hukou-transfer", category: .household, zh: "户口迁移", en: "Household registration transfer", kind: nil),
        .init(code: "residence-permit", category: .household, zh: "居住证办理", en: "Residence permit", kind: nil),
        .init(code: "id-card-renewal", category: .household, zh: "居民身份证换领", en: "ID card renewal", kind: nil),
        .init(code: "licence-renewal", category: .traffic, zh: "驾驶证期满换证", en: "Driving licence renewal", kind: nil),
        .init(code: "traffic-violation", category: .traffic, zh: "交通违法处理", en: "Traffic violation processing", kind: nil),
        .init(code: "passport", category: .exitEntry, zh: "普通护照办理", en: "Passport", kind: nil),
        .init(code: "hk-macao-permit", category: .exitEntry, zh: "往来港澳通行证", en: "Hong Kong and Macao travel permit", kind: nil),
        .init(code: "noise", category: .publicOrder, zh: "噪音扰民", en: "Noise nuisance", kind: .report),
        .init(code: "road-occupation", category: .publicOrder, zh: "占道经营", en: "Street obstruction by traders", kind: .report),
        .init(code: "security-hazard", category: .publicOrder, zh: "治安隐患", en: "Public security hazard", kind: .report),
        .init(code: "traffic-suggestion", category: .publicOrder, zh: "交通安全建议", en: "Traffic safety suggestion", kind: .suggestion),
    ]

    package static func load(into app: Application) async throws {
        let now = app.clock.now()
        try await app.write { db in
            guard try await ServiceStore.isCatalogueEmpty(on: db) else { return }
            for entry in catalogue {
                let item = ServiceItem()
                item.code = entry.code; item.category = entry.category; item.nameZh = entry.zh; item.nameEn = entry.en
                item.description = entry.kind == nil ? "\(entry.zh)：可在线预约，到窗口一次办结。" : "向公安机关反映\(entry.zh)问题。"
                item.materials = API.ServicesController.json(entry.kind == nil ? ["居民身份证", "居民户口簿", "近期免冠照片"] : [])
                item.steps = API.ServicesController.json(entry.kind == nil ? ["在线预约", "按时到窗口提交材料", "领取结果"] : ["在线反映", "凭查询码查询办理进度"])
                item.timeLimitDays = entry.kind == nil ? 7 : 5
                item.fee = entry.category == .exitEntry ? "按国家规定收费" : "免费"
                item.messageKind = entry.kind?.rawValue
                item.descriptionEn = entry.kind == nil ? "\(entry.en): book online, then one visit to the window settles it."
                    : "Tell the police about: \(entry.en.lowercased())."
                item.materialsEn = API.ServicesController.json(entry.kind == nil ? ["Resident ID card", "Household register", "A recent photo"] : [])
                item.stepsEn = API.ServicesController.json(entry.kind == nil ? ["Book online", "Bring the materials to the window on time", "Collect the result"]
                                                                             : ["Report online", "Follow it with your tracking code"])
                item.feeEn = entry.category == .exitEntry ? "As the state prescribes" : "Free"
                try await item.create(on: db)
            }
            let household = ["hukou-transfer", "residence-permit", "id-card-renewal"]
            let traffic = ["licence-renewal", "traffic-violation"]
            let exitEntry = ["passport", "hk-macao-permit"]
            let city = try await UnitStore.units(kind: .city, limit: 1, on: db).first!
            var windows: [HallWindow] = []
            func hall(_ name: String, _ kind: ServiceHall.Kind, _ unit: Unit, _ address: String, windows specs: [(String, [String])]) async throws {
                let hall = ServiceHall()
                hall.name = name; hall.kind = kind; hall.unitID = unit.id!; hall.address = address; hall.hours = "周一至周五 9:00-17:00"
                try await hall.create(on: db)
                for (windowName, codes) in specs {
                    let window = HallWindow()
                    window.hallID = hall.id!; window.name = windowName; window.serviceCodes = API.ServicesController.json(codes)
                    try await window.create(on: db)
                    windows.append(window)
                }
            }
            try await hall("西安市公安局政务服务专厅", .municipal, city, "西安市政务服务中心",
                           windows: [("户政窗口", household), ("交管窗口", traffic), ("出入境窗口", exitEntry)])
            for district in try await UnitStore.units(kind: .district, on: db) {
                try await hall("\(district.name)政务服务中心公安专区", .districtCentre, district, "\(district.name.replacingOccurrences(of: "分局", with: "区"))政务服务中心",
                               windows: [("综合窗口", household + exitEntry), ("交管窗口", traffic)])
            }
            for station in try await UnitStore.units(kind: .station, limit: 8, on: db) {
                try await hall("\(station.name)户籍室", .stationRoom, station, station.name, windows: [("户籍窗口", household + traffic)])
            }
            if let district = try await UnitStore.units(kind: .district, limit: 1, on: db).first {
                try await hall("南院门街道便民服务中心", .streetCentre, district, "南院门街道", windows: [("便民窗口", household)])
            }
            // Ten working days of half-hour slots, three places each.
            let calendar = WorkingCalendar()
            var day = calendar.day(of: now)
            var days = 0
            while days < 10 {
                day = calendar.nextDay(day)
                guard calendar.isWorkingDay(day) else { continue }
                days += 1
                let start = calendar.startOfDay(day)
                for window in windows {
                    for hour in [9.0, 9.5, 10.0, 10.5, 14.0, 14.5, 15.0, 15.5] {
                        let slot = AppointmentSlot()
                        slot.windowID = window.id!; slot.startsAt = start.addingTimeInterval(hour * 3600); slot.capacity = 3; slot.booked = 0
                        try await slot.create(on: db)
                    }
                }
            }
            // Reception rooms: a street and a community room at every station, the named ones model sites.
            for station in try await UnitStore.units(kind: .station, on: db) {
                let place = station.name.components(separatedBy: "分局").last?.replacingOccurrences(of: "派出所", with: "") ?? station.name
                for (kind, suffix) in [(ReceptionRoomKind.street, "街面"), (.community, "社区")] {
                    let room = ReceptionRoom()
                    room.name = "\(place)\(suffix)暖心警务会客厅"; room.kind = kind; room.unitID = station.id!
                    room.districtID = station.districtID; room.cityID = station.cityRootID; room.address = "\(station.name)辖区"
                    room.hours = "每日 9:00-21:00"
                    room.languages = API.ServicesController.json(station.name.contains("郭杜") ? ["en"] : [])
                    room.modelSite = ["西一路", "郭杜", "崇皇", "南大街"].contains { station.name.contains($0) }
                    room.createdAt = now
                    try await room.create(on: db)
                }
            }
            try await AuditLog.append(on: db, kind: .demoServicesSeeded, matterID: nil, actorID: nil,
                                      fields: ["services": String(catalogue.count), "windows": String(windows.count)], at: now)
        }
    }
}
