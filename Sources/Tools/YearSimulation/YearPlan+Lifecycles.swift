import LedgerCore

private typealias AgendaItemSpec = YearPlan.AgendaItemSpec
private typealias LiaisonItemSpec = YearPlan.LiaisonItemSpec
private typealias MatterSpec = YearPlan.MatterSpec
private typealias MeetingSpec = YearPlan.MeetingSpec
private typealias ServiceSpec = YearPlan.ServiceSpec
private typealias VisitSpec = YearPlan.VisitSpec
private typealias MatterStep = YearPlan.MatterStep
private typealias Place = YearPlan.Place

/// The later parts of the year's plan: reception rooms, engagement meetings, liaison visits,
/// staff-registered matters and every matter's life cycle.
extension YearPlan.Builder {
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

    mutating func drawCourse(_ matter: YearPlan.MatterSpec, registeredAt: Int) -> [(Int, YearPlan.MatterStep)] {
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
