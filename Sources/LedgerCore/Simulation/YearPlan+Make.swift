import Foundation

extension YearPlan {
    /// Plans `profile`'s year for a city whose district `d` has `stationsPerDistrict[d]` stations.
    public static func make(profile: SimulationProfile, seed: UInt64, stationsPerDistrict: [Int]) -> YearPlan {
        var builder = Builder(profile: profile, seed: seed, stationsPerDistrict: stationsPerDistrict)
        return builder.build()
    }

    /// Days are counted from 1 January; weekends are not worked (holidays are the calendar's
    /// business, and a simulated officer working one is harmless).
    struct Days {
        let count: Int
        let firstWeekday: Int  // 0 = Monday

        init(year: Int) {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            count = leap ? 366 : 365
            // Sakamoto's method for the weekday of 1 January (0 = Sunday), moved to 0 = Monday.
            let y = year - 1
            let sunday0 = (y + y / 4 - y / 100 + y / 400 + 1) % 7
            firstWeekday = (sunday0 + 6) % 7
        }

        func isWorking(_ day: Int) -> Bool { (firstWeekday + day) % 7 < 5 }
        func weekday(_ day: Int) -> Int { (firstWeekday + day) % 7 }

        func working(onOrAfter day: Int) -> Int {
            var d = day
            while !isWorking(d) { d += 1 }
            return d
        }

        func adding(workingDays n: Int, to day: Int) -> Int {
            var d = day, left = n
            while left > 0 {
                d += 1
                if isWorking(d) { left -= 1 }
            }
            return working(onOrAfter: d)
        }

        func string(_ day: Int, year: Int) -> String {
            let lengths = [31, count == 366 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            var month = 0, d = day
            while month < 11 && d >= lengths[month] { d -= lengths[month]; month += 1 }
            return "\(year)-\(month + 1 < 10 ? "0" : "")\(month + 1)-\(d + 1 < 10 ? "0" : "")\(d + 1)"
        }
    }

    struct Builder {
        let profile: SimulationProfile
        let stationsPerDistrict: [Int]
        let days: Days
        var random: SeededRandom
        var plan: YearPlan
        var events: [Event] = []
        let yearEnd: Int
        var roomOpened: [Int] = []
        var contactStartDay: [Int] = []

        init(profile: SimulationProfile, seed: UInt64, stationsPerDistrict: [Int]) {
            self.profile = profile
            self.stationsPerDistrict = stationsPerDistrict
            days = Days(year: profile.year)
            random = SeededRandom(seed: seed)
            plan = YearPlan(profile: profile, seed: seed)
            yearEnd = days.count * YearPlan.secondsPerDay
        }

        // MARK: Time

        /// Office hours, 08:30–17:30, on the first working day on or after `day`.
        mutating func staffTime(_ day: Int) -> Int {
            let d = days.working(onOrAfter: day)
            return d * YearPlan.secondsPerDay + random.int(30_600...63_000)
        }

        /// Residents write at any hour they are awake.
        mutating func residentTime(_ day: Int) -> Int { day * YearPlan.secondsPerDay + random.int(25_200...79_200) }

        /// The next step of the same piece of work: later the same day, or `workingDays` later.
        mutating func after(_ time: Int, workingDays: Int) -> Int {
            if workingDays == 0 { return time + random.int(300...2_400) }
            return staffTime(days.adding(workingDays: workingDays, to: time / YearPlan.secondsPerDay))
        }

        func day(_ time: Int) -> Int { time / YearPlan.secondsPerDay }

        mutating func emit(_ time: Int, _ action: Action) { events.append(Event(time: time, action: action)) }

        mutating func randomStation() -> Place {
            let d = random.int(0...(stationsPerDistrict.count - 1))
            return .station(d, random.int(0...(stationsPerDistrict[d] - 1)))
        }

        /// A day of the year, busier on weekdays and in spring and autumn.
        mutating func busyDay(lastDay: Int? = nil) -> Int {
            let last = lastDay ?? days.count - 1
            while true {
                let d = random.int(0...last)
                let seasonal = 1.0 + 0.15 * sin(Double(d) / Double(days.count) * 4 * .pi)
                let weekly = days.isWorking(d) ? 1.0 : 0.55
                if random.chance(seasonal * weekly / 1.15) { return d }
            }
        }

