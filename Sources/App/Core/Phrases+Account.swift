// The phrases of sign-in and of the officer's own account (see Phrases.swift).
extension Phrase {
    static let accountTitle = Phrase(zh: "我的账户", en: "My account")
    static let accountPassword = Phrase(zh: "修改密码", en: "Change password")
    static let accountCurrent = Phrase(zh: "当前密码", en: "Current password")
    static let accountNew = Phrase(zh: "新密码（至少12位）", en: "New password (12 characters or more)")
    static let accountChanged = Phrase(zh: "密码已修改，其他会话已退出。", en: "Password changed; your other sessions were signed out.")
    static let accountSecondFactor = Phrase(zh: "动态验证", en: "Second factor")
    static let accountSecondFactorOn = Phrase(zh: "已启用", en: "On")
    static let accountSecondFactorOff = Phrase(zh: "未启用（开发模式）", en: "Off (development mode)")
    static let signinTitle = Phrase(zh: "民警登录", en: "Officer sign-in")
    static let signinUsername = Phrase(zh: "用户名", en: "Username")
    static let signinPassword = Phrase(zh: "密码", en: "Password")
    static let signinSubmit = Phrase(zh: "登录", en: "Sign in")
    static let signinCode = Phrase(zh: "动态验证码", en: "Authenticator code")
    static let signinCodeTitle = Phrase(zh: "二次验证", en: "Second factor")
    static let signinCodeSubmit = Phrase(zh: "验证", en: "Verify")
    static let signinEnrolTitle = Phrase(zh: "绑定动态验证器", en: "Set up your authenticator")
    static let signinEnrolHelp = Phrase(zh: "在验证器应用中添加以下密钥，然后输入显示的6位验证码。", en: "Add this key to your authenticator app, then enter the 6-digit code it shows.")
    static let signinNewPasswordTitle = Phrase(zh: "设置您自己的密码", en: "Set your own password")
    static let signinNewPasswordHelp = Phrase(zh: "您使用的是一次性密码，请设置您自己的密码：至少12位，不含用户名，不用常见密码。",
                                              en: "You signed in with a one-time password: set your own, 12 characters or more, without your username, not a common one.")
    static let signinNewPasswordSubmit = Phrase(zh: "保存并登录", en: "Save and sign in")
    static let signinNoFactor = Phrase(zh: "此账户尚未绑定动态验证器，请联系管理员重置后再登录。",
                                       en: "This account has no authenticator yet; ask an administrator to reset it, then sign in.")
}
