import Fluent
import Foundation
import LedgerCore
import Vapor

extension API {
    /// The service catalogue, halls, windows and appointments: public reading and booking
    /// under `/api/v1/public`, administration under `/api/v1`.
    enum ServicesController {
        struct ServiceDTO: Content {
            let code: String; let category: ServiceItem.Category; let nameZh: String; let nameEn: String; let description: String
            let materials: [String]; let steps: [String]; let timeLimitDays: Int; let fee: String; let messageKind: MessageKind?
            let descriptionEn: String; let materialsEn: [String]; let stepsEn: [String]; let feeEn: String
            init(_ item: ServiceItem) {
                code = item.code; category = item.category; nameZh = item.nameZh; nameEn = item.nameEn; description = item.description
                materials = ServicesController.list(item.materials); steps = ServicesController.list(item.steps)
                timeLimitDays = item.timeLimitDays; fee = item.fee; messageKind = item.messageKind.flatMap(MessageKind.init(rawValue:))
                descriptionEn = item.descriptionEn; materialsEn = ServicesController.list(item.materialsEn)
                stepsEn = ServicesController.list(item.stepsEn); feeEn = item.feeEn
            }
        }
        struct HallDTO: Content {
            struct Window: Content { let id: Int; let name: String; let serviceCodes: [String] }
            let id: Int; let name: String; let kind: ServiceHall.Kind; let unitId: Int; let address: String; let hours: String; let windows: [Window]
        }
        struct ServiceGuide: Content { let service: ServiceDTO; let halls: [HallDTO] }
        struct BookingRequest: Content { let slotId: Int; let serviceCode: String; let name: String; let phone: String }
        struct CancelRequest: Content { let code: String; let phoneLast4: String }
        struct NewService: Content {
            let code: String; let category: ServiceItem.Category; let nameZh: String; let nameEn: String; let description: String
            let materials: [String]; let steps: [String]; let timeLimitDays: Int; let fee: String; let messageKind: MessageKind?
            let descriptionEn: String?; let materialsEn: [String]?; let stepsEn: [String]?; let feeEn: String?
        }
        struct NewHall: Content { let name: String; let kind: ServiceHall.Kind; let unitId: Int; let address: String; let hours: String }
        struct NewWindow: Content { let name: String; let serviceCodes: [String] }
        struct NewSlots: Content { let startsAt: [Date]; let capacity: Int }

        static func list(_ json: String) -> [String] { (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? [] }
        static func json(_ list: [String]) -> String { String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self) }

        @Sendable static func catalogue(req: Request) async throws -> [ServiceDTO] {
            var category: ServiceItem.Category?
            if let raw = (try? req.query.get(String.self, at: "category")).flatMap({ $0.isEmpty ? nil : $0 }) {
                guard let chosen = ServiceItem.Category(rawValue: raw) else {
                    throw AppError.invalid("category", "must be one of " + ServiceItem.Category.allCases.map(\.rawValue).joined(separator: ", "))
                }
                category = chosen
            }
            return try await ServiceStore.items(category: category, on: req.db).map(ServiceDTO.init)
        }

        @Sendable static func guide(req: Request) async throws -> ServiceGuide {
            try await guide(code: req.parameters.get("code") ?? "", app: req.application)
        }

        static func guide(code: String, app: Application) async throws -> ServiceGuide {
            guard let item = try await ServiceStore.item(code: code, on: app.db) else { throw AppError.notFound("service \(code)") }
            let windows = try await app.booking.windowsTaking(code, hallID: nil)
            let halls = try await ServiceStore.halls(ids: Set(windows.map(\.hallID)), on: app.db)
            return ServiceGuide(service: ServiceDTO(item), halls: halls.map { hall in
                HallDTO(id: hall.id!, name: hall.name, kind: hall.kind, unitId: hall.unitID, address: hall.address, hours: hall.hours,
                        windows: windows.filter { $0.hallID == hall.id }.map { .init(id: $0.id!, name: $0.name, serviceCodes: $0.codes) })
            })
        }