        // MARK: The year

        mutating func build() -> YearPlan {
            planRoomsMembersAndOfficers()
            let ledgerPool = shuffledPool(profile.matters)
            var ledgerCursor = 0
            func nextLedger() -> Ledger {
                defer { ledgerCursor += 1 }
                return ledgerPool[ledgerCursor]
            }
            // How the year's matters arrive: online messages, reception rooms, meetings, visits;
            // the rest registered by staff (walk-ins, letters, calls, patrols).
            let total = profile.totalMatters
            let fromMessages = profile.messagesEscalated
            let fromReception = total * 63 / 1_000
            let fromLiaison = total * 29 / 1_000
            let fromMeetings = min(total * 20 / 1_000, profile.engagementActivities)
            planMessages(escalated: fromMessages, ledgers: ledgerPool, cursor: &ledgerCursor)
            planReception(escalations: fromReception, ledgers: ledgerPool, cursor: &ledgerCursor)
            planMeetings(matters: fromMeetings, ledgers: ledgerPool, cursor: &ledgerCursor)
            planLiaison(matters: fromLiaison, ledgers: ledgerPool, cursor: &ledgerCursor)
            let staffMatters = total - ledgerCursor
            for _ in 0..<staffMatters {
                let ledger = nextLedger()
                addStaffMatter(ledger: ledger)
            }
            // Some items are not ledger matters at all: declined with a reason at vetting.
            for _ in 0..<(staffMatters * 15 / 1_000) { addStaffMatter(ledger: nil) }
            planMatterLifecycles()
            settleLiaisonSolutions()
            events.sort { $0.time < $1.time }
            plan.events = events
            return plan
        }

        func shuffledPool(_ counts: [Ledger: Int]) -> [Ledger] {
            var pool: [Ledger] = []
            for ledger in Ledger.allCases { pool += Array(repeating: ledger, count: counts[ledger] ?? 0) }
            var generator = random
            pool.shuffle(using: &generator)
            return pool
        }

        // MARK: Topics, with two waves the barometer should notice

        mutating func topic(for ledger: Ledger?, day: Int, place: Place) -> MatterTopic {
            var weights: [MatterTopic: Double] = switch ledger {
            case .suggestion: [.traffic: 4, .householdRegistration: 3, .publicOrder: 2, .campusSafety: 2, .exitEntry: 1, .fraud: 1, .other: 2]
            case .demand: [.neighbourDispute: 4, .householdRegistration: 3, .noise: 3, .traffic: 2, .exitEntry: 1, .publicOrder: 1, .other: 1]
            case .complaint, nil: [.publicOrder: 3, .fraud: 2, .noise: 3, .officerConduct: 2, .traffic: 2, .neighbourDispute: 1, .other: 1]
            }
            // A wave of telephone fraud across the city in May, and building-site noise in one
            // district in July: real cities have such weeks.
            if (120...133).contains(day) { weights[.fraud, default: 0] *= 6 }
            if (182...202).contains(day), place.district == 5 % max(stationsPerDistrict.count, 1) { weights[.noise, default: 0] *= 8 }
            let topics = MatterTopic.allCases.filter { weights[$0] != nil }
            return topics[random.weighted(topics.map { weights[$0]! })]
        }

        // MARK: Rooms, think tank, liaison officers and their pairings

