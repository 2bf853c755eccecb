import LedgerCore

/// The phrase for each value of the domain's vocabularies: a switch per vocabulary, so a value
/// added to an enum without its phrase does not compile.
extension Phrase {
    static func action(_ value: MatterAction) -> Phrase {
        switch value {
        case .vet: .actionVet
        case .decline: .actionDecline
        case .handle: .actionHandle
        case .coordinate: .actionCoordinate
        case .result: .actionResult
        case .reply: .actionReply
        case .rate: .actionRate
        case .unreachable: .actionUnreachable
        case .approveUnreachable: .actionApproveUnreachable
        case .publish: .actionPublish
        case .withhold: .actionWithhold
        case .accountability: .actionAccountability
        case .close: .actionClose
        case .recheck: .actionRecheck
        }
    }

    static func ledger(_ value: Ledger) -> Phrase {
        switch value {
        case .suggestion: .ledgerSuggestion
        case .demand: .ledgerDemand
        case .complaint: .ledgerComplaint
        }
    }

    static func status(_ value: MatterStatus) -> Phrase {
        switch value {
        case .registered: .statusRegistered
        case .open: .statusOpen
        case .handling: .statusHandling
        case .replied: .statusReplied
        case .closed: .statusClosed
        case .declined: .statusDeclined
        }
    }

    static func channel(_ value: SourceChannel) -> Phrase {
        switch value {
        case .onlineMessage: .channelOnlineMessage
        case .receptionRoom: .channelReceptionRoom
        case .engagementItem: .channelEngagementItem
        case .liaisonVisit: .channelLiaisonVisit
        case .patrolFinding: .channelPatrolFinding
        case .walkIn: .channelWalkIn
        case .letter: .channelLetter
        case .phone: .channelPhone
        }
    }

    static func rating(_ value: Satisfaction) -> Phrase {
        switch value {
        case .satisfied: .ratingSatisfied
        case .basicallySatisfied: .ratingBasicallySatisfied
        case .dissatisfied: .ratingDissatisfied
        }
    }

    static func withholding(_ value: WithholdingReason) -> Phrase {
        switch value {
        case .personalPrivacy: .withholdPersonalPrivacy
        case .minorInvolved: .withholdMinorInvolved
        case .ongoingInvestigation: .withholdOngoingInvestigation
        case .stateSecret: .withholdStateSecret
        case .commercialSecret: .withholdCommercialSecret
        case .residentObjected: .withholdResidentObjected
        }
    }

    static func matterTopic(_ value: MatterTopic) -> Phrase {
        switch value {
        case .publicOrder: .matterTopicPublicOrder
        case .fraud: .matterTopicFraud
        case .traffic: .matterTopicTraffic
        case .noise: .matterTopicNoise
        case .neighbourDispute: .matterTopicNeighbourDispute
        case .householdRegistration: .matterTopicHouseholdRegistration
        case .exitEntry: .matterTopicExitEntry
        case .officerConduct: .matterTopicOfficerConduct
        case .campusSafety: .matterTopicCampusSafety
        case .other: .matterTopicOther
        }
    }

    static func event(_ value: MatterEventKind) -> Phrase {
        switch value {
        case .registered: .eventRegistered
        case .vetted: .eventVetted
        case .declined: .eventDeclined
        case .handlingStarted: .eventHandlingStarted
        case .coordinated: .eventCoordinated
        case .resultRecorded: .eventResultRecorded
        case .replied: .eventReplied
        case .rated: .eventRated
        case .reopened: .eventReopened
        case .unreachableReported: .eventUnreachableReported
        case .unreachableApproved: .eventUnreachableApproved
        case .published: .eventPublished
        case .withheld: .eventWithheld
        case .accountabilityReviewed: .eventAccountabilityReviewed
        case .accountabilityRecorded: .eventAccountabilityRecorded
        case .closed: .eventClosed
        case .overdueChased: .eventOverdueChased
        case .personalDataRevealed: .eventPersonalDataRevealed
        case .rechecked: .eventRechecked
        }
    }

