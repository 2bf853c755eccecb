import Foundation

/// The files a resident attaches to an online application are identity documents (ID card
/// scans, household-register pages, photos): only officers who work cases at the unit handling
/// the application may open them. The levels above it may see that the application exists, not
/// the documents; administrators never open them.
public enum ApplicationFiles {
    public static func mayOpen(_ actor: Actor, handlingUnitID: Int) -> Bool {
        actor.unitID == handlingUnitID && actor.role.worksMatters
    }

    /// The files of an application that ended (rejected or completed) before this moment are
    /// removed: they are kept `retentionDays` after the end, no longer.
    public static func purgeCutoff(now: Date, retentionDays: Int) -> Date {
        now.addingTimeInterval(-Double(retentionDays) * 86_400)
    }
}