        mutating func planRoomsMembersAndOfficers() {
            let streetRooms = max(profile.receptionRooms / 4, profile.modelStreetRooms)
            for index in 0..<profile.receptionRooms {
                let kind: ReceptionRoomKind = index < streetRooms ? .street : .community
                let model = kind == .street ? index < profile.modelStreetRooms : index - streetRooms < profile.modelCommunityRooms
                let station = randomStation()
                let estate = random.pick(SimulatedText.estates)
                let street = random.pick(SimulatedText.places)
                plan.rooms.append(RoomSpec(
                    station: station, name: kind == .street ? "\(street)街道暖心警务会客厅" : "\(estate)社区暖心警务会客厅",
                    kind: kind, address: "\(street)\(random.int(1...400))号", modelSite: model,
                    languages: random.chance(0.1) ? ["en"] : []))
                let created = staffTime(random.int(1...20))
                roomOpened.append(day(created))
                emit(created, .createRoom(index))
            }
            let expertise = ["法律", "教育", "城市规划", "社会工作", "心理咨询", "交通工程", "新闻媒体", "企业管理"]
            for index in 0..<profile.thinkTankMembers {
                let place: Place = index % 5 == 0 ? .city : .district(random.int(0...(stationsPerDistrict.count - 1)))
                plan.members.append(MemberSpec(place: place, name: SimulatedText.person(&random, withID: false, withAddress: false).name,
                                               expertise: random.pick(expertise), appointedOn: "\(profile.year)-01-0\(random.int(3...9))",
                                               termEndsOn: "\(profile.year + 2)-12-31"))
                emit(staffTime(random.int(2...8)), .appointMember(index))
            }
            for index in 0..<profile.liaisonOfficers {
                let d = random.int(0...(stationsPerDistrict.count - 1))
                let place: Place = index % 40 == 0 ? .city : (random.chance(0.5) ? .district(d) : .station(d, random.int(0...(stationsPerDistrict[d] - 1))))
                let rank: OfficerRank = switch place {
                case .city: random.pick([.section, .deputyDivision])
                case .district: random.pick([.deputySection, .section, .deputyDivision])
                case .station: random.pick([.deputySection, .section])
                }
                plan.liaisonOfficers.append(LiaisonOfficerSpec(place: place, name: SimulatedText.person(&random, withID: false, withAddress: false).name, rank: rank))
            }
            let unitNames = ["科技有限公司", "实验小学", "社区居委会", "商贸城", "物流园", "中学", "医院", "农贸市场"]
            for index in 0..<profile.liaisonContacts {
                let kind = random.pick(LiaisonContactKind.allCases)
                let name = kind == .individual ? SimulatedText.person(&random, withID: false, withAddress: false).name
                    : "\(random.pick(SimulatedText.places))\(random.pick(unitNames))"
                let time = staffTime(random.int(0...119))
                contactStartDay.append(day(time))
                plan.contacts.append(ContactSpec(officer: random.int(0...(profile.liaisonOfficers - 1)), kind: kind, name: name,
                                                 startedOn: days.string(day(time), year: profile.year)))
                emit(time, .pair(index))
            }
        }

        // MARK: Messages

