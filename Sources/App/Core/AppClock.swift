import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The time the application believes it is. Tests move it by hand instead of sleeping.
package final class AppClock: Sendable {
    private let fixed = NIOLockedValueBox<Date?>(nil)

    package func now() -> Date { fixed.withLockedValue { $0 } ?? Date() }

    /// Freezes the clock at `date` (tests only).
    package func set(_ date: Date) { fixed.withLockedValue { $0 = date } }

    func advance(by seconds: TimeInterval) { fixed.withLockedValue { $0 = ($0 ?? Date()).addingTimeInterval(seconds) } }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = AppClock }

    package var clock: AppClock {
        if let clock = storage[ClockKey.self] { return clock }
        let clock = AppClock()
        storage[ClockKey.self] = clock
        return clock
    }
}

extension Request {
    var now: Date { application.clock.now() }
}
