import Testing
@testable import LedgerCore

@Suite("Personal data: masking")
struct MaskingTests {
    @Test("names keep the first character")
    func names() {
        #expect(Masking.name("张三") == "张*")
        #expect(Masking.name("欧阳娜娜") == "欧***")
        #expect(Masking.name(" 李四 ") == "李*")
        // A one-character name still shows a mask, so it is never shown whole.
        #expect(Masking.name("王") == "王*")
        #expect(Masking.name("") == "")
    }

    @Test("phones keep the first three and last four digits")
    func phones() {
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.phone("029-87654321") == "029*****4321")
        #expect(Masking.phone("1234567") == "*******")
    }

    @Test("ID numbers keep the first four and last four characters")
    func idNumbers() {
        let id = PersonalDataValidation.completeIDNumber("61010219900307123")
        #expect(id.count == 18)
        let masked = Masking.idNumber(id)
        #expect(masked == String(id.prefix(4)) + String(repeating: "*", count: 10) + String(id.suffix(4)))
        #expect(masked == "6101**********1238")
        #expect(!masked.contains("19900307"))
        #expect(Masking.idNumber("12345678") == "********")
    }

    @Test("addresses keep at most the first six characters")
    func addresses() {
        #expect(Masking.address("陕西省西安市碑林区南大街1号") == "陕西省西安市****")
        #expect(Masking.address("南大街1号") == "南大****")
    }
}

@Suite("Personal data: validation")
struct ValidationTests {
    static let valid = PersonalDataValidation.completeIDNumber("61010219900307123")

    @Test("a correct check digit is accepted")
    func correctCheckDigit() {
        #expect(Self.valid == "610102199003071238")
        #expect(PersonalDataValidation.isValidIDNumber(Self.valid))
    }

    @Test("a check digit of X is accepted in either case")
    func checkDigitX() {
        let id = PersonalDataValidation.completeIDNumber("61010219900307018")
        #expect(id.hasSuffix("X"))
        #expect(PersonalDataValidation.isValidIDNumber(id))
        #expect(PersonalDataValidation.isValidIDNumber(id.lowercased()))
    }

    @Test("every wrong check digit is rejected")
    func wrongCheckDigit() {
        let body = String(Self.valid.prefix(17))
        for digit in "0123456789X" where String(digit) != String(Self.valid.last!) {
            #expect(!PersonalDataValidation.isValidIDNumber(body + String(digit)), "check digit \(digit)")
        }
    }

    @Test("wrong lengths are rejected")
    func wrongLength() {
        #expect(!PersonalDataValidation.isValidIDNumber(String(Self.valid.dropLast())))
        #expect(!PersonalDataValidation.isValidIDNumber(Self.valid + "1"))
        #expect(!PersonalDataValidation.isValidIDNumber(""))
        // A 15-digit first-generation number is not accepted.
        #expect(!PersonalDataValidation.isValidIDNumber("610102900307123"))
    }

    @Test("a birth date that does not exist is rejected even with a correct check digit",
          arguments: ["61010219900230123", "61010219901301123", "61010219900000123", "61010219900732123", "61010218991231123"])
    func impossibleBirthDate(first17: String) {
        let id = PersonalDataValidation.completeIDNumber(first17)
        #expect(!PersonalDataValidation.isValidIDNumber(id))
    }

    @Test("a 29 February birth is valid in a leap year only")
    func leapDay() {
        #expect(PersonalDataValidation.isValidIDNumber(PersonalDataValidation.completeIDNumber("61010220000229123")))
        #expect(!PersonalDataValidation.isValidIDNumber(PersonalDataValidation.completeIDNumber("61010219000229123")))
    }

    @Test("letters in the first seventeen characters are rejected")
    func letters() {
        var chars = Array(Self.valid)
        chars[3] = "A"
        #expect(!PersonalDataValidation.isValidIDNumber(String(chars)))
        #expect(!PersonalDataValidation.isValidIDNumber("61010219900307123A"))
        #expect(!PersonalDataValidation.isValidIDNumber("ABCDEFGHIJKLMNOPQR"))
        // Full-width digits are not ASCII digits.
        #expect(!PersonalDataValidation.isValidIDNumber("６" + Self.valid.dropFirst()))
    }