        mutating func planMessages(escalated: Int, ledgers pool: [Ledger], cursor: inout Int) {
            let received = profile.messagesReceived
            let lastDay = days.count - 1
            var arrivals = (0..<received).map { _ in busyDay() }
            arrivals.sort()
            // Escalated: reports, suggestions and requests with contact details, early enough to be replied within the year.
            let escalationCandidates = Array(0..<received).filter { arrivals[$0] <= lastDay - 45 }
            var generator = random
            let escalatedSet = Set(escalationCandidates.shuffled(using: &generator).prefix(escalated))
            random = generator
            // Unanswered: the last few days' arrivals, then some lost in the queue.
            let unansweredCount = received - profile.messagesAnswered
            var unanswered = Set<Int>()
            var index = received - 1
            while unanswered.count < unansweredCount * 2 / 5 && index >= 0 {
                if !escalatedSet.contains(index) { unanswered.insert(index) }
                index -= 1
            }
            while unanswered.count < unansweredCount {
                let candidate = random.int(0...(received - 1))
                if !escalatedSet.contains(candidate) { unanswered.insert(candidate) }
            }
            for message in 0..<received {
                let arrival = residentTime(arrivals[message])
                let district = random.int(0...(stationsPerDistrict.count - 1))
                var matter: Int?
                let kind: MessageKind
                if escalatedSet.contains(message) {
                    let ledger = pool[cursor]
                    cursor += 1
                    kind = switch ledger { case .suggestion: .suggestion; case .demand: .business; case .complaint: .report }
                    let station = random.int(0...(stationsPerDistrict[district] - 1))
                    let topic = topic(for: ledger, day: arrivals[message], place: .station(district, station))
                    let (summary, details) = SimulatedText.ask(topic: topic, &random)
                    let person = SimulatedText.person(&random, withID: true, withAddress: false)
                    matter = plan.matters.count
                    plan.matters.append(MatterSpec(place: .station(district, station), source: .message(message), ledger: ledger,
                                                   topic: topic, summary: summary, details: details, complainants: [person]))
                    plan.messages.append(MessageSpec(kind: kind, district: district, content: details,
                                                     place: random.pick(SimulatedText.places), person: person, matter: matter,
                                                     escalateToStation: station))
                    emit(arrival, .submitMessage(message))
                    emit(after(arrival + 3_600, workingDays: random.int(0...2)), .escalateMessage(message))
                    continue
                }
                kind = MessageKind.allCases[random.weighted([45, 20, 15, 20])]
                let topic = topic(for: kind.likelyLedger, day: arrivals[message], place: .district(district))
                let (_, details) = SimulatedText.ask(topic: topic, &random)
                let person: SimulatedText.Person? = kind.requiresContact || random.chance(0.5)
                    ? SimulatedText.person(&random, withID: kind.requiresContact, withAddress: false) : nil
                plan.messages.append(MessageSpec(kind: kind, district: district, content: details,
                                                 place: person == nil ? nil : random.pick(SimulatedText.places), person: person,
                                                 matter: nil, escalateToStation: 0))
                emit(arrival, .submitMessage(message))
                guard !unanswered.contains(message) else { continue }
                // Answered within a few working days, and always within the year.
                var answer = after(arrival + 1_800, workingDays: random.int(0...3))
                if answer >= yearEnd { answer = arrival + 600 }
                emit(answer, .answerMessage(message))
                if person != nil && random.chance(0.6) {
                    let rated = answer + random.int(3_600...(3 * 86_400))
                    if rated < yearEnd {
                        emit(rated, .rateAnswer(message, [.satisfied, .basicallySatisfied, .dissatisfied][random.weighted([82, 14, 4])]))
                    }
                }
            }
        }

        // MARK: Reception rooms

        mutating func planReception(escalations: Int, ledgers: [Ledger], cursor: inout Int) {
            var kinds: [ReceptionServiceKind] = []
            for kind in ReceptionServiceKind.allCases { kinds += Array(repeating: kind, count: profile.services[kind] ?? 0) }
            var generator = random
            kinds.shuffle(using: &generator)
            random = generator
            // Residents served beyond one per service: families and groups served together.
            var extra = profile.residentsServed - kinds.count
            var residents = Array(repeating: 1, count: kinds.count)
            while extra > 0 {
                let index = random.int(0...(kinds.count - 1))
                let add = min(extra, random.int(1...3))
                residents[index] += add
                extra -= add
            }
            var roomFor: [Int] = [], dayOf: [Int] = []
            for kind in kinds {
                let room = random.int(0...(profile.receptionRooms - 1))
                roomFor.append(room)
                let serviceDay = random.int(max(roomOpened[room] + 1, 21)...(days.count - 1))
                dayOf.append(serviceDay)
            }
            // Some services raise a matter for the ledger; never an emergency, and early enough to handle.
            let candidates = kinds.indices.filter { kinds[$0] != .emergencyHelp && dayOf[$0] < days.count - 30 }
            var shuffler = random
            let escalating = Set(candidates.shuffled(using: &shuffler).prefix(escalations))
            random = shuffler
            for (index, kind) in kinds.enumerated() {
                let room = roomFor[index], serviceDay = dayOf[index]
                let time = days.isWorking(serviceDay) ? staffTime(serviceDay) : serviceDay * YearPlan.secondsPerDay + random.int(32_400...61_200)
                let (summary, outcome) = SimulatedText.serviceEntry(kind, &random)
                var matter: Int?
                if escalating.contains(index) {
                    let ledger = ledgers[cursor]
                    cursor += 1
                    let topic = topic(for: ledger, day: serviceDay, place: plan.rooms[room].station)
                    let ask = SimulatedText.ask(topic: topic, &random)
                    matter = plan.matters.count
                    plan.matters.append(MatterSpec(place: plan.rooms[room].station, source: .reception(index), ledger: ledger, topic: topic,
                                                   summary: ask.summary, details: ask.details,
                                                   complainants: [SimulatedText.person(&random, withID: random.chance(0.5), withAddress: true)]))
                }
                plan.services.append(ServiceSpec(room: room, residents: residents[index], kind: kind, summary: summary, outcome: outcome,
                                                 foreignLanguage: plan.rooms[room].languages.isEmpty || !random.chance(0.05) ? nil : "en", matter: matter))
                emit(time, .logService(index))
                if matter != nil { emit(time + 900, .escalateService(index)) }
            }
        }

