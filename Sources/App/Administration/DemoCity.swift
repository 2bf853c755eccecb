import Fluent
import LedgerCore
import Vapor

/// The demo Xi'an: the city bureau, its 13 district and county bureaus, two stations each
/// (among them the four the report names), partner bodies, the call-back office, and officers in
/// every role.
package enum DemoCity {
    package struct Account { package let username: String; package let password: String; package let role: Role; package let unit: String }

    struct District { let slug: String; let name: String; let stations: [(slug: String, name: String)] }

    static let districts: [District] = [
        .init(slug: "xincheng", name: "新城", stations: [("xiyilu", "西一路"), ("changle", "长乐中路")]),
        .init(slug: "beilin", name: "碑林", stations: [("nandajie", "南大街"), ("wenyilu", "文艺路")]),
        .init(slug: "lianhu", name: "莲湖", stations: [("beiyuanmen", "北院门"), ("taoyuanlu", "桃园路")]),
        .init(slug: "baqiao", name: "灞桥", stations: [("fangzhicheng", "纺织城"), ("xiwang", "席王")]),
        .init(slug: "weiyang", name: "未央", stations: [("zhangjiabao", "张家堡"), ("daminggong", "大明宫")]),
        .init(slug: "yanta", name: "雁塔", stations: [("xiaozhai", "小寨"), ("dianzicheng", "电子城")]),
        .init(slug: "yanliang", name: "阎良", stations: [("fenghuang", "凤凰路"), ("xinhua", "新华路")]),
        .init(slug: "lintong", name: "临潼", stations: [("lishan", "骊山"), ("daiwang", "代王")]),
        .init(slug: "changan", name: "长安", stations: [("guodu", "郭杜"), ("weiqu", "韦曲")]),
        .init(slug: "gaoling", name: "高陵", stations: [("chonghuang", "崇皇"), ("luyuan", "鹿苑")]),
        .init(slug: "huyi", name: "鄠邑", stations: [("ganting", "甘亭"), ("yuxia", "余下")]),
        .init(slug: "lantian", name: "蓝田", stations: [("languan", "蓝关"), ("huaxu", "华胥")]),
        .init(slug: "zhouzhi", name: "周至", stations: [("erqu", "二曲"), ("louguan", "楼观")]),
    ]

    /// The stations the report names get officers in every role; the others a chief and an officer.
    static let namedStations: Set<String> = ["xincheng-xiyilu", "changan-guodu", "gaoling-chonghuang", "beilin-nandajie"]

    static let partnerKinds = ["街道办事处", "社区居委会", "司法所", "交警大队", "城管执法局"]

    package static func load(into app: Application) async throws -> [Account] {
        var plan: [(username: String, name: String, role: Role, unitKey: String)] = []
        var units: [(key: String, name: String, kind: UnitKind, parentKey: String?)] = [("city", FirstRun.cityName, .city, nil)]
        plan.append(("city-chief", "市局局长", .cityChief, "city"))
        plan.append(("city-deputy", "市局副局长", .cityDeputy, "city"))
        plan.append(("city-admin", "市局系统管理员", .administrator, "city"))
        // The office that calls residents back stands beside the chain of command (回访).
        units.append(("callback", "市局联系和服务群众办公室", .callbackOffice, "city"))
        plan.append(("callback-1", "回访员一", .callbackOfficer, "callback"))
        plan.append(("callback-2", "回访员二", .callbackOfficer, "callback"))
        for district in districts {
            let key = district.slug
            units.append((key, "\(district.name)分局", .district, "city"))
            plan.append(("\(key)-chief", "\(district.name)分局局长", .districtChief, key))
            plan.append(("\(key)-deputy", "\(district.name)分局副局长", .districtDeputy, key))
            for partner in partnerKinds {
                units.append(("\(key)-partner-\(partner)", "\(district.name)区\(partner)", .partner, key))
            }
            for station in district.stations {
                let stationKey = "\(key)-\(station.slug)"
                units.append((stationKey, "\(district.name)分局\(station.name)派出所", .station, key))
                plan.append(("\(stationKey)-chief", "\(station.name)派出所所长", .stationChief, stationKey))
                plan.append(("\(stationKey)-officer", "\(station.name)派出所社区民警", .officer, stationKey))
                if namedStations.contains(stationKey) {
                    plan.append(("\(stationKey)-deputy", "\(station.name)派出所副所长", .stationDeputy, stationKey))
                    plan.append(("\(stationKey)-clerk", "\(station.name)派出所内勤", .clerk, stationKey))
                }
            }
        }

        let plannedUnits = units
        let plannedOfficers = plan
        var passwords: [String: (password: String, hash: String)] = [:]
        for entry in plan {
            let password = SecretToken.password()
            passwords[entry.username] = (password, try await app.auth.hashPassword(password))
        }
        let hashes = passwords
        let now = app.clock.now()
        let unitNames = try await app.write { db -> [String: String] in
            if try await !UnitStore.units(kind: .district, limit: 1, on: db).isEmpty {
                throw AppError.conflict("the demo city is already loaded (district bureaus exist)")
            }
            var byKey: [String: Unit] = [:]
            for spec in plannedUnits {
                if spec.kind == .city, let existing = try await UnitStore.units(kind: .city, limit: 1, on: db).first {
                    byKey[spec.key] = existing
                    continue
                }
                let unit = Unit(name: spec.name, kind: spec.kind, parent: spec.parentKey.flatMap { byKey[$0] })
                try await unit.create(on: db)
                byKey[spec.key] = unit
            }
            for entry in plannedOfficers {
                let rank: OfficerRank = switch entry.role {
                case .cityChief, .cityDeputy: .bureau
                case .districtChief, .districtDeputy: .division
                case .stationChief: .section
                case .stationDeputy: .deputySection
                default: .staff
                }
                try await Officer(username: entry.username, displayName: entry.name, role: entry.role,
                                  unitID: byKey[entry.unitKey]!.id!, passwordHash: hashes[entry.username]!.hash, rank: rank.rawValue).create(on: db)
            }
            try await AuditLog.append(on: db, kind: .demoSeeded, matterID: nil, actorID: nil,
                                      fields: ["units": String(plannedUnits.count), "officers": String(plannedOfficers.count)], at: now)
            return byKey.mapValues(\.name)
        }
        return plan.map { Account(username: $0.username, password: hashes[$0.username]!.password, role: $0.role, unit: unitNames[$0.unitKey]!) }
    }
}
