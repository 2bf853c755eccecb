import Fluent
import Foundation
import LedgerCore
import Vapor

/// Open311 GeoReport v2 under `/open311/v2`, in JSON and XML. Any Open311 client can report
/// public-order problems to the bureau (as messages of the catalogue's public-order kinds)
/// and read statuses back. Reading is public, so a request shows its status and the unit
/// responsible, never what a resident wrote or where they are.
enum Open311Controller {
    typealias Value = Open311Value

    struct NewRequest: Content {
        let api_key: String?
        let service_code: String?
        let lat: Double?
        let long: Double?
        let address_string: String?
        let attribute: [String: String]?
        let first_name: String?
        let last_name: String?
        let phone: String?
        let email: String?
        let description: String?
    }

    struct Failure: Error {
        let status: HTTPResponseStatus
        let description: String
    }

    /// Splits `services.xml` into its name and format; a name other than `stem` (when one is
    /// expected) is not a route.
    static func format(_ file: String, stem: String) throws -> (String, Value.Format) {
        for format in [Value.Format.json, .xml] where file.hasSuffix("." + format.rawValue) {
            let name = String(file.dropLast(format.rawValue.count + 1))
            guard stem.isEmpty || name == stem else { throw Abort(.notFound) }
            return (name, format)
        }
        guard !stem.isEmpty, file == stem else { throw Abort(.notFound) }
        return (stem, .json)
    }

    /// Open311 errors: a list of {code, description}.
    static func errorResponse(_ failure: Failure, _ format: Value.Format) -> Response {
        Value.list(item: "error", [.object([("code", .number(Double(failure.status.code))), ("description", .text(failure.description))])])
            .response(format, root: "errors", status: failure.status)
    }

    /// Minyi's names for what a resident sends, as Open311 names them, so an error names the
    /// field the client sent.
    static let fieldNames = ["content": "description", "place": "address_string", "districtId": "attribute[district]",
                             "idNumber": "attribute[id_number]", "latitude": "lat", "longitude": "long", "name": "last_name"]