        // MARK: Engagement meetings

        mutating func planMeetings(matters: Int, ledgers: [Ledger], cursor: inout Int) {
            var opened = 0
            for index in 0..<profile.engagementActivities {
                let roll = random.int(0...99)
                let d = random.int(0...(stationsPerDistrict.count - 1))
                let place: Place = roll < 2 ? .city : (roll < 22 ? .district(d) : .station(d, random.int(0...(stationsPerDistrict[d] - 1))))
                let meetingDay = days.working(onOrAfter: random.int(5...(days.count - 12)))
                let time = staffTime(meetingDay)
                var participants: [ParticipantKind: Int] = [.residents: random.int(8...40), .officers: random.int(2...8)]
                if random.chance(0.4) { participants[.thinkTankMembers] = random.int(1...5) }
                if random.chance(0.3) { participants[.deputies] = random.int(1...3) }
                if random.chance(0.2) { participants[.cppccMembers] = random.int(1...2) }
                if random.chance(0.3) { participants[.experienceOfficers] = random.int(1...4) }
                plan.meetings.append(MeetingSpec(place: place, day: days.string(meetingDay, year: profile.year),
                                                 venue: "\(random.pick(SimulatedText.places))警务室", topic: random.pick(EngagementTopic.allCases),
                                                 participants: participants, minutes: "与会群众代表围绕辖区治安与便民服务提出意见建议，逐项研究办理。"))
                emit(time, .recordMeeting(index))
                var itemTime = time + 1_800
                for _ in 0..<random.int(1...2) {
                    let item = plan.agendaItems.count
                    var matter: Int?
                    if opened < matters && random.chance(Double(matters) / Double(profile.engagementActivities) * 1.6) && place != .city {
                        let ledger = ledgers[cursor]
                        cursor += 1
                        opened += 1
                        let topic = topic(for: ledger, day: meetingDay, place: place)
                        let ask = SimulatedText.ask(topic: topic, &random)
                        matter = plan.matters.count
                        plan.matters.append(MatterSpec(place: place, source: .agendaItem(item), ledger: ledger, topic: topic,
                                                       summary: ask.summary, details: ask.details,
                                                       complainants: [SimulatedText.person(&random, withID: false, withAddress: true)]))
                    }
                    plan.agendaItems.append(AgendaItemSpec(meeting: index, title: SimulatedText.fill(random.pick(SimulatedText.agendaTitles), &random),
                                                           resolution: random.pick(SimulatedText.resolutions),
                                                           dueOn: days.string(min(meetingDay + random.int(10...40), days.count - 1), year: profile.year),
                                                           matter: matter))
                    emit(itemTime, .addAgendaItem(item))
                    emit(itemTime + 600, .resolveAgendaItem(item))
                    if matter != nil { emit(itemTime + 1_200, .openAgendaMatter(item)) }
                    itemTime += 2_400
                }
            }
        }

        // MARK: Liaison visits and what they raised