        /// Free places for a service (`service`, required), optionally at one hall, from a day for up to 14 days.
        @Sendable static func slots(req: Request) async throws -> [BookingService.FreeSlot] {
            guard let service = (try? req.query.get(String.self, at: "service")).flatMap({ $0.isEmpty ? nil : $0 }) else {
                throw AppError.invalid("service", "is required")
            }
            var hallID: Int?
            if let raw = (try? req.query.get(String.self, at: "hall")).flatMap({ $0.isEmpty ? nil : $0 }) {
                guard let id = Int(raw) else { throw AppError.invalid("hall", "must be a hall id") }
                hallID = id
            }
            var from = req.now
            if let raw = (try? req.query.get(String.self, at: "from")).flatMap({ $0.isEmpty ? nil : $0 }) {
                guard let day = Day(raw) else { throw AppError.invalid("from", "must be a date as YYYY-MM-DD") }
                from = max(from, WorkingCalendar().startOfDay(day))
            }
            var days = 7
            if let raw = (try? req.query.get(String.self, at: "days")).flatMap({ $0.isEmpty ? nil : $0 }) {
                guard let value = Int(raw), (1...14).contains(value) else { throw AppError.invalid("days", "must be between 1 and 14") }
                days = value
            }
            return try await req.application.booking.freeSlots(serviceCode: service, hallID: hallID, from: from, days: days)
        }

        @Sendable static func book(req: Request) async throws -> Response {
            let body = try req.content.decode(BookingRequest.self)
            let booking = try await req.application.booking.book(slotID: body.slotId, serviceCode: body.serviceCode, name: body.name,
                                                                 phone: body.phone, from: req.clientAddress)
            return try await booking.encodeResponse(status: .created, for: req)
        }

        @Sendable static func cancel(req: Request) async throws -> HTTPStatus {
            let body = try req.content.decode(CancelRequest.self)
            try await req.application.booking.cancel(code: body.code, phoneLast4: body.phoneLast4, from: req.clientAddress)
            return .noContent
        }

        @Sendable static func halls(req: Request) async throws -> [HallDTO] {
            let halls = try await ServiceStore.halls(on: req.db)
            let windows = try await ServiceStore.windows(on: req.db)
            return halls.map { hall in
                HallDTO(id: hall.id!, name: hall.name, kind: hall.kind, unitId: hall.unitID, address: hall.address, hours: hall.hours,
                        windows: windows.filter { $0.hallID == hall.id }.map { .init(id: $0.id!, name: $0.name, serviceCodes: $0.codes) })
            }
        }

        // MARK: - Administration

        @Sendable static func createService(req: Request) async throws -> Response {
            let who = try API.SettingsController.requireAdministrator(req)
            let body = try req.content.decode(NewService.self)
            guard body.code.wholeMatch(of: /[a-z0-9][a-z0-9-]{1,39}/) != nil else { throw AppError.invalid("code", "use 2–40 lower-case letters, digits or dashes") }
            try NewMatterInput.line(body.nameZh, field: "nameZh", max: 100)
            try NewMatterInput.line(body.nameEn, field: "nameEn", max: 100)
            try NewMatterInput.text(body.description, field: "description", max: 2000, required: false)
            try NewMatterInput.text(body.descriptionEn ?? "", field: "descriptionEn", max: 2000, required: false)
            try NewMatterInput.line(body.feeEn ?? "", field: "feeEn", max: 200, required: false)
            guard (0...365).contains(body.timeLimitDays) else { throw AppError.invalid("timeLimitDays", "must be between 0 and 365") }
            if body.category == .publicOrder && body.messageKind == nil { throw AppError.invalid("messageKind", "a public-order entry names the message kind it becomes") }
            let now = req.now
            try await req.application.write { db in
                if try await ServiceStore.item(code: body.code, on: db) != nil { throw AppError.conflict("the code is taken", field: "code") }
                let item = ServiceItem()
                item.code = body.code; item.category = body.category; item.nameZh = body.nameZh; item.nameEn = body.nameEn
                item.description = body.description; item.materials = json(body.materials); item.steps = json(body.steps)
                item.timeLimitDays = body.timeLimitDays; item.fee = body.fee; item.messageKind = body.messageKind?.rawValue
                item.descriptionEn = body.descriptionEn ?? ""; item.materialsEn = json(body.materialsEn ?? [])
                item.stepsEn = json(body.stepsEn ?? []); item.feeEn = body.feeEn ?? ""
                try await item.create(on: db)
                try await AuditLog.append(on: db, kind: .serviceCreated, matterID: nil, actorID: who.officerID, fields: ["code": body.code], at: now)
            }
            return try await guide(code: body.code, app: req.application).service.encodeResponse(status: .created, for: req)
        }

