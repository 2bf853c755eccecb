// Frozen on 2026-12-04: the statements this migration ran, generated once from MatterTallies as
// it stood then. Never regenerate: a change to the tallies is a new migration.
extension M0032_CreateMatterTallies {
    static let sqlite: [String] = [
        #"""
        CREATE TABLE matter_tallies (measure VARCHAR(24) NOT NULL, day BIGINT NOT NULL, unit_id BIGINT NOT NULL, district_id BIGINT, city_id BIGINT NOT NULL,
        ledger VARCHAR(16) NOT NULL, topic VARCHAR(32) NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (measure, day, unit_id, ledger, topic)) WITHOUT ROWID
        """#,
        #"""
        CREATE TABLE matter_tally_changes (id INTEGER PRIMARY KEY, measure VARCHAR(24) NOT NULL, day BIGINT NOT NULL, unit_id BIGINT NOT NULL, district_id BIGINT, city_id BIGINT NOT NULL,
        ledger VARCHAR(16) NOT NULL, topic VARCHAR(32) NOT NULL, n BIGINT NOT NULL)
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'registered' AS measure, CAST((m.registered_at + 28800) / 86400 AS INTEGER) AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          COALESCE(m.ledger, '') AS l, '' AS t, COUNT(*) AS n
        FROM matters m WHERE m.ledger IS NOT NULL
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'registeredByTopic' AS measure, CAST((m.registered_at + 28800) / 86400 AS INTEGER) AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          '' AS l, m.topic AS t, COUNT(*) AS n
        FROM matters m WHERE m.ledger IS NOT NULL
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'closed' AS measure, CAST((m.closed_at + 28800) / 86400 AS INTEGER) AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          COALESCE(m.ledger, '') AS l, '' AS t, COUNT(*) AS n
        FROM matters m WHERE m.ledger IS NOT NULL AND m.status = 'closed' AND m.closed_at IS NOT NULL
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'closedOfRegistered' AS measure, CAST((m.registered_at + 28800) / 86400 AS INTEGER) AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          '' AS l, '' AS t, COUNT(*) AS n
        FROM matters m WHERE m.ledger IS NOT NULL AND m.status = 'closed'
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'late' AS measure, CAST((m.registered_at + 28800) / 86400 AS INTEGER) AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          '' AS l, '' AS t, COUNT(*) AS n
        FROM matters m WHERE m.ledger IS NOT NULL AND EXISTS (SELECT 1 FROM accountability_records late WHERE late.matter_id = m.id AND late.cause = 'overdue' AND late.annulled_by_appeal_id IS NULL)
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'escalated' AS measure, CAST((m.escalated_at + 28800) / 86400 AS INTEGER) AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          '' AS l, '' AS t, COUNT(*) AS n
        FROM matters m WHERE m.escalated_at IS NOT NULL
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'open' AS measure, 0 AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          '' AS l, '' AS t, COUNT(*) AS n
        FROM matters m WHERE m.status IN ('registered', 'open', 'handling', 'replied')
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'overdue' AS measure, 0 AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          '' AS l, '' AS t, COUNT(*) AS n
        FROM matters m WHERE m.status IN ('registered', 'open', 'handling', 'replied') AND m.chase_level > 0
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'escalatedOpen' AS measure, 0 AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          '' AS l, '' AS t, COUNT(*) AS n
        FROM matters m WHERE m.status IN ('registered', 'open', 'handling', 'replied') AND m.escalated_at IS NOT NULL
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'rated' AS measure, CAST((c.rated_at + 28800) / 86400 AS INTEGER) AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          '' AS l, '' AS t, COUNT(*) AS n
        FROM complainant_rounds c JOIN matters m ON m.id = c.matter_id WHERE c.rated_at IS NOT NULL
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'satisfied' AS measure, CAST((c.rated_at + 28800) / 86400 AS INTEGER) AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          '' AS l, '' AS t, COUNT(*) AS n
        FROM complainant_rounds c JOIN matters m ON m.id = c.matter_id WHERE c.rated_at IS NOT NULL AND c.rating IN ('satisfied', 'basicallySatisfied')
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'records' AS measure, CAST((c.at + 28800) / 86400 AS INTEGER) AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          '' AS l, '' AS t, COUNT(*) AS n
        FROM accountability_records c JOIN matters m ON m.id = c.matter_id WHERE c.annulled_by_appeal_id IS NULL
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        INSERT INTO matter_tallies (measure, day, unit_id, district_id, city_id, ledger, topic, n)
        SELECT 'reopenings' AS measure, CAST((c.at + 28800) / 86400 AS INTEGER) AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
          '' AS l, '' AS t, COUNT(*) AS n
        FROM accountability_records c JOIN matters m ON m.id = c.matter_id WHERE c.annulled_by_appeal_id IS NULL AND c.cause = 'dissatisfied'
        GROUP BY d, m.unit_id, l, t
        """#,
        #"""
        CREATE TRIGGER matter_tallies_matters_insert AFTER INSERT ON matters BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'registered', CAST((NEW.registered_at + 28800) / 86400 AS INTEGER), NEW.unit_id, NEW.district_id, NEW.city_id, COALESCE(NEW.ledger, ''), '', 1 WHERE NEW.ledger IS NOT NULL;
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
        #"""
        CREATE TRIGGER matter_tallies_matters_update AFTER UPDATE ON matters WHEN OLD.status IS NOT NEW.status OR OLD.ledger IS NOT NEW.ledger OR OLD.topic IS NOT NEW.topic OR OLD.unit_id IS NOT NEW.unit_id OR OLD.district_id IS NOT NEW.district_id OR OLD.city_id IS NOT NEW.city_id OR OLD.registered_at IS NOT NEW.registered_at OR OLD.closed_at IS NOT NEW.closed_at OR OLD.escalated_at IS NOT NEW.escalated_at OR (OLD.chase_level > 0) IS NOT (NEW.chase_level > 0)
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
        #"""
        CREATE TRIGGER matter_tallies_matters_delete AFTER DELETE ON matters BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'registered', CAST((OLD.registered_at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, COALESCE(OLD.ledger, ''), '', -1 WHERE OLD.ledger IS NOT NULL;
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
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'reopenings', CAST((c.at + 28800) / 86400 AS INTEGER), OLD.unit_id, OLD.district_id, OLD.city_id, '', '', -1 FROM accountability_records c WHERE c.matter_id = OLD.id AND c.annulled_by_appeal_id IS NULL AND c.cause = 'dissatisfied'; END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_complainant_rounds_insert AFTER INSERT ON complainant_rounds BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'rated', CAST((NEW.rated_at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', 1 FROM matters m WHERE m.id = NEW.matter_id AND NEW.rated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'satisfied', CAST((NEW.rated_at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', 1 FROM matters m WHERE m.id = NEW.matter_id AND NEW.rated_at IS NOT NULL AND NEW.rating IN ('satisfied', 'basicallySatisfied'); END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_complainant_rounds_update AFTER UPDATE ON complainant_rounds WHEN OLD.matter_id IS NOT NEW.matter_id OR OLD.rated_at IS NOT NEW.rated_at OR OLD.rating IS NOT NEW.rating
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'rated', CAST((OLD.rated_at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', -1 FROM matters m WHERE m.id = OLD.matter_id AND OLD.rated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'satisfied', CAST((OLD.rated_at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', -1 FROM matters m WHERE m.id = OLD.matter_id AND OLD.rated_at IS NOT NULL AND OLD.rating IN ('satisfied', 'basicallySatisfied');
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'rated', CAST((NEW.rated_at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', 1 FROM matters m WHERE m.id = NEW.matter_id AND NEW.rated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'satisfied', CAST((NEW.rated_at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', 1 FROM matters m WHERE m.id = NEW.matter_id AND NEW.rated_at IS NOT NULL AND NEW.rating IN ('satisfied', 'basicallySatisfied'); END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_complainant_rounds_delete AFTER DELETE ON complainant_rounds BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'rated', CAST((OLD.rated_at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', -1 FROM matters m WHERE m.id = OLD.matter_id AND OLD.rated_at IS NOT NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'satisfied', CAST((OLD.rated_at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', -1 FROM matters m WHERE m.id = OLD.matter_id AND OLD.rated_at IS NOT NULL AND OLD.rating IN ('satisfied', 'basicallySatisfied'); END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_accountability_records_insert AFTER INSERT ON accountability_records BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'records', CAST((NEW.at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', 1 FROM matters m WHERE m.id = NEW.matter_id AND NEW.annulled_by_appeal_id IS NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'reopenings', CAST((NEW.at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', 1 FROM matters m WHERE m.id = NEW.matter_id AND NEW.annulled_by_appeal_id IS NULL AND NEW.cause = 'dissatisfied';
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'late', CAST((m.registered_at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', 1 FROM matters m
        WHERE m.id = NEW.matter_id AND m.ledger IS NOT NULL AND NEW.cause = 'overdue' AND NEW.annulled_by_appeal_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM accountability_records o WHERE o.matter_id = NEW.matter_id AND o.id <> NEW.id
                          AND o.cause = 'overdue' AND o.annulled_by_appeal_id IS NULL); END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_accountability_records_update AFTER UPDATE ON accountability_records WHEN OLD.matter_id IS NOT NEW.matter_id OR OLD.cause IS NOT NEW.cause OR OLD.at IS NOT NEW.at OR OLD.annulled_by_appeal_id IS NOT NEW.annulled_by_appeal_id
        BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'records', CAST((OLD.at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', -1 FROM matters m WHERE m.id = OLD.matter_id AND OLD.annulled_by_appeal_id IS NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'reopenings', CAST((OLD.at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', -1 FROM matters m WHERE m.id = OLD.matter_id AND OLD.annulled_by_appeal_id IS NULL AND OLD.cause = 'dissatisfied';
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'late', CAST((m.registered_at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', -1 FROM matters m
        WHERE m.id = OLD.matter_id AND m.ledger IS NOT NULL AND OLD.cause = 'overdue' AND OLD.annulled_by_appeal_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM accountability_records o WHERE o.matter_id = OLD.matter_id AND o.id <> OLD.id
                          AND o.cause = 'overdue' AND o.annulled_by_appeal_id IS NULL);
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'records', CAST((NEW.at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', 1 FROM matters m WHERE m.id = NEW.matter_id AND NEW.annulled_by_appeal_id IS NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'reopenings', CAST((NEW.at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', 1 FROM matters m WHERE m.id = NEW.matter_id AND NEW.annulled_by_appeal_id IS NULL AND NEW.cause = 'dissatisfied';
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'late', CAST((m.registered_at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', 1 FROM matters m
        WHERE m.id = NEW.matter_id AND m.ledger IS NOT NULL AND NEW.cause = 'overdue' AND NEW.annulled_by_appeal_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM accountability_records o WHERE o.matter_id = NEW.matter_id AND o.id <> NEW.id
                          AND o.cause = 'overdue' AND o.annulled_by_appeal_id IS NULL); END
        """#,
        #"""
        CREATE TRIGGER matter_tallies_accountability_records_delete AFTER DELETE ON accountability_records BEGIN INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'records', CAST((OLD.at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', -1 FROM matters m WHERE m.id = OLD.matter_id AND OLD.annulled_by_appeal_id IS NULL;
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'reopenings', CAST((OLD.at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', -1 FROM matters m WHERE m.id = OLD.matter_id AND OLD.annulled_by_appeal_id IS NULL AND OLD.cause = 'dissatisfied';
        INSERT INTO matter_tally_changes (measure, day, unit_id, district_id, city_id, ledger, topic, n) SELECT 'late', CAST((m.registered_at + 28800) / 86400 AS INTEGER), m.unit_id, m.district_id, m.city_id, '', '', -1 FROM matters m
        WHERE m.id = OLD.matter_id AND m.ledger IS NOT NULL AND OLD.cause = 'overdue' AND OLD.annulled_by_appeal_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM accountability_records o WHERE o.matter_id = OLD.matter_id AND o.id <> OLD.id
                          AND o.cause = 'overdue' AND o.annulled_by_appeal_id IS NULL); END
        """#,
    ]
}
