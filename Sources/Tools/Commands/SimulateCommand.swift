import Fluent
import App
import Foundation
import LedgerCore
import YearSimulation
import SQLKit
import Vapor

/// `minyi simulate --profile xian-2023 [--seed N]`: a year of the demo city, lived through the
/// same services that real use calls. The clock is moved to each event's moment, the deadline
/// sweep runs at the end of every simulated day, and nothing is written but what those
/// services write.
struct SimulateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "profile", help: "The year to simulate: xian-2023 (the figures of the Xi'an report).")
        var profile: String?
        @Option(name: "seed", help: "Different seeds give different records with the same totals (default 1).")
        var seed: String?
        @Option(name: "scale", help: "Simulate 1/N of the volume, for a quick look (default 1: the whole year).")
        var scale: String?
    }

    var help: String { "Simulates a year of the demo city on an empty database, through the service layer (e.g. --profile xian-2023)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let profileName = signature.profile ?? "xian-2023"
        guard var profile = SimulationProfile.all.first(where: { $0.name == profileName }) else {
            throw AppError.invalid("--profile", "unknown profile \(profileName); known: \(SimulationProfile.all.map(\.name).joined(separator: ", "))")
        }
        guard let seed = UInt64(signature.seed ?? "1") else { throw AppError.invalid("--seed", "must be a whole number") }
        guard let scale = Int(signature.scale ?? "1"), scale >= 1 else { throw AppError.invalid("--scale", "must be a whole number of at least 1") }
        profile = profile.scaled(by: scale)

        let started = Date()
        let simulation = try await Simulation.prepare(app: app, profile: profile, seed: seed, console: context.console)
        try await simulation.run()
        let seconds = Int(Date().timeIntervalSince(started))
        context.console.print("Simulated \(profile.name) (seed \(seed)) in \(seconds / 60)m\(seconds % 60)s: \(simulation.plan.events.count) events, \(simulation.failures) failed.")
        if !simulation.accounts.isEmpty {
            context.console.print("Demo city loaded. Officers and their one-time passwords (shown only now):")
            for account in simulation.accounts {
                context.console.print("  \(account.username)\t\(account.password)\t\(account.role.rawValue)\t\(account.unit)")
            }
        }
        context.console.print("See it: minyi report --year \(profile.year)   ·   minyi serve, then /barometer")
        if simulation.failures > 0 { throw AppError(status: .internalServerError, title: "Simulation incomplete", detail: "\(simulation.failures) events failed") }
    }
}

/// The running simulation: the plan, the ids the records got, and who acts where.
final class Simulation: @unchecked Sendable {
    let app: Application
    let plan: YearPlan
    let console: any Console
    let accounts: [DemoCity.Account]
    let yearStart: Date
    private(set) var failures = 0

    // Who acts for each place in the unit tree.
    private let districts: [Unit]
    private let stations: [[Unit]]
    private let chiefs: [Int: SignedIn]
    private let handlers: [Int: SignedIn]
    private let partners: [Int: [Int]]
    private let cityID: Int
    private var liaisonOfficers: [SignedIn] = []

    // The records' ids, by plan index.
    private var matterIDs: [Int?]
    private var complainantIDs: [[Int]]
    private var results: [Int: String] = [:]
    private var messageIDs: [Int?]
    private var roomIDs: [Int?]
    private var serviceIDs: [Int?]
    private var meetingIDs: [Int?]
    private var itemIDs: [Int?]
    private var contactIDs: [Int?]
    private var visitIDs: [Int?]
    private var liaisonItemIDs: [Int?]

    private init(app: Application, plan: YearPlan, console: any Console, accounts: [DemoCity.Account], districts: [Unit], stations: [[Unit]],
                 chiefs: [Int: SignedIn], handlers: [Int: SignedIn], partners: [Int: [Int]], cityID: Int) {
        self.app = app
        self.plan = plan
        self.console = console
        self.accounts = accounts
        self.districts = districts
        self.stations = stations
        self.chiefs = chiefs
        self.handlers = handlers
        self.partners = partners
        self.cityID = cityID
        yearStart = Barometer.start(year: plan.profile.year)
        matterIDs = Array(repeating: nil, count: plan.matters.count)
        complainantIDs = Array(repeating: [], count: plan.matters.count)
        messageIDs = Array(repeating: nil, count: plan.messages.count)
        roomIDs = Array(repeating: nil, count: plan.rooms.count)
        serviceIDs = Array(repeating: nil, count: plan.services.count)
        meetingIDs = Array(repeating: nil, count: plan.meetings.count)
        itemIDs = Array(repeating: nil, count: plan.agendaItems.count)
        contactIDs = Array(repeating: nil, count: plan.contacts.count)
        visitIDs = Array(repeating: nil, count: plan.visits.count)
        liaisonItemIDs = Array(repeating: nil, count: plan.liaisonItems.count)
    }