        @Sendable static func createHall(req: Request) async throws -> Response {
            let who = try API.SettingsController.requireAdministrator(req)
            let body = try req.content.decode(NewHall.self)
            try NewMatterInput.line(body.name, field: "name", max: 100)
            try NewMatterInput.line(body.address, field: "address", max: 200)
            try NewMatterInput.line(body.hours, field: "hours", max: 100)
            let now = req.now
            let hall = try await req.application.write { db -> ServiceHall in
                guard try await Unit.fetch(body.unitId, on: db) != nil else { throw AppError.invalid("unitId", "is not a unit") }
                let hall = ServiceHall()
                hall.name = body.name; hall.kind = body.kind; hall.unitID = body.unitId; hall.address = body.address; hall.hours = body.hours
                try await hall.create(on: db)
                try await AuditLog.append(on: db, kind: .hallCreated, matterID: nil, actorID: who.officerID, fields: ["hall": String(hall.id!)], at: now)
                return hall
            }
            return try await HallDTO(id: hall.id!, name: hall.name, kind: hall.kind, unitId: hall.unitID, address: hall.address,
                                     hours: hall.hours, windows: []).encodeResponse(status: .created, for: req)
        }

        @Sendable static func createWindow(req: Request) async throws -> Response {
            let who = try API.SettingsController.requireAdministrator(req)
            guard let hallID = req.parameters.get("hallID", as: Int.self) else { throw AppError.notFound("hall") }
            let body = try req.content.decode(NewWindow.self)
            try NewMatterInput.line(body.name, field: "name", max: 100)
            let now = req.now
            let window = try await req.application.write { db -> HallWindow in
                guard try await ServiceHall.fetch(hallID, on: db) != nil else { throw AppError.notFound("hall \(hallID)") }
                let known = try await ServiceStore.codes(on: db)
                if let unknown = body.serviceCodes.first(where: { !known.contains($0) }) { throw AppError.invalid("serviceCodes", "\(unknown) is not in the catalogue") }
                let window = HallWindow()
                window.hallID = hallID; window.name = body.name; window.serviceCodes = json(body.serviceCodes)
                try await window.create(on: db)
                try await AuditLog.append(on: db, kind: .windowCreated, matterID: nil, actorID: who.officerID, fields: ["window": String(window.id!)], at: now)
                return window
            }
            return try await HallDTO.Window(id: window.id!, name: window.name, serviceCodes: window.codes).encodeResponse(status: .created, for: req)
        }

        @Sendable static func createSlots(req: Request) async throws -> Response {
            let who = try API.SettingsController.requireAdministrator(req)
            guard let windowID = req.parameters.get("windowID", as: Int.self) else { throw AppError.notFound("window") }
            let body = try req.content.decode(NewSlots.self)
            guard (1...100).contains(body.capacity) else { throw AppError.invalid("capacity", "must be between 1 and 100") }
            guard (1...500).contains(body.startsAt.count) else { throw AppError.invalid("startsAt", "give 1 to 500 start times") }
            guard Set(body.startsAt).count == body.startsAt.count else { throw AppError.invalid("startsAt", "lists the same time twice") }
            let now = req.now
            try await req.application.write { db in
                guard try await HallWindow.fetch(windowID, on: db) != nil else { throw AppError.notFound("window \(windowID)") }
                if try await ServiceStore.hasSlot(window: windowID, at: body.startsAt, on: db) {
                    throw AppError.conflict("the window already has a slot at one of these times", field: "startsAt")
                }
                for start in body.startsAt {
                    let slot = AppointmentSlot()
                    slot.windowID = windowID; slot.startsAt = start; slot.capacity = body.capacity; slot.booked = 0
                    try await slot.create(on: db)
                }
                try await AuditLog.append(on: db, kind: .slotsCreated, matterID: nil, actorID: who.officerID,
                                          fields: ["window": String(windowID), "count": String(body.startsAt.count)], at: now)
            }
            return Response(status: .created)
        }
    }
}
