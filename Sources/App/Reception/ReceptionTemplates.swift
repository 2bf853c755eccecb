import Vapor

/// Service and reply templates for foreign residents, in Chinese and English, as 郭杜派出所's
/// officer wrote them for the university town: what to say, in both languages, every time.
enum ReceptionTemplates {
    struct Template: Content {
        let code: String
        let titleZh: String
        let titleEn: String
        let zh: String
        let en: String
    }

    static let all: [Template] = [
        .init(code: "welcome", titleZh: "接待问候", titleEn: "Welcome",
              zh: "您好，欢迎来到暖心警务会客厅。请问有什么可以帮您？", en: "Hello, welcome to the police reception room. How can we help you?"),
        .init(code: "residence-registration", titleZh: "境外人员住宿登记", titleEn: "Residence registration",
              zh: "外国人在中国境内住宿，应在入住后24小时内办理住宿登记。请出示护照和住宿证明。",
              en: "Foreign nationals staying in China must register their residence within 24 hours of arrival. Please show your passport and proof of accommodation."),
        .init(code: "lost-property", titleZh: "遗失物品", titleEn: "Lost property",
              zh: "请说明遗失物品的名称、时间和地点，我们将登记并尽快联系您。",
              en: "Please tell us what you lost, when and where. We will record it and contact you as soon as possible."),
        .init(code: "emergency", titleZh: "紧急求助", titleEn: "Emergency",
              zh: "如遇紧急情况，请立即拨打110。我们会马上为您提供帮助。",
              en: "In an emergency call 110 at once. We will help you right away."),
        .init(code: "follow-up", titleZh: "办理答复", titleEn: "Reply on your matter",
              zh: "您反映的问题已登记并转交相关部门办理，我们将在规定时间内答复您。",
              en: "Your matter has been recorded and passed to the department responsible. We will reply to you within the set time."),
    ]
}
