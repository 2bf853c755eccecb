// Frozen on 2026-12-04: the statements this migration ran, generated once from MatterTallies as
// it stood then. Never regenerate: a change to the tallies is a new migration.
extension M0033_SplitMatterTallyTriggers {
    static let prepareOnSQLite: [String] = [
        #"""
        DROP TRIGGER matter_tallies_matters_update
        """#,
        #"""
        CREATE TRIGGER matter_tallies_matters_update_1 AFTER UPDATE OF unit_id, district_id, city_id, ledger, registered_at ON matters
        WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.district_id IS NOT NEW.district_id OR OLD.city_id IS NOT NEW.city_id OR OLD.ledger IS NOT NEW.ledger OR OLD.registered_at IS NOT NEW.registered_at
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'registered', CAST((OLD.registered_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, COALESCE(OLD.ledger, ''), '', -1 WHERE OLD.ledger IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'registered', CAST((NEW.registered_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, COALESCE(NEW.ledger, ''), '', 1 WHERE NEW.ledger IS NOT NULL; END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_matters_update_2 AFTER UPDATE OF unit_id, district_id, city_id, topic, registered_at, ledger ON matters
        WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.district_id IS NOT NEW.district_id OR OLD.city_id IS NOT NEW.city_id OR OLD.topic IS NOT NEW.topic OR OLD.registered_at IS NOT NEW.registered_at OR OLD.ledger IS NOT NEW.ledger
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'registeredByTopic', CAST((OLD.registered_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', OLD.topic, -1 WHERE OLD.ledger IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'registeredByTopic', CAST((NEW.registered_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', NEW.topic, 1 WHERE NEW.ledger IS NOT NULL; END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_matters_update_3 AFTER UPDATE OF unit_id, district_id, city_id, ledger, closed_at, status ON matters
        WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.district_id IS NOT NEW.district_id OR OLD.city_id IS NOT NEW.city_id OR OLD.ledger IS NOT NEW.ledger OR OLD.closed_at IS NOT NEW.closed_at OR OLD.status IS NOT NEW.status
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'closed', CAST((OLD.closed_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, COALESCE(OLD.ledger, ''), '', -1 WHERE OLD.ledger IS NOT NULL AND OLD.status = 'closed' AND OLD.closed_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'closed', CAST((NEW.closed_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, COALESCE(NEW.ledger, ''), '', 1 WHERE NEW.ledger IS NOT NULL AND NEW.status = 'closed' AND NEW.closed_at IS NOT NULL; END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_matters_update_4 AFTER UPDATE OF unit_id, district_id, city_id, registered_at, ledger, status ON matters
        WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.district_id IS NOT NEW.district_id OR OLD.city_id IS NOT NEW.city_id OR OLD.registered_at IS NOT NEW.registered_at OR OLD.ledger IS NOT NEW.ledger OR OLD.status IS NOT NEW.status
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'closedOfRegistered', CAST((OLD.registered_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 WHERE OLD.ledger IS NOT NULL AND OLD.status = 'closed';
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'closedOfRegistered', CAST((NEW.registered_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 WHERE NEW.ledger IS NOT NULL AND NEW.status = 'closed'; END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_matters_update_5 AFTER UPDATE OF unit_id, district_id, city_id, registered_at, ledger ON matters
        WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.district_id IS NOT NEW.district_id OR OLD.city_id IS NOT NEW.city_id OR OLD.registered_at IS NOT NEW.registered_at OR OLD.ledger IS NOT NEW.ledger
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'late', CAST((OLD.registered_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 WHERE OLD.ledger IS NOT NULL AND EXISTS (SELECT 1 FROM accountability_records late WHERE late.matter_id = OLD.id AND late.cause = 'overdue' AND late.annulled_by_appeal_id IS NULL);
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'late', CAST((NEW.registered_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 WHERE NEW.ledger IS NOT NULL AND EXISTS (SELECT 1 FROM accountability_records late WHERE late.matter_id = NEW.id AND late.cause = 'overdue' AND late.annulled_by_appeal_id IS NULL); END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_matters_update_6 AFTER UPDATE OF unit_id, district_id, city_id, escalated_at ON matters
        WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.district_id IS NOT NEW.district_id OR OLD.city_id IS NOT NEW.city_id OR OLD.escalated_at IS NOT NEW.escalated_at
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'escalated', CAST((OLD.escalated_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 WHERE OLD.escalated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'escalated', CAST((NEW.escalated_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 WHERE NEW.escalated_at IS NOT NULL; END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_matters_update_7 AFTER UPDATE OF unit_id, district_id, city_id, status ON matters
        WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.district_id IS NOT NEW.district_id OR OLD.city_id IS NOT NEW.city_id OR OLD.status IS NOT NEW.status
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'open', 0, OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 WHERE OLD.status IN ('registered', 'open', 'handling', 'replied');
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'open', 0, NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 WHERE NEW.status IN ('registered', 'open', 'handling', 'replied'); END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_matters_update_8 AFTER UPDATE OF unit_id, district_id, city_id, status, chase_level ON matters
        WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.district_id IS NOT NEW.district_id OR OLD.city_id IS NOT NEW.city_id OR OLD.status IS NOT NEW.status OR (OLD.chase_level > 0) IS NOT (NEW.chase_level > 0)
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'overdue', 0, OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 WHERE OLD.status IN ('registered', 'open', 'handling', 'replied') AND OLD.chase_level > 0;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'overdue', 0, NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 WHERE NEW.status IN ('registered', 'open', 'handling', 'replied') AND NEW.chase_level > 0; END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_matters_update_9 AFTER UPDATE OF unit_id, district_id, city_id, status, escalated_at ON matters
        WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.district_id IS NOT NEW.district_id OR OLD.city_id IS NOT NEW.city_id OR OLD.status IS NOT NEW.status OR OLD.escalated_at IS NOT NEW.escalated_at
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'escalatedOpen', 0, OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 WHERE OLD.status IN ('registered', 'open', 'handling', 'replied') AND OLD.escalated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'escalatedOpen', 0, NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 WHERE NEW.status IN ('registered', 'open', 'handling', 'replied') AND NEW.escalated_at IS NOT NULL; END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_matters_update_10 AFTER UPDATE OF unit_id, district_id, city_id ON matters
        WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.district_id IS NOT NEW.district_id OR OLD.city_id IS NOT NEW.city_id
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'rated', CAST((c.rated_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 FROM complainant_rounds c WHERE c.matter_id = OLD.id AND c.rated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'satisfied', CAST((c.rated_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 FROM complainant_rounds c WHERE c.matter_id = OLD.id AND c.rated_at IS NOT NULL AND c.rating IN ('satisfied', 'basicallySatisfied');
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'records', CAST((c.at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 FROM accountability_records c WHERE c.matter_id = OLD.id AND c.annulled_by_appeal_id IS NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'reopenings', CAST((c.at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 FROM accountability_records c WHERE c.matter_id = OLD.id AND c.annulled_by_appeal_id IS NULL AND c.cause = 'dissatisfied';
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'rated', CAST((c.rated_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 FROM complainant_rounds c WHERE c.matter_id = NEW.id AND c.rated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'satisfied', CAST((c.rated_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 FROM complainant_rounds c WHERE c.matter_id = NEW.id AND c.rated_at IS NOT NULL AND c.rating IN ('satisfied', 'basicallySatisfied');
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'records', CAST((c.at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 FROM accountability_records c WHERE c.matter_id = NEW.id AND c.annulled_by_appeal_id IS NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'reopenings', CAST((c.at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 FROM accountability_records c WHERE c.matter_id = NEW.id AND c.annulled_by_appeal_id IS NULL AND c.cause = 'dissatisfied'; END
        """#,
    ]

    static let revertOnSQLite: [String] = [
        #"""
        DROP TRIGGER IF EXISTS matter_tallies_matters_update_1
        """#,
        #"""
        DROP TRIGGER IF EXISTS matter_tallies_matters_update_2
        """#,
        #"""
        DROP TRIGGER IF EXISTS matter_tallies_matters_update_3
        """#,
        #"""
        DROP TRIGGER IF EXISTS matter_tallies_matters_update_4
        """#,
        #"""
        DROP TRIGGER IF EXISTS matter_tallies_matters_update_5
        """#,
        #"""
        DROP TRIGGER IF EXISTS matter_tallies_matters_update_6
        """#,
        #"""
        DROP TRIGGER IF EXISTS matter_tallies_matters_update_7
        """#,
        #"""
        DROP TRIGGER IF EXISTS matter_tallies_matters_update_8
        """#,
        #"""
        DROP TRIGGER IF EXISTS matter_tallies_matters_update_9
        """#,
        #"""
        DROP TRIGGER IF EXISTS matter_tallies_matters_update_10
        """#,
        #"""
        CREATE TRIGGER matter_tallies_matters_update AFTER UPDATE ON matters
        WHEN OLD.status IS NOT NEW.status OR OLD.ledger IS NOT NEW.ledger OR OLD.topic IS NOT NEW.topic OR OLD.unit_id IS NOT NEW.unit_id OR OLD.district_id IS NOT NEW.district_id OR OLD.city_id IS NOT NEW.city_id OR OLD.registered_at IS NOT NEW.registered_at OR OLD.closed_at IS NOT NEW.closed_at OR OLD.escalated_at IS NOT NEW.escalated_at OR (OLD.chase_level > 0) IS NOT (NEW.chase_level > 0)
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'registered', CAST((OLD.registered_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, COALESCE(OLD.ledger, ''), '', -1 WHERE OLD.ledger IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'registeredByTopic', CAST((OLD.registered_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', OLD.topic, -1 WHERE OLD.ledger IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'closed', CAST((OLD.closed_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, COALESCE(OLD.ledger, ''), '', -1 WHERE OLD.ledger IS NOT NULL AND OLD.status = 'closed' AND OLD.closed_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'closedOfRegistered', CAST((OLD.registered_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 WHERE OLD.ledger IS NOT NULL AND OLD.status = 'closed';
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'late', CAST((OLD.registered_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 WHERE OLD.ledger IS NOT NULL AND EXISTS (SELECT 1 FROM accountability_records late WHERE late.matter_id = OLD.id AND late.cause = 'overdue' AND late.annulled_by_appeal_id IS NULL);
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'escalated', CAST((OLD.escalated_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 WHERE OLD.escalated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'open', 0, OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 WHERE OLD.status IN ('registered', 'open', 'handling', 'replied');
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'overdue', 0, OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 WHERE OLD.status IN ('registered', 'open', 'handling', 'replied') AND OLD.chase_level > 0;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'escalatedOpen', 0, OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 WHERE OLD.status IN ('registered', 'open', 'handling', 'replied') AND OLD.escalated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'rated', CAST((c.rated_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 FROM complainant_rounds c WHERE c.matter_id = OLD.id AND c.rated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'satisfied', CAST((c.rated_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 FROM complainant_rounds c WHERE c.matter_id = OLD.id AND c.rated_at IS NOT NULL AND c.rating IN ('satisfied', 'basicallySatisfied');
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'records', CAST((c.at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 FROM accountability_records c WHERE c.matter_id = OLD.id AND c.annulled_by_appeal_id IS NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'reopenings', CAST((c.at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 FROM accountability_records c WHERE c.matter_id = OLD.id AND c.annulled_by_appeal_id IS NULL AND c.cause = 'dissatisfied';
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'registered', CAST((NEW.registered_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, COALESCE(NEW.ledger, ''), '', 1 WHERE NEW.ledger IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'registeredByTopic', CAST((NEW.registered_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', NEW.topic, 1 WHERE NEW.ledger IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'closed', CAST((NEW.closed_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, COALESCE(NEW.ledger, ''), '', 1 WHERE NEW.ledger IS NOT NULL AND NEW.status = 'closed' AND NEW.closed_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'closedOfRegistered', CAST((NEW.registered_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 WHERE NEW.ledger IS NOT NULL AND NEW.status = 'closed';
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'late', CAST((NEW.registered_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 WHERE NEW.ledger IS NOT NULL AND EXISTS (SELECT 1 FROM accountability_records late WHERE late.matter_id = NEW.id AND late.cause = 'overdue' AND late.annulled_by_appeal_id IS NULL);
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'escalated', CAST((NEW.escalated_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 WHERE NEW.escalated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'open', 0, NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 WHERE NEW.status IN ('registered', 'open', 'handling', 'replied');
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'overdue', 0, NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 WHERE NEW.status IN ('registered', 'open', 'handling', 'replied') AND NEW.chase_level > 0;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'escalatedOpen', 0, NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 WHERE NEW.status IN ('registered', 'open', 'handling', 'replied') AND NEW.escalated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'rated', CAST((c.rated_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 FROM complainant_rounds c WHERE c.matter_id = NEW.id AND c.rated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'satisfied', CAST((c.rated_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 FROM complainant_rounds c WHERE c.matter_id = NEW.id AND c.rated_at IS NOT NULL AND c.rating IN ('satisfied', 'basicallySatisfied');
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'records', CAST((c.at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 FROM accountability_records c WHERE c.matter_id = NEW.id AND c.annulled_by_appeal_id IS NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'reopenings', CAST((c.at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, '', '', 1 FROM accountability_records c WHERE c.matter_id = NEW.id AND c.annulled_by_appeal_id IS NULL AND c.cause = 'dissatisfied'; END
        """#,
    ]
}