        mutating func planLiaison(matters: Int, ledgers: [Ledger], cursor: inout Int) {
            let visitCount = max(profile.liaisonItemsCollected * 6 / 5, 1)
            for index in 0..<visitCount {
                let contact = random.int(0...(profile.liaisonContacts - 1))
                let startDay = contactStartDay[contact] + 1
                let visitDay = days.working(onOrAfter: random.int(min(startDay, days.count - 20)...(days.count - 20)))
                plan.visits.append(VisitSpec(contact: contact, day: days.string(visitDay, year: profile.year),
                                             mode: VisitMode.allCases[random.weighted([70, 20, 8, 2])], notes: "走访了解辖区群众和单位的安全需求。"))
                emit(staffTime(visitDay) , .visit(index))
            }
            // Items go to visits in order, so an item is always recorded after its visit.
            let visitTimes = events.compactMap { event -> (Int, Int)? in
                if case .visit(let v) = event.action { return (v, event.time) } else { return nil }
            }.reduce(into: [Int: Int]()) { $0[$1.0] = $1.1 }
            var opened = 0
            for index in 0..<profile.liaisonItemsCollected {
                let visit = random.int(0...(visitCount - 1))
                let time = visitTimes[visit]! + random.int(600...3_000)
                var matter: Int?
                if opened < matters && day(time) < days.count - 40 && random.chance(Double(matters) / Double(profile.liaisonItemsCollected) * 1.3) {
                    let ledger = ledgers[cursor]
                    cursor += 1
                    opened += 1
                    let officer = plan.liaisonOfficers[plan.contacts[plan.visits[visit].contact].officer]
                    let topic = topic(for: ledger, day: day(time), place: officer.place)
                    let ask = SimulatedText.ask(topic: topic, &random)
                    matter = plan.matters.count
                    plan.matters.append(MatterSpec(place: officer.place, source: .liaisonItem(index), ledger: ledger, topic: topic,
                                                   summary: ask.summary, details: ask.details,
                                                   complainants: [SimulatedText.person(&random, withID: false, withAddress: true)]))
                }
                // Solutions are settled once the plan knows which matters close.
                plan.liaisonItems.append(LiaisonItemSpec(visit: visit, description: random.pick(SimulatedText.liaisonItems), solution: nil, matter: matter))
                emit(time, .collectItem(index))
                if matter != nil { emit(time + 600, .openLiaisonMatter(index)) }
            }
        }

        /// Solved = solved on the spot + opened as a matter that closed: the spot solutions
        /// are chosen so that the total is the profile's.
        mutating func settleLiaisonSolutions() {
            let closedMatters = plan.liaisonItems.filter { item in item.matter.map { plan.closes[$0] } ?? false }.count
            var spotSolutions = profile.liaisonItemsSolved - closedMatters
            let candidates = plan.liaisonItems.indices.filter { plan.liaisonItems[$0].matter == nil }
            var generator = random
            let chosen = Set(candidates.shuffled(using: &generator).prefix(max(spotSolutions, 0)))
            spotSolutions = chosen.count
            for index in chosen {
                let item = plan.liaisonItems[index]
                plan.liaisonItems[index] = LiaisonItemSpec(visit: item.visit, description: item.description,
                                                           solution: random.pick(SimulatedText.liaisonSolutions), matter: nil)
            }
        }

        // MARK: Staff-registered matters

        mutating func addStaffMatter(ledger: Ledger?) {
            let roll = random.int(0...99)
            let place: Place
            if roll < 3 { place = .city } else if roll < 15 { place = .district(random.int(0...(stationsPerDistrict.count - 1))) } else { place = randomStation() }
            // Early enough that vetting (up to three working days) falls within the year.
            let registeredDay = busyDay(lastDay: days.count - 8)
            let topic = topic(for: ledger, day: registeredDay, place: place)
            let (summary, details) = SimulatedText.ask(topic: topic, &random)
            let many = random.chance(0.03)
            let complainants = (0..<(many ? random.int(2...12) : 1)).map { _ in
                SimulatedText.person(&random, withID: random.chance(0.4), withAddress: random.chance(0.6))
            }
            let channel: SourceChannel = [.walkIn, .phone, .letter, .patrolFinding][random.weighted([45, 35, 10, 10])]
            let index = plan.matters.count
            plan.matters.append(MatterSpec(place: place, source: .staff(channel), ledger: ledger, topic: topic,
                                           summary: summary, details: details, complainants: complainants))
            emit(staffTime(registeredDay), .registerMatter(index))
        }

        // MARK: Lifecycles

