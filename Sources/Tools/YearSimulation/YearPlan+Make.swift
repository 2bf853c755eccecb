import LedgerCore
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
    }
}
