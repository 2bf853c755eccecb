import LedgerCore
import Testing

@Suite("Password policy")
struct PasswordPolicyTests {
    @Test("a long passphrase of one's own is accepted", arguments: ["西安 public security 2026", "correct horse battery staple", "灞桥区的春天来得早又暖和啊", "Tq7#mZ2!pW9x"])
    func accepted(password: String) {
        #expect(PasswordPolicy.problem(with: password, username: "a-chief") == nil)
    }

    @Test("what guessers try first is refused", arguments: [
        ("short pass", "must be at least"), ("Password2026!", "too common"), ("P@ssw0rd1234", "too common"),
        ("iloveyou1314", "too common"), ("woaini1314520", "too common"), ("123456789012", "run"), ("qwertyuiop123", "too common"), ("qwertyuiopas", "run"),
        ("0987654321098", "run"), ("1qaz2wsx3edc", "run"), ("aaaaaaaaaaaaaa", "repeat"), ("abababababab", "repeat"),
        ("my name is a-chief ok", "username"), ("A-CHIEF-2026-spring", "username"),
    ])
    func refused(password: String, reason: String) {
        let problem = PasswordPolicy.problem(with: password, username: "a-chief")
        #expect(problem?.contains(reason) == true, "\(password): \(problem ?? "accepted")")
    }

    @Test("at most 128 characters")
    func longest() {
        #expect(PasswordPolicy.problem(with: String(repeating: "安全口令abc", count: 19), username: "x") != nil)
        #expect(PasswordPolicy.problem(with: String(repeating: "安全口令abc", count: 18), username: "x") == nil)
    }
}
