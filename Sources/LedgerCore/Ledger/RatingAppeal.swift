/// A unit may appeal a 不满意 rating it believes malicious; a chief one level up decides.
public enum AppealDecision: String, Codable, CaseIterable, Sendable {
    /// The rating was malicious: it is set aside and the accountability record it caused is annulled.
    case upheld
    /// The rating stands.
    case rejected
}

public enum AppealRules {
    /// Only a chief (or deputy) of the owning unit appeals, and only a 不满意 rating.
    public static func mayFile(_ actor: Actor, placement: MatterPlacement, rating: Satisfaction?) throws(LedgerError) {
        guard actor.role.isChief, actor.unitID == placement.owningUnitID else {
            throw .notPermitted("only a chief or deputy chief of the owning unit may appeal a rating")
        }
        guard rating == .dissatisfied else {
            throw .invalid(field: "complainantId", reason: "only a 不满意 (dissatisfied) rating can be appealed")
        }
    }

    /// A chief one level up decides; for a city-owned matter, the city chief (not a deputy).
    public static func mayDecide(_ actor: Actor, placement: MatterPlacement) throws(LedgerError) {
        let allowed: Bool = if let next = placement.nextLevelUnitID {
            actor.role.isChief && actor.unitID == next
        } else {
            actor.role == .cityChief && actor.unitID == placement.cityID
        }
        guard allowed else { throw .notPermitted("only a chief one level above the owning unit decides an appeal") }
    }
}
