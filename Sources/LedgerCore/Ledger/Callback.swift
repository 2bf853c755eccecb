import Foundation

/// An officer of a call-back office acting on a matter: the office's own place in the unit tree
/// decides which matters it calls back for.
public struct CallbackCaller: Sendable, Equatable {
    public let officerID: Int
    /// Where the office sits: under the city bureau (no district) or under one district bureau.
    public let office: TreePlace

    public init(officerID: Int, office: TreePlace) {
        self.officerID = officerID
        self.office = office
    }
}

/// What a call-back officer heard when calling a resident.
public enum CallOutcome: String, Codable, CaseIterable, Sendable {
    /// The resident answered and gave a rating.
    case rated
    case noAnswer
    /// The resident answered and would not rate.
    case refused
    case wrongNumber
}

/// The rules of the call-back office (回访): which matters it covers, when an unrated reply
/// comes to its queue, and when its calls justify reporting the resident unreachable.
public enum CallbackRules {
    /// Unanswered calls, each on a different day, before the office reports a resident unreachable.
    public static let unansweredDaysBeforeUnreachable = 3

    /// A city-level office covers every matter of its city; a district's office its district's.
    public static func covers(office: TreePlace, matter: TreePlace) -> Bool {
        guard office.cityID == matter.cityID else { return false }
        guard let district = office.districtID else { return true }
        return matter.districtID == district
    }

    /// Working days after a reply that an unrated one brings the resident a reminder (智能邀评),
    /// before the office's call.
    public static let reminderAfterWorkingDays = 1

    public static func isReminderDue(repliedAt: Date, now: Date, calendar: WorkingCalendar) -> Bool {
        calendar.deadline(from: repliedAt, workingDays: reminderAfterWorkingDays) <= now
    }

    /// A reply nobody has rated comes to the office once `workingDays` working days have passed
    /// since it was given: the resident's own link and the reminder go first.
    public static func isDue(repliedAt: Date, now: Date, workingDays: Int, calendar: WorkingCalendar) -> Bool {
        calendar.deadline(from: repliedAt, workingDays: workingDays) <= now
    }

    /// Whether the calls made so far let the office report the resident unreachable: no answer
    /// on three different days, or a number that is not the resident's, or a resident who
    /// answered and will not rate. The next-level chief still approves closing without a rating.
    public static func justifiesUnreachable(_ calls: [(at: Date, outcome: CallOutcome)], calendar: WorkingCalendar) -> Bool {
        if calls.contains(where: { $0.outcome == .wrongNumber || $0.outcome == .refused }) { return true }
        let days = Set(calls.filter { $0.outcome == .noAnswer }.map { calendar.day(of: $0.at) })
        return days.count >= unansweredDaysBeforeUnreachable
    }
}
