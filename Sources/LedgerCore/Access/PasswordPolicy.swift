/// What a staff password must be (ASVS 2.1): at least 12 characters and at most 128, not
/// the username, and not one that guessers try first — a common password, a common word
/// dressed with digits and marks, one character repeated, or a run along the keyboard or
/// the alphabet. Length is counted in characters, so a Chinese passphrase counts as typed.
public enum PasswordPolicy {
    public static let minimumLength = 12
    public static let maximumLength = 128

    /// Why the password is refused, or nil when it is acceptable.
    public static func problem(with password: String, username: String) -> String? {
        guard password.count >= minimumLength else { return "must be at least \(minimumLength) characters" }
        guard password.count <= maximumLength else { return "must be at most \(maximumLength) characters" }
        let lowered = password.lowercased()
        let user = username.lowercased()
        if user.count >= 3, lowered.contains(user) { return "must not contain the username" }
        if Set(lowered).count <= 2 { return "must not repeat one or two characters" }
        if runs.contains(where: { $0.contains(lowered) || $0.contains(String(lowered.reversed())) }) {
            return "must not be a run of keys or letters"
        }
        let letters = lowered.filter { $0.isLetter }
        if common.contains(lowered) || (!letters.isEmpty && commonWords.contains(letters) && letters.count * 2 >= lowered.count - 4) {
            return "is too common; choose a passphrase of your own"
        }
        return nil
    }

    /// Rows a guesser walks; a password inside one (either way) is refused.
    private static let runs = [
        "0123456789012345678901234567890", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
        "qwertyuiopasdfghjklzxcvbnmqwertyuiop", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp",
        "1q2w3e4r5t6y7u8i9o0p", "zaq12wsxcde34rfvbgt56yhnmju78ik", "!@#$%^&*()_+", "1234567890-=",
    ]

    /// Words that, with digits and marks around them, make most guessed passwords.
    private static let commonWords: Set<String> = [
        "password", "passw", "passwd", "pass", "admin", "administrator", "welcome", "iloveyou", "letmein", "changeme",
        "qwerty", "abc", "abcd", "woaini", "wanganquan", "gongan", "jingcha", "police", "minyi", "xian", "china",
        "secret", "master", "dragon", "monkey", "sunshine", "princess", "football", "baseball", "superman", "trustno",
        "login", "root", "test", "user", "guest", "default", "shanghai", "beijing", "zhongguo", "aini", "love",
    ]

    /// Common passwords of 12 characters or more (lower case), from published breach lists.
    private static let common: Set<String> = [
        "123456789012", "1234567890123", "12345678901234", "123123123123", "123412341234", "121212121212",
        "111111111111", "000000000000", "666666666666", "888888888888", "520520520520", "5201314520",
        "131452013140", "1314520131452", "woaini1314520", "woaini520520", "iloveyou1314", "aaaaaaaaaaaa",
        "qwerty123456", "123456qwerty", "qwertyuiop12", "qwertyuiop123", "1qaz2wsx3edc", "1qaz@wsx3edc",
        "1qaz!qaz2wsx", "qazwsxedcrfv", "zaq12wsx3edc", "1q2w3e4r5t6y", "1q2w3e4r5t6y7u", "asdfghjkl123",
        "zxcvbnm12345", "1234qwerasdf", "qwer1234asdf", "abc123456789", "a1234567890", "aa1234567890",
        "a123456789012", "abcd12345678", "abcd1234abcd", "password1234", "password12345", "password123!",
        "password@123", "p@ssw0rd1234", "p@ssword1234", "passw0rd1234", "passw0rd123!", "password2023",
        "password2024", "password2025", "password2026", "admin1234567", "admin@123456", "administrator",
        "administrator1", "welcome12345", "welcome@1234", "changeme1234", "letmein12345", "iloveyou1234",
        "sunshine1234", "football1234", "baseball1234", "superman1234", "trustno1trustno1", "princess1234",
    ]
}