    static func callOutcome(_ value: CallOutcome) -> Phrase {
        switch value {
        case .rated: .callOutcomeRated
        case .noAnswer: .callOutcomeNoAnswer
        case .refused: .callOutcomeRefused
        case .wrongNumber: .callOutcomeWrongNumber
        }
    }

    static func serviceRating(_ value: ServiceRating) -> Phrase {
        switch value {
        case .verySatisfied: .serviceRatingVerySatisfied
        case .satisfied: .serviceRatingSatisfied
        case .basicallySatisfied: .serviceRatingBasicallySatisfied
        case .dissatisfied: .serviceRatingDissatisfied
        case .veryDissatisfied: .serviceRatingVeryDissatisfied
        }
    }

    static func evaluationReason(_ value: EvaluationReason) -> Phrase {
        switch value {
        case .courteous: .reasonCourteous
        case .efficient: .reasonEfficient
        case .clearGuidance: .reasonClearGuidance
        case .fewMaterials: .reasonFewMaterials
        case .doneInOneVisit: .reasonDoneInOneVisit
        case .poorAttitude: .reasonPoorAttitude
        case .longWait: .reasonLongWait
        case .slowHandling: .reasonSlowHandling
        case .repeatedVisits: .reasonRepeatedVisits
        case .excessiveMaterials: .reasonExcessiveMaterials
        case .unclearGuidance: .reasonUnclearGuidance
        case .systemFault: .reasonSystemFault
        }
    }

    static func rectificationStage(_ value: RectificationStage) -> Phrase {
        switch value {
        case .awaitingCallback: .stageAwaitingCallback
        case .awaitingRectification: .stageAwaitingRectification
        case .rectified: .stageRectified
        case .withdrawn: .stageWithdrawn
        }
    }

    static func recheckVerdict(_ value: RecheckVerdict) -> Phrase {
        switch value {
        case .confirmed: .recheckVerdictConfirmed
        case .disagreed: .recheckVerdictDisagreed
        }
    }

    static func recheckState(_ value: RecheckState) -> Phrase {
        switch value {
        case .pending: .recheckPending
        case .confirmed: .recheckConfirmed
        case .disagreed: .recheckDisagreed
        case .unreached: .recheckUnreached
        }
    }

    /// A timeline entry's kind: the matter's own events, and those other capabilities write on
    /// its timeline (an escalation into the ledger, an appeal); an unknown kind shows as itself.
    static func event(kind: String) -> Phrase {
        if let own = MatterEventKind(rawValue: kind) { return event(own) }
        return switch kind {
        case AuditKind.messageEscalated.rawValue: .eventMessageEscalated
        case AuditKind.receptionEntryEscalated.rawValue: .eventReceptionEntryEscalated
        case AuditKind.agendaItemOpenedMatter.rawValue: .eventAgendaItemOpenedMatter
        case AuditKind.liaisonItemOpenedMatter.rawValue: .eventLiaisonItemOpenedMatter
        case AuditKind.ratingAppealed.rawValue: .eventRatingAppealed
        case AuditKind.appealDecided.rawValue: .eventAppealDecided
        case AuditKind.recheckDrawn.rawValue: .eventRecheckDrawn
        case AuditKind.recheckUnreached.rawValue: .eventRecheckUnreached
        case AuditKind.callbackCalled.rawValue: .eventCallbackCalled
        case AuditKind.callbackPhoneRevealed.rawValue: .eventCallbackPhoneRevealed
        default: Phrase(zh: kind, en: kind)
        }
    }

    static func category(_ value: ServiceItem.Category) -> Phrase {
        switch value {
        case .household: .categoryHousehold
        case .traffic: .categoryTraffic
        case .exitEntry: .categoryExitEntry
        case .publicOrder: .categoryPublicOrder
        case .other: .categoryOther
        }
    }