        /// Draws each matter's course — vetting, handling, replies, ratings, publication,
        /// accountability review, closure — then closes exactly the profile's number, choosing
        /// among those whose course fits in the year; the others stop where the year ends.
        mutating func planMatterLifecycles() {
            var registration = Array(repeating: 0, count: plan.matters.count)
            for event in events {
                switch event.action {
                case .registerMatter(let m): registration[m] = event.time
                case .escalateMessage(let msg): registration[plan.messages[msg].matter!] = event.time
                case .escalateService(let s): registration[plan.services[s].matter!] = event.time
                case .openAgendaMatter(let i): registration[plan.agendaItems[i].matter!] = event.time
                case .openLiaisonMatter(let i): registration[plan.liaisonItems[i].matter!] = event.time
                default: break
                }
            }
            var courses: [[(Int, MatterStep)]] = []
            var eligible: [Int] = []
            for (index, matter) in plan.matters.enumerated() {
                let course = drawCourse(matter, registeredAt: registration[index])
                courses.append(course)
                if matter.ledger != nil, let last = course.last, last.0 < yearEnd, last.1 == .close { eligible.append(index) }
            }
            var generator = random
            let closing = Set(eligible.shuffled(using: &generator).prefix(profile.mattersClosed))
            random = generator
            precondition(closing.count == profile.mattersClosed, "only \(eligible.count) matters can close within the year")
            plan.closes = plan.matters.indices.map { closing.contains($0) }
            for (index, course) in courses.enumerated() {
                let matter = plan.matters[index]
                if matter.ledger == nil || closing.contains(index) {
                    for (time, step) in course where time < yearEnd { emit(time, .matter(index, step)) }
                    continue
                }
                // Not closed this year: stop at a plausible stage, but a matter from an online
                // message always has its reply (that reply is the message's answer).
                let mustReply: Bool = if case .message = matter.source { true } else { false }
                let stop: Int = mustReply ? 2 : random.weighted([2, 4, 4])
                for (time, step) in course where time < yearEnd {
                    if case .handle = step, stop == 0 { break }
                    if case .result = step, stop <= 1 { break }
                    if case .rate = step { break }
                    emit(time, .matter(index, step))
                }
            }
        }

        mutating func drawCourse(_ matter: MatterSpec, registeredAt: Int) -> [(Int, MatterStep)] {
            var steps: [(Int, MatterStep)] = []
            var t = after(registeredAt, workingDays: random.weighted([30, 50, 15, 5]))
            guard matter.ledger != nil else {
                steps.append((t, .decline))
                return steps
            }
            steps.append((t, .vet))
            t = after(t, workingDays: random.weighted([40, 50, 10]))
            steps.append((t, .handle))
            if random.chance(0.2) {
                t = after(t, workingDays: random.int(1...3))
                steps.append((t, .coordinate))
            }
            // Most work is done in days; some drags past the deadline and is chased.
            let fromMessage: Bool = if case .message = matter.source { true } else { false }
            let slow = !fromMessage && random.chance(0.07)
            t = after(t, workingDays: slow ? random.int(12...25) : random.int(1...8))
            steps.append((t, .result))
            for person in matter.complainants.indices {
                t = after(t, workingDays: 0)
                steps.append((t, .reply(complainant: person)))
            }
            var round = 1
            while true {
                var dissatisfied = false
                for person in matter.complainants.indices {
                    t += random.int(3_600...(2 * 86_400))
                    var rating: Satisfaction = [.satisfied, .basicallySatisfied, .dissatisfied][random.weighted([84, 12, 4])]
                    if round > 1 && rating == .dissatisfied { rating = .basicallySatisfied }
                    steps.append((t, .rate(complainant: person, rating)))
                    if rating == .dissatisfied { dissatisfied = true; break }
                }
                guard dissatisfied else { break }
                // Reopened one level up: handled again, replied to everyone again.
                round += 1
                t = after(t, workingDays: random.int(2...6))
                steps.append((t, .result))
                for person in matter.complainants.indices {
                    t = after(t, workingDays: 0)
                    steps.append((t, .reply(complainant: person)))
                }
            }
            t = after(t, workingDays: random.weighted([40, 50, 10]))
            if random.chance(0.9) {
                steps.append((t, .publish))
            } else {
                steps.append((t, .withhold(random.pick([.personalPrivacy, .minorInvolved, .residentObjected, .ongoingInvestigation]))))
            }
            t = after(t, workingDays: 0)
            steps.append((t, .review))
            t = after(t, workingDays: 0)
            steps.append((t, .close))
            return steps
        }
    }
}
