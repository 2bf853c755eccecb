import LedgerCore
import Testing

@Suite("Personal data typed into free text")
struct PersonalDataInTextTests {
    static let id = PersonalDataValidation.completeIDNumber("61010219900307123")

    @Test("phones are found however they are typed", arguments: [
        ("请回电13812345678谢谢", "13812345678"), ("电话：138 1234 5678", "13812345678"), ("138-1234-5678", "13812345678"),
        ("+86 13812345678", "13812345678"), ("008613812345678", "13812345678"), ("8613812345678", "13812345678"),
        ("手机１３８１２３４５６７８", "13812345678"), ("＋８６１３８１２３４５６７８", "13812345678"),
        ("座机029-87654321", "02987654321"), ("座机 029 87654321", "02987654321"), ("0298765432", "0298765432"),
    ])
    func phones(text: String, value: String) {
        let found = PersonalDataInText.find(in: text)
        #expect(found.map(\.kind) == [.phone] && found.first?.value == value, "\(text): \(found)")
    }

    @Test("an ID number counts only with a valid check digit, and is not read as a phone")
    func idNumbers() {
        let found = PersonalDataInText.find(in: "身份证号\(Self.id)。")
        #expect(found.map(\.kind) == [.idNumber] && found.first?.value == Self.id)
        let wrongCheck = String(Self.id.dropLast()) + (Self.id.last == "1" ? "2" : "1")
        #expect(PersonalDataInText.find(in: "号码\(wrongCheck)").allSatisfy { $0.kind != .idNumber })
        let fullWidth = String(Self.id.map { $0.isNumber ? Character(Unicode.Scalar($0.unicodeScalars.first!.value + 0xFEE0)!) : $0 })
        #expect(PersonalDataInText.find(in: fullWidth).first?.value == Self.id)
    }

    @Test("e-mail addresses are found, in lower case")
    func emails() {
        let found = PersonalDataInText.find(in: "发到 Zhang.San@Example.COM 或者ｌｉｓｉ＠ｑｑ．ｃｏｍ")
        #expect(found.map(\.value) == ["zhang.san@example.com", "lisi@qq.com"], "\(found)")
    }

    @Test("numbers that are not personal are left alone", arguments: [
        "2023年共办理23789件", "金额123456元", "案件编号XA-2023-000123", "门牌号西一路188号", "工号20230012345678901", "时间13:45",
        "订单号138123456789", "13812345678901234567",
    ])
    func notPersonal(text: String) {
        #expect(PersonalDataInText.find(in: text).isEmpty, "\(text): \(PersonalDataInText.find(in: text))")
    }

    @Test("masking keeps the text and hides each value")
    func masking() {
        let (masked, found) = PersonalDataInText.masked("李四，电话138 1234 5678，身份证\(Self.id)，邮箱lisi@qq.com")
        #expect(found.count == 3)
        #expect(masked == "李四，电话138****5678，身份证6101**********\(Self.id.suffix(4))，邮箱l***@qq.com", "\(masked)")
    }

    @Test("a published account may not carry anything free text would seal")
    func anonymity() {
        #expect(Anonymity.leaks(in: "请联系 lisi@qq.com", personalValues: []).contains("e-mail address"))
        #expect(Anonymity.leaks(in: "回电＋８６１３８１２３４５６７８", personalValues: []).contains("phone number"))
    }
}