    static func applicationStatus(_ value: ServiceApplication.Status) -> Phrase {
        switch value {
        case .submitted: .applyStatusSubmitted
        case .accepted: .applyStatusAccepted
        case .needsMore: .applyStatusNeedsMore
        case .rejected: .applyStatusRejected
        case .completed: .applyStatusCompleted
        }
    }

    static func roomKind(_ value: ReceptionRoomKind) -> Phrase {
        switch value {
        case .street: .receptionKindStreet
        case .community: .receptionKindCommunity
        }
    }

    static func receptionService(_ value: ReceptionServiceKind) -> Phrase {
        switch value {
        case .consultationHelp: .serviceConsultationHelp
        case .disputeMediation: .serviceDisputeMediation
        case .emergencyHelp: .serviceEmergencyHelp
        case .businessOnBehalf: .serviceBusinessOnBehalf
        case .otherService: .serviceOtherService
        }
    }

    static func standard(_ value: ReceptionStandard) -> Phrase {
        switch value {
        case .constructionStandard: .standardConstructionStandard
        case .divisionOfDuties: .standardDivisionOfDuties
        case .workRules: .standardWorkRules
        case .managementRules: .standardManagementRules
        }
    }

    static func messageKind(_ value: MessageKind) -> Phrase {
        switch value {
        case .consultation: .kindConsultation
        case .suggestion: .kindSuggestion
        case .report: .kindReport
        case .business: .kindBusiness
        }
    }

    static func residentStatus(_ value: ResidentStatus) -> Phrase {
        switch value {
        case .received: .residentReceived
        case .inProgress: .residentInProgress
        case .answered: .residentAnswered
        case .closed: .residentClosed
        case .declined: .residentDeclined
        }
    }

    static func messageStatus(_ value: MessageStatus) -> Phrase {
        switch value {
        case .received: .messageStatusReceived
        case .answered: .messageStatusAnswered
        case .escalated: .messageStatusEscalated
        }
    }

    static func engagementTopic(_ value: EngagementTopic) -> Phrase {
        switch value {
        case .household: .topicHousehold
        case .trafficManagement: .topicTrafficManagement
        case .economicServices: .topicEconomicServices
        case .campusSafety: .topicCampusSafety
        case .minorProtection: .topicMinorProtection
        case .other: .topicOther
        }
    }

    static func participant(_ value: ParticipantKind) -> Phrase {
        switch value {
        case .thinkTankMembers: .participantThinkTankMembers
        case .deputies: .participantDeputies
        case .cppccMembers: .participantCppccMembers
        case .residents: .participantResidents
        case .experienceOfficers: .participantExperienceOfficers
        case .officers: .participantOfficers
        }
    }

    static func contactKind(_ value: LiaisonContactKind) -> Phrase {
        switch value {
        case .enterprise: .contactEnterprise
        case .school: .contactSchool
        case .community: .contactCommunity
        case .other: .contactOther
        case .individual: .contactIndividual
        }
    }

    static func visitMode(_ value: VisitMode) -> Phrase {
        switch value {
        case .inPerson: .modeInPerson
        case .phone: .modePhone
        case .online: .modeOnline
        case .other: .modeOther
        }
    }

    static func appealDecision(_ value: AppealDecision) -> Phrase {
        switch value {
        case .upheld: .appealUpheld
        case .rejected: .appealRejected
        }
    }

    /// A closure gap, by the request field it concerns (`ClosureGap.field`).
    static func gap(field: String) -> Phrase {
        switch field {
        case "result": .gapResult
        case "complainants": .gapComplainants
        case "replies": .gapReplies
        case "ratings": .gapRatings
        case "publication": .gapPublication
        case "accountability": .gapAccountability
        default: Phrase(zh: field, en: field)
        }
    }
}
