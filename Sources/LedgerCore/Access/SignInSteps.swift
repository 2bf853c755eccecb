/// What follows a right password. A one-time password (given at account creation or by an
/// administrator's reset) must be replaced at once, and that is the only moment a second
/// factor is enrolled: knowing an account's usual password is never enough to put one's own
/// authenticator on it. In production every account passes a second factor; one without an
/// enrolled factor and no one-time password is refused until an administrator resets it.
public enum SignInStep: Sendable, Equatable {
    /// Signed in.
    case done
    /// A code from the enrolled authenticator.
    case secondFactor
    /// A new password of one's own, with the second factor as `factor` says.
    case replacePassword(factor: Factor)
    /// No way in without an administrator's reset.
    case refused

    public enum Factor: Sendable, Equatable {
        /// None is required (development).
        case none
        /// Enrol one now, with the new password.
        case enrol
        /// A code from the one already enrolled.
        case verify
    }

    public static func after(oneTimePassword: Bool, factorEnrolled: Bool, factorRequired: Bool) -> SignInStep {
        if oneTimePassword {
            return .replacePassword(factor: factorEnrolled ? .verify : factorRequired ? .enrol : .none)
        }
        if factorEnrolled { return .secondFactor }
        return factorRequired ? .refused : .done
    }
}