    @Test("valid phones: mainland mobiles and landlines with an area code",
          arguments: ["13812345678", "19912345678", "029-87654321", "02987654321", "0755-1234567"])
    func validPhones(phone: String) {
        #expect(PersonalDataValidation.isValidPhone(phone))
    }

    @Test("invalid phones", arguments: ["12812345678", "1381234567", "138123456789", "abc", "", "87654321", "+8613812345678", "138 1234 5678"])
    func invalidPhones(phone: String) {
        #expect(!PersonalDataValidation.isValidPhone(phone))
    }
}

@Suite("Personal data: anonymity of published summaries")
struct AnonymityTests {
    static let id = PersonalDataValidation.completeIDNumber("61010219900307123")
    let personal = ["张三", "13812345678", AnonymityTests.id]

    @Test("a complainant's name is found")
    func findsName() {
        #expect(Anonymity.leaks(in: "张三反映小区夜间施工扰民，已协调停工。", personalValues: personal) == ["张三"])
    }

    @Test("a complainant's phone is found, also with spaces or dashes inside",
          arguments: ["联系电话13812345678", "联系电话 138 1234 5678", "联系电话138-1234-5678", "联系电话 138 - 1234 - 5678"])
    func findsPhone(text: String) {
        let leaks = Anonymity.leaks(in: text, personalValues: personal)
        #expect(leaks.contains("13812345678"))
        #expect(leaks.contains("phone number"))
    }

    @Test("a complainant's stored value with separators is found in a text without them")
    func storedValueWithSeparators() {
        #expect(Anonymity.leaks(in: "电话13812345678已回访", personalValues: ["138-1234-5678"]).contains("138-1234-5678"))
    }

    @Test("any 11-digit mobile number is found, even one that is nobody's")
    func findsAnyMobile() {
        #expect(Anonymity.leaks(in: "请拨打15912345678咨询", personalValues: personal) == ["phone number"])
        #expect(Anonymity.leaks(in: "请拨打159 1234 5678咨询", personalValues: []) == ["phone number"])
    }

    @Test("any 18-character ID number is found, even one that is nobody's",
          arguments: ["身份证号110105199001011234", "身份证号11010519900101123X", "身份证号11010519900101123x", "身份证号 110105 19900101 1234"])
    func findsAnyIDNumber(text: String) {
        #expect(Anonymity.leaks(in: text, personalValues: personal).contains("ID number"))
    }

    @Test("a complainant's own ID number is named")
    func findsOwnIDNumber() {
        let leaks = Anonymity.leaks(in: "身份证号\(Self.id)", personalValues: personal)
        #expect(leaks.contains(Self.id))
        #expect(leaks.contains("ID number"))
    }

    @Test("a clean summary has no leaks")
    func cleanSummary() {
        #expect(Anonymity.leaks(in: "小区停车位不足的问题已协调解决，共涉及 120 户，2024-03-08 完成。", personalValues: personal) == [])
        #expect(Anonymity.leaks(in: "", personalValues: personal) == [])
    }

    @Test("one-character values are not searched for, so common characters do not flag everything")
    func shortValuesIgnored() {
        #expect(Anonymity.leaks(in: "李家村道路已修复", personalValues: ["李", " ", "-"]) == [])
    }
}

@Suite("Personal data: later additions")
struct PersonalDataAdditionTests {
    @Test("a landline number in a public text is a leak; an ID number born in the future is not valid")
    func landlineAndFutureBirth() {
        #expect(Anonymity.leaks(in: "请拨打029-87654321咨询", personalValues: []) == ["landline number"])
        let future = PersonalDataValidation.completeIDNumber("61010220990307123")
        #expect(!PersonalDataValidation.isValidIDNumber(future))
    }

    @Test("the canonical event form cannot be forged by moving a newline between fields")
    func canonicalIsUnambiguous() {
        let a = AuditChain.canonical(seq: 1, at: "A\nB", kind: "C", matterID: nil, actorID: nil, payload: "{}")
        let b = AuditChain.canonical(seq: 1, at: "A", kind: "B\nC", matterID: nil, actorID: nil, payload: "{}")
        #expect(a != b)
    }
}
