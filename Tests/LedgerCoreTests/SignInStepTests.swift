import LedgerCore
import Testing

@Suite("What follows a right password")
struct SignInStepTests {
    @Test("a one-time password is replaced first; only then is a second factor enrolled")
    func oneTime() {
        #expect(SignInStep.after(oneTimePassword: true, factorEnrolled: false, factorRequired: true) == .replacePassword(factor: .enrol))
        #expect(SignInStep.after(oneTimePassword: true, factorEnrolled: false, factorRequired: false) == .replacePassword(factor: .none))
        #expect(SignInStep.after(oneTimePassword: true, factorEnrolled: true, factorRequired: true) == .replacePassword(factor: .verify))
        #expect(SignInStep.after(oneTimePassword: true, factorEnrolled: true, factorRequired: false) == .replacePassword(factor: .verify))
    }

    @Test("a usual password is never enough to enrol: without a factor, production refuses")
    func usualPassword() {
        #expect(SignInStep.after(oneTimePassword: false, factorEnrolled: false, factorRequired: true) == .refused)
        #expect(SignInStep.after(oneTimePassword: false, factorEnrolled: true, factorRequired: true) == .secondFactor)
        #expect(SignInStep.after(oneTimePassword: false, factorEnrolled: true, factorRequired: false) == .secondFactor)
        #expect(SignInStep.after(oneTimePassword: false, factorEnrolled: false, factorRequired: false) == .done)
    }
}