    /// Loads the demo city if need be, refuses a database that already holds activity, and
    /// plans the year for the city's actual units.
    static func prepare(app: Application, profile: SimulationProfile, seed: UInt64, console: any Console) async throws -> Simulation {
        let busy = try await Matter.query(on: app.db).count() + ResidentMessage.query(on: app.db).count()
            + ReceptionRoom.query(on: app.db).count() + LiaisonContact.query(on: app.db).count()
        guard busy == 0 else {
            throw AppError.conflict("simulate needs an empty database: this one already holds matters, messages, rooms or pairings (start from a new MINYI_DATA_DIR or database)")
        }
        var accounts: [DemoCity.Account] = []
        if try await Unit.query(on: app.db).filter(\.$kind == .district).count() == 0 {
            accounts = try await DemoCity.load(into: app)
            try await DemoServices.load(into: app)
        }
        let units = try await Unit.query(on: app.db).sort(\.$id).all()
        let districts = units.filter { $0.kind == .district }
        let stations = districts.map { district in units.filter { $0.kind == .station && $0.districtID == district.id } }
        guard let city = units.first(where: { $0.kind == .city }), !districts.isEmpty, stations.allSatisfy({ !$0.isEmpty }) else {
            throw AppError.conflict("the city needs district bureaus, each with at least one station")
        }
        let unitByID = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) })
        let officers = try await Officer.query(on: app.db).filter(\.$disabled == false).sort(\.$id).all()
        func signedIn(_ officer: Officer) -> SignedIn {
            let unit = unitByID[officer.unitID]!
            return SignedIn(officerID: officer.id!, username: officer.username, displayName: officer.displayName, role: officer.role,
                            unitID: unit.id!, unitKind: unit.kind, unitName: unit.name, sessionID: nil, csrfToken: nil)
        }
        var chiefs: [Int: SignedIn] = [:], handlers: [Int: SignedIn] = [:]
        for unit in [city] + districts + stations.flatMap({ $0 }) {
            let own = officers.filter { $0.unitID == unit.id }
            guard let chief = own.first(where: { [.cityChief, .districtChief, .stationChief].contains($0.role) }),
                  let handler = own.first(where: { [.officer, .stationDeputy, .districtDeputy, .cityDeputy].contains($0.role) }) else {
                throw AppError.conflict("unit \(unit.name) needs a chief and an officer or deputy to simulate its work")
            }
            chiefs[unit.id!] = signedIn(chief)
            handlers[unit.id!] = signedIn(handler)
        }
        var partners: [Int: [Int]] = [:]
        for partner in units where partner.kind == .partner {
            partners[partner.districtID ?? city.id!, default: []].append(partner.id!)
        }
        let plan = YearPlan.make(profile: profile, seed: seed, stationsPerDistrict: stations.map(\.count))
        let simulation = Simulation(app: app, plan: plan, console: console, accounts: accounts, districts: districts, stations: stations,
                                    chiefs: chiefs, handlers: handlers, partners: partners, cityID: city.id!)
        try await simulation.createLiaisonOfficers(signedIn: signedIn)
        return simulation
    }

    /// Officers are people, not activity: like the demo seed, they are created directly. They
    /// share one password hash of a secret nobody keeps, so none of these accounts can sign in.
    private func createLiaisonOfficers(signedIn: (Officer) -> SignedIn) async throws {
        let unusable = try await app.auth.hashPassword(SecretToken.password() + SecretToken.password())
        let specs = plan.liaisonOfficers
        let units = specs.map { unitID($0.place) }
        let created = try await app.write { db -> [Officer] in
            var officers: [Officer] = []
            for (index, spec) in specs.enumerated() {
                let officer = Officer(username: "liaison-\(index + 1)", displayName: spec.name, role: .officer, unitID: units[index],
                                      passwordHash: unusable, rank: spec.rank.rawValue)
                try await officer.create(on: db)
                officers.append(officer)
            }
            try await AuditLog.append(on: db, kind: .simulatedOfficersCreated, matterID: nil, actorID: nil,
                                      fields: ["officers": String(officers.count)], at: self.app.clock.now())
            return officers
        }
        liaisonOfficers = created.map(signedIn)
    }

    private func chief(_ place: YearPlan.Place) -> SignedIn { chiefs[unitID(place)]! }
    private func handler(_ place: YearPlan.Place) -> SignedIn { handlers[unitID(place)]! }

    private func unitID(_ place: YearPlan.Place) -> Int {
        switch place {
        case .city: cityID
        case .district(let d): districts[d].id!
        case .station(let d, let s): stations[d][s].id!
        }
    }

    // MARK: - Running the year

    func run() async throws {
        // A simulated year is regenerated, not recovered.
        try await app.relaxSQLiteDurability()
        do {
            try await runEvents()
        } catch {
            try? await app.restoreSQLiteDurability()
            throw error
        }
        try await app.restoreSQLiteDurability()
        app.clock.set(Date())
    }

    private func runEvents() async throws {
        let events = plan.events
        var day = -1
        var lastShown = -1
        let total = events.count
        for (index, event) in events.enumerated() {
            let eventDay = event.time / YearPlan.secondsPerDay
            if eventDay != day {
                if day >= 0 { try await sweep(endOf: day) }
                day = eventDay
            }
            app.clock.set(yearStart.addingTimeInterval(TimeInterval(event.time)))
            do {
                try await perform(event.action)
            } catch {
                failures += 1
                if failures <= 10 { console.error("\n\(event.action): \(String(reflecting: error))") }
            }
            let shown = index * 200 / max(total, 1)
            if shown != lastShown {
                lastShown = shown
                progress(done: index + 1, total: total, day: eventDay)
            }
        }
        try await sweep(endOf: day)
        progress(done: total, total: total, day: day)
        console.print("")
    }

    private let started = Date()

    private func progress(done: Int, total: Int, day: Int) {
        let width = 30
        let filled = done * width / max(total, 1)
        let elapsed = Int(Date().timeIntervalSince(started))
        let date = Barometer.dayString(yearStart.addingTimeInterval(TimeInterval(max(day, 0) * YearPlan.secondsPerDay)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        console.output("\r[\(bar)] \(done * 100 / max(total, 1))% \(date) \(done)/\(total) events \(elapsed / 60)m\(elapsed % 60)s ".consoleText(), newLine: false)
    }

    /// 督促回复 at the end of each simulated day, as the scheduler would.
    private func sweep(endOf day: Int) async throws {
        app.clock.set(yearStart.addingTimeInterval(TimeInterval(day * YearPlan.secondsPerDay + 19 * 3_600)))
        while try await app.deadlineSweep.run().examined >= 1000 {}
        try await MatterTallies.fold(app)
    }

    // MARK: - One event

    private func person(_ p: SimulatedText.Person) -> NewMatterInput.Person {
        NewMatterInput.Person(name: p.name, phone: p.phone, idNumber: p.idNumber, address: p.address)
    }

    private func perform(_ action: YearPlan.Action) async throws {
        switch action {
        case .createRoom(let r):
            let spec = plan.rooms[r]
            let room = try await app.reception.createRoom(.init(name: spec.name, kind: spec.kind, stationId: unitID(spec.station), address: spec.address,
                                                                hours: "09:00-21:00", languages: spec.languages, modelSite: spec.modelSite),
                                                          by: chief(spec.station))
            roomIDs[r] = room.id

        case .appointMember(let m):
            let spec = plan.members[m]
            _ = try await app.engagement.addMember(.init(name: spec.name, expertise: spec.expertise, appointedOn: spec.appointedOn,
                                                         termEndsOn: spec.termEndsOn), by: chief(spec.place))

        case .pair(let c):
            let spec = plan.contacts[c]
            let contact = try await app.liaison.pair(.init(officerId: nil, kind: spec.kind, name: spec.name, startedOn: spec.startedOn),
                                                     by: liaisonOfficers[spec.officer])
            contactIDs[c] = contact.id

        case .submitMessage(let m):
            let spec = plan.messages[m]
            let input = NewMessageInput(kind: spec.kind, content: spec.content, districtId: districts[spec.district].id, place: spec.place,
                                        latitude: nil, longitude: nil, name: spec.person?.name, phone: spec.person?.phone,
                                        idNumber: spec.person?.idNumber, language: "zh")
            messageIDs[m] = try await app.messages.submitReturningID(input, from: "simulated-\(m)").id

        case .answerMessage(let m):
            let spec = plan.messages[m]
            var random = seeded(m)
            try await app.messages.answer(try id(messageIDs[m]), text: "您好，关于您的留言：" + SimulatedText.result(&random),
                                          by: handler(.district(spec.district)))

        case .rateAnswer(let m, let rating):
            guard let message = try await ResidentMessage.fetch(try id(messageIDs[m]), on: app.db) else { throw AppError.notFound("message") }
            try await app.messages.rate(.message(message), rating: rating, comment: "")

        case .escalateMessage(let m):
            let spec = plan.messages[m]
            let matter = spec.matter!
            let matterID = try await app.messages.escalate(try id(messageIDs[m]), to: stations[spec.district][spec.escalateToStation].id!,
                                                           summary: plan.matters[matter].summary, by: handler(.district(spec.district)))
            try await noteMatter(matter, id: matterID)

        case .registerMatter(let m):
            let spec = plan.matters[m]
            guard case .staff(let channel) = spec.source else { return }
            let input = NewMatterInput(summary: spec.summary, details: spec.details, channel: channel, sourceRef: nil, unitId: unitID(spec.place),
                                       suggestedLedger: spec.ledger, topic: spec.topic, complainants: spec.complainants.map(person))
            try await noteMatter(m, id: try await app.ledger.register(input, by: handler(spec.place)).id)

        case .logService(let s):
            let spec = plan.services[s]
            let room = plan.rooms[spec.room]
            let entry = try await app.reception.log(roomID: try id(roomIDs[spec.room]),
                                                    .init(at: nil, residentsServed: spec.residents, serviceKind: spec.kind,
                                                          foreignResident: spec.foreignLanguage != nil, language: spec.foreignLanguage,
                                                          summary: spec.summary, outcome: spec.outcome),
                                                    by: handler(room.station))
            serviceIDs[s] = entry.id

        case .escalateService(let s):
            let spec = plan.services[s]
            let matter = plan.matters[spec.matter!]
            let matterID = try await app.reception.escalate(entryID: try id(serviceIDs[s]),
                                                            .init(summary: matter.summary, complainants: matter.complainants.map(person)),
                                                            by: handler(plan.rooms[spec.room].station))
            try await noteMatter(spec.matter!, id: matterID)

        case .recordMeeting(let m):
            let spec = plan.meetings[m]
            let participants = Dictionary(uniqueKeysWithValues: spec.participants.map { ($0.key.rawValue, $0.value) })
            let meeting = try await app.engagement.create(.init(unitId: unitID(spec.place), day: spec.day, place: spec.venue, topic: spec.topic,
                                                                participants: participants, memberIds: nil, minutes: spec.minutes),
                                                          by: chief(spec.place))
            meetingIDs[m] = meeting.id

        case .addAgendaItem(let i):
            let spec = plan.agendaItems[i]
            let item = try await app.engagement.addItem(try id(meetingIDs[spec.meeting]), title: spec.title,
                                                        by: chief(plan.meetings[spec.meeting].place))
            itemIDs[i] = item.id

        case .resolveAgendaItem(let i):
            let spec = plan.agendaItems[i]
            let place = plan.meetings[spec.meeting].place
            _ = try await app.engagement.resolve(try id(itemIDs[i]), .init(resolution: spec.resolution, plan: "责任单位限期办理并向群众反馈办理结果。",
                                                                         ownerId: handler(place).officerID, dueOn: spec.dueOn),
                                                 by: chief(place))

        case .openAgendaMatter(let i):
            let spec = plan.agendaItems[i]
            let matter = plan.matters[spec.matter!]
            let matterID = try await app.engagement.openMatter(try id(itemIDs[i]), summary: matter.summary,
                                                               complainants: matter.complainants.map(person),
                                                               by: chief(plan.meetings[spec.meeting].place))
            try await noteMatter(spec.matter!, id: matterID)

        case .visit(let v):
            let spec = plan.visits[v]
            let contact = plan.contacts[spec.contact]
            let visit = try await app.liaison.visit(try id(contactIDs[spec.contact]), .init(day: spec.day, mode: spec.mode, notes: spec.notes),
                                                    by: liaisonOfficers[contact.officer])
            visitIDs[v] = visit.id

        case .collectItem(let i):
            let spec = plan.liaisonItems[i]
            let officer = liaisonOfficers[plan.contacts[plan.visits[spec.visit].contact].officer]
            let item = try await app.liaison.collect(try id(visitIDs[spec.visit]), .init(description: spec.description, solution: spec.solution),
                                                     by: officer)
            liaisonItemIDs[i] = item.id

        case .openLiaisonMatter(let i):
            let spec = plan.liaisonItems[i]
            let officer = liaisonOfficers[plan.contacts[plan.visits[spec.visit].contact].officer]
            let matter = plan.matters[spec.matter!]
            let matterID = try await app.liaison.openMatter(try id(liaisonItemIDs[i]), summary: matter.summary,
                                                            complainants: matter.complainants.map(person), by: officer)
            try await noteMatter(spec.matter!, id: matterID)

        case .matter(let m, let step):
            try await perform(step, on: m)
        }
    }

    private func perform(_ step: YearPlan.MatterStep, on m: Int) async throws {
        let spec = plan.matters[m]
        let matterID = try id(matterIDs[m])
        let chief = chief(spec.place), handler = handler(spec.place)
        var random = seeded(m)
        func act(_ command: MatterCommand, by who: SignedIn) async throws {
            _ = try await app.ledger.perform(command, on: matterID, expectedVersion: nil, by: .officer(who.actor))
        }
        switch step {
        case .vet: try await act(.vet(spec.ledger!), by: chief)
        case .decline: try await act(.decline(reason: "经审核，该事项不属于公安机关职责范围，已告知您向相关主管部门反映。"), by: chief)
        case .handle: try await act(.startHandling(handlerID: handler.officerID), by: handler)
        case .coordinate:
            let district = spec.place.district.map { districts[$0].id! } ?? cityID
            let partner = random.pick(partners[district] ?? partners.values.first ?? [])
            try await act(.coordinate(partnerUnitID: partner, note: "已联系协调共同处置。"), by: handler)
        case .result:
            let result = SimulatedText.result(&random)
            results[m] = result
            try await act(.recordResult(result), by: handler)
        case .reply(let person):
            try await act(.reply(complainantID: complainantIDs[m][person], text: SimulatedText.reply(result: results[m] ?? "", &random)), by: handler)
        case .rate(let person, let rating):
            let complainantID = complainantIDs[m][person]
            if case .message(let message) = spec.source {
                // A resident who wrote online rates with their tracking code, never through staff.
                guard let message = try await ResidentMessage.fetch(try id(messageIDs[message]), on: app.db) else { throw AppError.notFound("message") }
                try await app.messages.rate(.message(message), rating: rating, comment: rating == .dissatisfied ? "问题没有真正解决" : "")
            } else {
                // Every other resident rates with the one-time link the reply brought them; staff never rate.
                _ = try await app.ledger.perform(.rate(complainantID: complainantID, rating: rating, comment: rating == .dissatisfied ? "问题没有真正解决" : ""),
                                                 on: matterID, expectedVersion: nil, by: .resident(complainantID: complainantID, channel: .ratingLink))
            }
        case .publish:
            do {
                try await act(.publish(asked: spec.summary, summary: "已办结：" + (results[m] ?? "已处理")), by: chief)
            } catch let error as AppError where error.status == .unprocessableEntity {
                // The words happened to contain a complainant's data: withhold instead, as an officer would.
                try await act(.withhold(reason: .personalPrivacy, note: "摘要涉及群众个人信息，依法不予公开。"), by: chief)
            }
        case .withhold(let reason): try await act(.withhold(reason: reason, note: "依法不予公开。"), by: chief)
        case .review: try await act(.reviewAccountability(answerableOfficerID: handler.officerID, finding: "承办民警依法依规办理，按期答复，无需追责。"), by: chief)
        case .close: try await act(.close, by: chief)
        }
    }

    private func noteMatter(_ m: Int, id matterID: Int) async throws {
        matterIDs[m] = matterID
        complainantIDs[m] = try await Complainant.query(on: app.db).filter(\.$matterID == matterID).sort(\.$id).all(\.$id)
    }

    private func id(_ value: Int?) throws -> Int {
        guard let value else { throw AppError.conflict("an earlier step of this record failed") }
        return value
    }

    /// Text chosen per record, so a seed gives the same words whatever failed before.
    private func seeded(_ index: Int) -> SeededRandom { SeededRandom(seed: plan.seed &* 31 &+ UInt64(index)) }
}
