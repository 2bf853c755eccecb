import Fluent

/// Every model, for the checks that must cover them all.
///
/// Each model lists its properties by hand (`properties`). FluentKit would otherwise find them by
/// reflection, afresh for every row it decodes and every query it builds (`keys` and the soft-delete
/// filter each make a blank model and reflect it). In a profile of the matter list that reflection was
/// a quarter of the server's CPU. `ModelPropertiesTests` checks every list against reflection, so a
/// property declared but not listed fails the tests instead of silently never being saved or loaded.
enum ModelCatalog {
    static let all: [any Model.Type] = [
        APIToken.self, AccountabilityRecord.self, AgendaItem.self, Appointment.self, AppointmentSlot.self, Attachment.self,
        AuditEvent.self, AuditHead.self, CalendarDay.self, Complainant.self, ComplainantRound.self, Coordination.self,
        DeadlineSetting.self, EngagementMeeting.self, HallWindow.self, IdempotencyRecord.self, LiaisonContact.self,
        LiaisonItem.self, LiaisonVisit.self, Matter.self, MatterRound.self, Officer.self, Open311Key.self, OutboxMessage.self,
        RateLimitBucket.self, RatingAppeal.self, ReceptionLogEntry.self, ReceptionRoom.self, ResidentMessage.self,
        RoomInspection.self, ServiceApplication.self, ServiceHall.self, ServiceItem.self, StaffSession.self,
        ThinkTankMember.self, Unit.self,
    ]
}
