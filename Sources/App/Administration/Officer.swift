import Foundation
import Fluent
import LedgerCore

/// A member of staff. Safe as `@unchecked Sendable`: used by one task at a time.
package final class Officer: Model, @unchecked Sendable {
    package static let schema = "officers"

    @ID(custom: .id, generatedBy: .database) package var id: Int?

    // Identity
    @Field(key: "username") package var username: String
    @Field(key: "display_name") package var displayName: String
    @Field(key: "role") package var role: Role
    @Field(key: "unit_id") package var unitID: Int
    @OptionalField(key: "rank") var rank: String?

    // Credentials
    @Field(key: "password_hash") var passwordHash: String
    @OptionalField(key: "totp_secret") var totpSecretSealed: String?
    @Field(key: "totp_enabled") var totpEnabled: Bool
    /// The last TOTP time step used, so a code works once.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int?
    @Field(key: "failed_attempts") var failedAttempts: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @Field(key: "disabled") package var disabled: Bool
    /// The password is a one-time password, to be replaced at the next sign-in (`SignInStep`).
    @Field(key: "must_change_password") var mustChangePassword: Bool

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] {
        [
            $id, $username, $displayName, $role, $unitID, $rank, $passwordHash, $totpSecretSealed, $totpEnabled,
            $totpLastStep, $failedAttempts, $lockedUntil, $disabled, $mustChangePassword, $createdAt
        ]
    }

    package init() {}

    package init(username: String, displayName: String, role: Role, unitID: Int, passwordHash: String, rank: String? = nil,
                 oneTimePassword: Bool = false) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.unitID = unitID
        self.passwordHash = passwordHash
        self.rank = rank
        self.totpEnabled = false
        self.failedAttempts = 0
        self.disabled = false
        self.mustChangePassword = oneTimePassword
    }
}