    static func run(_ format: Value.Format, _ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch let failure as Failure {
            return errorResponse(failure, format)
        } catch let error as AppError {
            let status: HTTPResponseStatus = error.status == .unprocessableEntity ? .badRequest : error.status
            var description = error.detail
            if let field = error.invalidParams.first {
                description = "\(fieldNames[field.name] ?? field.name): \(field.reason)"
            }
            let response = errorResponse(Failure(status: status, description: description), format)
            if let seconds = error.retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(max(1, seconds))) }
            return response
        } catch {
            return errorResponse(Failure(status: .badRequest, description: "the request could not be read"), format)
        }
    }

    static func publicOrderServices(_ db: any Database) async throws -> [ServiceItem] {
        try await ServiceStore.items(category: .publicOrder, on: db)
    }

    static func serviceValue(_ item: ServiceItem) -> Value {
        .object([("service_code", .text(item.code)), ("service_name", .text(item.nameZh)), ("description", .text(item.description)),
                 ("metadata", .flag(true)), ("type", .text("realtime")), ("keywords", .text(item.nameEn)), ("group", .text("public order"))])
    }

    // MARK: - Services

    @Sendable static func services(req: Request) async throws -> Response {
        let (_, format) = try format(req.parameters.get("file") ?? "services.json", stem: "services")
        return await run(format) {
            Value.list(item: "service", try await publicOrderServices(req.db).map(serviceValue)).response(format, root: "services")
        }
    }

    @Sendable static func definition(req: Request) async throws -> Response {
        let (code, format) = try format(req.parameters.get("file") ?? "", stem: "")
        return await run(format) {
            guard let item = try await publicOrderServices(req.db).first(where: { $0.code == code }) else {
                throw Failure(status: .notFound, description: "no service with code \(code)")
            }
            let districts = try await UnitStore.units(kind: .district, on: req.db)
            func attribute(_ code: String, _ type: String, _ description: String, order: Int, values: [Value] = []) -> Value {
                .object([("variable", .flag(true)), ("code", .text(code)), ("datatype", .text(type)), ("required", .flag(true)),
                         ("datatype_description", .text(description)), ("order", .number(Double(order))), ("description", .text(description)),
                         ("values", .list(item: "value", values))])
            }
            return Value.object([
                ("service_code", .text(item.code)),
                ("attributes", .list(item: "attribute", [
                    attribute("district", "singlevaluelist", "District or county where it happened / 发生地所在区县", order: 1,
                              values: districts.map { .object([("key", .text(String($0.id!))), ("name", .text($0.name))]) }),
                    attribute("id_number", "string", "Reporter's 18-character resident ID number / 举报人身份证号", order: 2),
                ])),
            ]).response(format, root: "service_definition")
        }
    }

    // MARK: - Requests

    @Sendable static func create(req: Request) async throws -> Response {
        let (_, format) = try format(req.parameters.get("file") ?? "requests.json", stem: "requests")
        return await run(format) {
            let body = try req.content.decode(NewRequest.self)
            guard let key = body.api_key, let record = try await MessageStore.open311Key(digest: SecretToken.digest(key), on: req.db), record.revokedAt == nil else {
                throw Failure(status: .forbidden, description: "api_key is missing or not valid")
            }
            guard let code = body.service_code, let item = try await publicOrderServices(req.db).first(where: { $0.code == code }),
                  let kind = item.messageKind.flatMap(MessageKind.init(rawValue:)) else {
                throw Failure(status: .badRequest, description: "service_code: not a service of this endpoint")
            }
            guard (body.lat != nil && body.long != nil) || !(body.address_string ?? "").isEmpty else {
                throw Failure(status: .badRequest, description: "a location is required: lat and long, or address_string")
            }
            let name = [body.last_name, body.first_name].compactMap { $0 }.joined()
            let input = NewMessageInput(
                kind: kind, content: body.description ?? "", districtId: body.attribute?["district"].flatMap { Int($0) },
                place: body.address_string ?? body.lat.flatMap { lat in body.long.map { "\(lat),\($0)" } },
                latitude: body.lat, longitude: body.long, name: name.isEmpty ? nil : name, phone: body.phone,
                idNumber: body.attribute?["id_number"], language: "zh", serviceCode: code)
            let submitted = try await req.application.messages.submitReturningID(input, from: "open311:" + record.id!)
            return Value.list(item: "request", [.object([
                ("service_request_id", .text(requestID(submitted.publicID ?? ""))),
                ("service_notice", .text("查询码 / tracking code: \(submitted.code)")),
                ("account_id", .null),
            ])]).response(format, root: "service_requests", status: .created)
        }
    }

    /// `requests.json`: newest first, `page_size` at a time (default 50, at most 200); the
    /// next page is asked with `after`, the last `service_request_id` of this one, and named
    /// in a `Link: rel="next"` header. Counted against the reader's address.
    @Sendable static func list(req: Request) async throws -> Response {
        let (_, format) = try format(req.parameters.get("file") ?? "requests.json", stem: "requests")
        return await run(format) {
            try await req.application.rateLimiter.hit(RateLimiter.open311PerIP, key: req.clientAddress)
            func parameter(_ name: String) -> String? { (try? req.query.get(String.self, at: name)).flatMap { $0.isEmpty ? nil : $0 } }
            let ids = parameter("service_request_id").map { $0.split(separator: ",").compactMap { publicID(String($0)) } }
            // Asked by id, the dates do not apply (and are not read).
            var start = Date.distantPast, end = Date.distantFuture
            if ids == nil {
                end = try parameter("end_date").map { try date($0, "end_date") } ?? req.now
                start = try parameter("start_date").map { try date($0, "start_date") } ?? end.addingTimeInterval(-90 * 86400)
            }
            let status = parameter("status")
            if let status, !["open", "closed"].contains(status) { throw Failure(status: .badRequest, description: "status: must be open or closed") }
            let pageSize = try parameter("page_size").map { text in
                guard let size = Int(text), (1...200).contains(size) else { throw Failure(status: .badRequest, description: "page_size: must be a whole number from 1 to 200") }
                return size
            } ?? 50
            let after = try parameter("after").map { text in
                guard let id = publicID(text) else { throw Failure(status: .badRequest, description: "after: must be a service_request_id") }
                return id
            }
            let rows = try await MessageStore.open311Requests(publicIDs: ids, from: start, until: end, serviceCode: parameter("service_code"),
                                                              hasOutcome: status.map { $0 == "closed" }, after: after, limit: pageSize, on: req.db)
            let response = Value.list(item: "request", rows.map(requestValue)).response(format, root: "service_requests")
            if rows.count == pageSize, let last = rows.last {
                var next = URLComponents()
                next.path = req.url.path
                next.queryItems = (URLComponents(string: req.url.string)?.queryItems ?? []).filter { $0.name != "after" }
                    + [URLQueryItem(name: "after", value: requestID(last.publicId))]
                response.headers.replaceOrAdd(name: .link, value: "<\(next.string ?? "")>; rel=\"next\"")
            }
            return response
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let (stem, format) = try format(req.parameters.get("file") ?? "", stem: "")
        return await run(format) {
            try await req.application.rateLimiter.hit(RateLimiter.open311PerIP, key: req.clientAddress)
            guard let id = publicID(stem),
                  let row = try await MessageStore.open311Requests(publicIDs: [id], from: .distantPast, until: .distantFuture, serviceCode: nil,
                                                                   hasOutcome: nil, after: nil, limit: 1, on: req.db).first else {
                throw Failure(status: .notFound, description: "no service request \(stem)")
            }
            return Value.list(item: "request", [requestValue(row)]).response(format, root: "service_requests")
        }
    }

    /// A request's public id: random, so ids tell nothing of how many requests the bureau has.
    static func requestID(_ publicID: String) -> String { "XA-" + publicID }
    static func publicID(_ text: String) -> String? {
        let id = text.hasPrefix("XA-") ? String(text.dropFirst(3)) : ""
        return id.count == 16 && id.allSatisfy(\.isHexDigit) ? id.uppercased() : nil
    }

    static func date(_ text: String, _ field: String) throws -> Date {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        throw Failure(status: .badRequest, description: "\(field): must be an ISO 8601 date-time")
    }

    /// Open311's two statuses, from the resident's one status.
    static func requestValue(_ row: MessageStore.Open311Row) -> Value {
        let resident = row.residentStatus
        let notes: String = switch resident {
        case .received: "已受理 / received"
        case .inProgress: "已纳入三本账办理 / in the ledgers, being handled"
        case .answered: "已答复 / answered"
        case .closed: "已办结 / settled"
        case .declined: "不予受理 / declined"
        }
        let updated = [row.answeredAt, row.escalatedAt, row.closedAt, Optional(row.createdAt)].compactMap { $0 }.max()!
        func stamp(_ date: Date) -> Value { .text(date.formatted(.iso8601)) }
        return .object([
            ("service_request_id", .text(requestID(row.publicId))),
            ("status", .text(resident.hasOutcome ? "closed" : "open")),
            ("status_notes", .text(notes)),
            ("service_name", .text(row.serviceName ?? "")),
            ("service_code", .text(row.serviceCode)),
            ("agency_responsible", .text(row.unitName ?? "")),
            ("requested_datetime", stamp(row.createdAt)),
            ("updated_datetime", stamp(updated)),
            ("address", .text(row.districtName ?? "")),
        ])
    }
}

extension API {
    /// `/api/v1/open311-keys`: administrators issue api_keys for Open311 clients.
    enum Open311KeysController {
        struct NewKey: Content { let label: String }
        struct IssuedKey: Content { let apiKey: String; let label: String }

        @Sendable static func issue(req: Request) async throws -> Response {
            let who = try API.SettingsController.requireAdministrator(req)
            let body = try req.content.decode(NewKey.self)
            try NewMatterInput.line(body.label, field: "label", max: 100)
            let key = "o311_" + SecretToken.make()
            let now = req.now
            try await req.application.write { db in
                let record = Open311Key()
                record.id = SecretToken.digest(key); record.label = body.label; record.createdBy = who.officerID; record.createdAt = now
                try await record.create(on: db)
                try await AuditLog.append(on: db, kind: .open311KeyIssued, matterID: nil, actorID: who.officerID, fields: ["label": body.label], at: now)
            }
            return try await IssuedKey(apiKey: key, label: body.label).encodeResponse(status: .created, for: req)
        }
    }
}
