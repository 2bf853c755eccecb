import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// The online platform's messages: residents send and follow them; staff answer them or
/// escalate them into a ledger matter, after which the matter's reply is the answer.
package struct MessageService: Sendable {
    let app: Application

    // MARK: - Residents

    /// Stores a message and returns its tracking code. Limited per address and per phone.
    func submit(_ input: NewMessageInput, from address: String) async throws -> String {
        try await submitReturningID(input, from: address).code
    }

    package func submitReturningID(_ input: NewMessageInput, from address: String) async throws -> (id: Int, code: String, publicID: String?) {
        try input.validate()
        let cipher = app.cipher
        let phone = input.phone.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let now = app.clock.now()
        // Where it goes is read, and what is personal sealed, before the write, which runs one at a time on SQLite.
        let unitID: Int, districtID: Int?, cityID: Int
        if let id = input.districtId {
            guard let district = try await Unit.fetch(id, on: app.db), district.kind == .district else {
                throw AppError.invalid("districtId", "is not a district or county bureau")
            }
            (unitID, districtID, cityID) = (id, id, district.cityRootID)
        } else {
            guard let city = try await UnitStore.units(kind: .city, limit: 1, on: app.db).first else { throw AppError.notFound("city bureau") }
            (unitID, districtID, cityID) = (city.id!, nil, city.id!)
        }
        func seal(_ text: String?) throws -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return try cipher.seal(text)
        }
        let place = try seal(input.place), name = try seal(input.name), sealedPhone = try seal(phone)
        let coordinates = try input.latitude.flatMap { lat in try input.longitude.flatMap { try seal("\(lat),\($0)") } }
        let idNumber = try seal(input.idNumber?.uppercased())
        let content = try TextPersonalData.split(input.content.trimmingCharacters(in: .whitespacesAndNewlines), field: "content", cipher: cipher)
        return try await app.write { db in
            try await app.rateLimiter.hit(RateLimiter.submissionPerIP, key: address, on: db)
            if let phone { try await app.rateLimiter.hit(RateLimiter.submissionPerPhone, key: cipher.digest(phone), on: db) }
            let message = ResidentMessage()
            message.trackingCode = TrackingCode.make()
            message.kind = input.kind
            message.content = content.text
            message.language = input.language ?? "zh"
            message.serviceCode = input.serviceCode
            if input.serviceCode != nil { message.publicID = SecretToken.publicID() }
            message.createdAt = now
            message.unitID = unitID
            message.districtID = districtID
            message.cityID = cityID
            message.placeSealed = place
            message.coordinatesSealed = coordinates
            message.nameSealed = name
            message.phoneSealed = sealedPhone
            message.phoneDigest = phone.map(cipher.digest)
            message.idNumberSealed = idNumber
            message.status = .received
            try await message.insertRow(on: db)
            try await TextPersonalDataStore.insert(content.sealed, owner: .message, id: message.id!, at: now, on: db)
            try await AuditLog.append(on: db, kind: .messageReceived, matterID: nil, actorID: nil,
                                      fields: ["message": String(message.id!), "kind": input.kind.rawValue,
                                               "unit": String(message.unitID)], at: now)
            return (message.id!, message.trackingCode, message.publicID)
        }
    }

    /// What a resident sees with a tracking code and the last four digits of their phone.
    struct ResidentView: Content {
        struct Reply: Content {
            let round: Int; let text: String; let at: Date?; let rating: Satisfaction?; let ratingComment: String?
            /// An appeal against this rating and its outcome, shown to the resident too.
            var appeal: String? = nil
        }
        let trackingCode: String
        /// The kind of message the resident wrote; none for a matter registered by the staff.
        let kind: MessageKind?
        let status: ResidentStatus
        let content: String
        let createdAt: Date
        let reference: String?
        let replies: [Reply]
        let canRate: Bool
    }

    /// What a tracking code follows: a message written online, or one complainant of a matter
    /// registered by the staff (`ComplainantTracking`).
    package enum Tracked: Sendable {
        case message(ResidentMessage)
        case complainant(Complainant, code: String)
    }

    /// Finds what a code and phone ending follow. A wrong code and a wrong phone look the
    /// same from outside, and look-ups are limited, so guessing reveals nothing.
    func find(code typed: String, phoneLast4: String, from address: String) async throws -> Tracked {
        try await app.rateLimiter.hit(RateLimiter.lookupPerIP, key: address, field: "trackingCode")
        let notFound = AppError(status: .notFound, title: "Not found", detail: "no message matches this tracking code and phone number",
                                invalidParams: [.init(name: "trackingCode", reason: "no message matches this tracking code and phone number")])
        guard let code = TrackingCode.normalise(typed) else { throw notFound }
        try await app.rateLimiter.hit(RateLimiter.lookupPerCode, key: code, field: "trackingCode")
        let last4 = phoneLast4.trimmingCharacters(in: .whitespaces)
        if let message = try await MessageStore.message(trackingCode: code, on: app.db) {
            let expected = try message.phoneSealed.map { String(try app.cipher.open($0).suffix(4)) } ?? ""
            guard expected == last4 else { throw notFound }
            return .message(message)
        }
        guard let person = try await ComplainantTracking.complainant(code: code, on: app.db),
              String(try app.cipher.open(person.phoneSealed).suffix(4)) == last4 else { throw notFound }
        return .complainant(person, code: code)
    }

    /// The same, read again after a change.
    func reload(_ tracked: Tracked) async throws -> Tracked {
        switch tracked {
        case .message(let message): .message(try await ResidentMessage.fetch(message.id!, on: app.db) ?? message)
        case .complainant: tracked
        }
    }

    func residentView(_ tracked: Tracked) async throws -> ResidentView {
        guard case .message(let message) = tracked else { return try await complainantView(tracked) }
        var replies: [ResidentView.Reply] = []
        var matterStatus: MatterStatus?
        var reference: String?
        var canRate = false
        if let matterID = message.matterID, let complainantID = message.complainantID,
           let matter = try await Matter.fetch(matterID, on: app.db) {
            matterStatus = matter.status
            reference = matter.reference
            let rounds = try await MatterStore.responses(ofMatter: matterID, complainant: complainantID, on: app.db)
            let appeals = try await MatterStore.appeals(ofMatter: matterID, complainant: complainantID, on: app.db)
            replies = rounds.compactMap { row in
                row.reply.map { text in
                    let appeal = appeals.first { $0.round == row.round }
                    return ResidentView.Reply(round: row.round, text: text, at: row.repliedAt, rating: row.rating, ratingComment: row.ratingComment,
                                              appeal: appeal.map { $0.decision?.rawValue ?? "pending" })
                }
            }
            let current = rounds.first { $0.round == matter.round }
            canRate = matter.status == .replied && current?.reply != nil && current?.rating == nil
        } else if let answer = message.answer {
            replies = [.init(round: 1, text: answer, at: message.answeredAt, rating: message.rating, ratingComment: message.ratingComment)]
            canRate = message.rating == nil
        }
        return ResidentView(trackingCode: message.trackingCode, kind: message.kind,
                            status: ResidentStatus.of(message: message.status, matter: matterStatus),
                            content: message.content, createdAt: message.createdAt, reference: reference, replies: replies, canRate: canRate)
    }

    /// A complainant's view of their matter: its status and every reply to them.
    private func complainantView(_ tracked: Tracked) async throws -> ResidentView {
        guard case .complainant(let person, let code) = tracked, let matter = try await Matter.fetch(person.matterID, on: app.db) else {
            throw AppError.notFound("tracking code")
        }
        let rounds = try await MatterStore.responses(ofMatter: matter.id!, complainant: person.id!, on: app.db)
        let replies = rounds.compactMap { row in
            row.reply.map { ResidentView.Reply(round: row.round, text: $0, at: row.repliedAt, rating: row.rating, ratingComment: row.ratingComment) }
        }
        let current = rounds.first { $0.round == matter.round }
        return ResidentView(trackingCode: code, kind: nil, status: ResidentStatus.of(message: .escalated, matter: matter.status), content: matter.summary,
                            createdAt: matter.registeredAt, reference: matter.reference, replies: replies,
                            canRate: matter.status == .replied && current?.reply != nil && current?.rating == nil)
    }

    /// The resident's own rating: of a direct answer, or — for an escalated message or a
    /// matter's complainant — of the matter's reply, which is the rating the closure gate waits
    /// for; 不满意 reopens the matter.
    package func rate(_ tracked: Tracked, rating: Satisfaction, comment: String) async throws {
        try NewMatterInput.text(comment, field: "comment", max: 500, required: false)
        let message: ResidentMessage
        switch tracked {
        case .message(let written): message = written
        case .complainant(let person, _):
            _ = try await app.ledger.perform(.rate(complainantID: person.id!, rating: rating, comment: comment), on: person.matterID,
                                             expectedVersion: nil, by: .resident(complainantID: person.id!, channel: .trackingPage))
            return
        }
        if let matterID = message.matterID, let complainantID = message.complainantID {
            _ = try await app.ledger.perform(.rate(complainantID: complainantID, rating: rating, comment: comment), on: matterID,
                                             expectedVersion: nil, by: .resident(complainantID: complainantID, channel: .trackingPage))
            return
        }
        guard message.status == .answered else {
            throw AppError.conflict("there is no answer to rate yet", field: "rating")
        }
        let id = message.id!
        let now = app.clock.now()
        try await app.write { db in
            guard try await MessageStore.rateAnswer(of: id, rating: rating, comment: comment, on: db) else { throw AppError.conflict("this answer was already rated", field: "rating") }
            try await AuditLog.append(on: db, kind: .messageRated, matterID: nil, actorID: nil,
                                      fields: ["message": String(id), "rating": rating.rawValue], at: now)
        }
    }

    // MARK: - Staff

    /// A district bureau handles the messages about its district (a message's unit is its
    /// district, so a station sees none); the city sees all.
    func load(_ id: Int, for who: SignedIn, on db: any Database) async throws -> ResidentMessage {
        guard let message = try await ResidentMessage.fetch(id, on: db), message.isVisible(to: who) else {
            throw AppError.notFound("message \(id)")
        }
        return message
    }

    /// 答复: the resident reads the answer with their tracking code.
    package func answer(_ id: Int, text: String, by who: SignedIn) async throws {
        guard who.role.worksMatters else { throw AppError.forbidden("administrators do not answer messages") }
        try NewMatterInput.text(text, field: "answer", max: 5000)
        let now = app.clock.now()
        try await app.write { db in
            try await lockRow("messages", id: id, on: db)
            let message = try await load(id, for: who, on: db)
            guard message.status == .received else { throw AppError.conflict("the message was already \(message.status.rawValue)", field: "status") }
            message.status = .answered
            message.answer = text
            message.answeredBy = who.officerID
            message.answeredAt = now
            try await message.updateRow(on: db)
            try await Self.notifyAnswered(message, dedupeKey: "message-answered:\(id)", at: now, on: db)
            try await AuditLog.append(on: db, kind: .messageAnswered, matterID: nil, actorID: who.officerID,
                                      fields: ["message": String(id), "answer": AuditLog.digest(text)], at: now)
        }
    }

    /// 纳入三本账: the message becomes a ledger matter owned by `unitID`, with its sender as
    /// the complainant, in one transaction with the link between them.
    package func escalate(_ id: Int, to unitID: Int, summary: String, by who: SignedIn) async throws -> Int {
        guard who.role.worksMatters else { throw AppError.forbidden("administrators do not escalate messages") }
        try NewMatterInput.line(summary, field: "summary", max: 200)
        let cipher = app.cipher
        let now = app.clock.now()
        let ledger = app.ledger
        return try await app.write { db in
            try await lockRow("messages", id: id, on: db)
            let message = try await load(id, for: who, on: db)
            guard message.status == .received else { throw AppError.conflict("the message was already \(message.status.rawValue)", field: "status") }
            guard let name = message.nameSealed, let phone = message.phoneSealed else {
                throw AppError.invalid("contact", "an anonymous consultation cannot become a ledger matter: there is no one to reply to; answer it instead")
            }
            let person = NewMatterInput.Person(name: try cipher.open(name), phone: try cipher.open(phone),
                                               idNumber: try message.idNumberSealed.map(cipher.open),
                                               address: try message.placeSealed.map(cipher.open))
            let input = NewMatterInput(summary: summary, details: message.content, channel: .onlineMessage, sourceRef: "message:\(id)",
                                       unitId: unitID, suggestedLedger: message.kind.likelyLedger, complainants: [person])
            try input.validate()
            let matterID = try await ledger.insertMatter(input, by: who, at: now, on: db).id
            let complainant = try await MatterStore.firstComplainant(ofMatter: matterID, on: db)
            message.status = .escalated
            message.matterID = matterID
            message.complainantID = complainant?.id
            message.escalatedAt = now
            try await message.updateRow(on: db)
            try await AuditLog.append(on: db, kind: .messageEscalated, matterID: matterID, actorID: who.officerID,
                                      fields: ["message": String(id)], at: now)
            return matterID
        }
    }

    /// The matter's reply is the message's answer: the resident has been given feedback, and
    /// is told so by SMS with the tracking code to read it.
    static func noteFeedback(matterID: Int, complainantIDs: [Int], at date: Date, on db: any Database) async throws {
        let messages = try await MessageStore.messages(ofMatter: matterID, complainants: complainantIDs, on: db)
        for message in messages {
            if message.answeredAt == nil {
                message.answeredAt = date
                try await message.updateRow(on: db)
            }
            let round = try await Matter.fetch(matterID, on: db)?.round ?? 1
            try await notifyAnswered(message, dedupeKey: "matter-replied:\(matterID):\(round):\(message.complainantID ?? 0)", at: date, on: db)
        }
    }

    /// "Your message has an answer": never the answer itself, only the code to read it with.
    static func notifyAnswered(_ message: ResidentMessage, dedupeKey: String, at date: Date, on db: any Database) async throws {
        guard let phone = message.phoneSealed else { return }
        try await Outbox.enqueue(on: db, dedupeKey: dedupeKey, channel: .sms, recipientSealed: phone, template: "messageAnswered",
                                 payload: ["trackingCode": message.trackingCode], notBefore: date, now: date)
    }

    // MARK: - Counts

    struct UnitCount: Content { let unitId: Int; let received: Int; let answered: Int; let escalated: Int }

    /// Messages received, answered and escalated per unit in [from, to), by aggregate query.
    func counts(for who: SignedIn, from: Date, to: Date) async throws -> [UnitCount] {
        try await MessageStore.counts(within: who.reach, from: from, to: to, on: app.db)
    }
}

extension Application {
    package var messages: MessageService { MessageService(app: self) }
}
