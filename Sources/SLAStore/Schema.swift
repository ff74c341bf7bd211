import GRDB

/// The database schema, as GRDB migrations. Instants are INTEGER seconds since the Unix
/// epoch, UTC (`*_at` columns); the views add ISO 8601 text for people.
public enum Schema {
    /// The page size of a database slareport creates (an existing file keeps its own; SQLite's
    /// default is 4 KiB). Measured on the generated desk of a million tickets, one database of
    /// each: the first import 36.25-38.23 s against 37.65-39.02 s (two alternating runs), the full
    /// recompute 19.24 s against 20.83 s (and 18.31-19.18 s against 19.58-20.96 s on vacuumed
    /// copies), the weekly report the same (1.98-2.03 s against 1.98-2.02 s): fewer B-tree pages
    /// to split, balance and walk. At 100,000 tickets the import is the same, the recompute 4% faster.
    public static let newDatabasePageSize = 16384

    /// The migrations that mark every ticket for replay (their replay rules changed under the
    /// same policy hash), by number: `UpgradeNote` says so when one is applied or pending.
    public static let migrationsReplayingEveryTicket: Set<String> = ["v14", "v17"]

    public static var migrator: DatabaseMigrator {
        // No migration can break a foreign key: each adds columns, indexes or views, rewrites values
        // that are no keys, or copies a table's rows as they are (`v11`). GRDB's default check after a
        // migration (`PRAGMA foreign_key_check` of every table) reads every table: `v11` at a million
        // tickets took 13.9 s with it, 12.1 s without.
        var migrator = DatabaseMigrator().disablingDeferredForeignKeyChecks()
        migrator.registerMigration("v1: tickets, events, import runs, SLA results") { db in
            try db.execute(sql: """
                CREATE TABLE import_runs (
                    id INTEGER PRIMARY KEY,
                    file TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    format TEXT NOT NULL,
                    profile TEXT,
                    source_zone TEXT NOT NULL,
                    rows_read INTEGER NOT NULL,
                    rows_rejected INTEGER NOT NULL,
                    tickets_inserted INTEGER NOT NULL,
                    tickets_updated INTEGER NOT NULL,
                    events_inserted INTEGER NOT NULL,
                    events_updated INTEGER NOT NULL,
                    started_at INTEGER NOT NULL,
                    finished_at INTEGER NOT NULL
                );
                CREATE TABLE tickets (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE,
                    subject TEXT, requester TEXT, requester_email TEXT, priority TEXT, department TEXT,
                    help_topic TEXT, source TEXT, status TEXT, sla_plan TEXT, team TEXT, agent TEXT,
                    created_at INTEGER NOT NULL,
                    last_updated_at INTEGER, closed_at INTEGER,
                    source_due_at INTEGER, source_overdue INTEGER, source_reopen_count INTEGER, thread_count INTEGER,
                    custom_fields TEXT,
                    is_placeholder INTEGER NOT NULL DEFAULT 0,
                    content_hash TEXT NOT NULL,
                    import_run_id INTEGER REFERENCES import_runs(id),
                    needs_replay INTEGER NOT NULL DEFAULT 1
                );
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY,
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                    identity TEXT NOT NULL,
                    occurred_at INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    actor TEXT, team TEXT, agent TEXT, department TEXT, status TEXT, value TEXT, previous_value TEXT,
                    annulled INTEGER NOT NULL DEFAULT 0,
                    import_run_id INTEGER REFERENCES import_runs(id),
                    UNIQUE (ticket_id, identity)
                );
                CREATE INDEX events_by_ticket_time ON events(ticket_id, occurred_at);
                CREATE TABLE recompute_runs (
                    id INTEGER PRIMARY KEY,
                    policy_name TEXT NOT NULL,
                    policy_hash TEXT NOT NULL,
                    as_of INTEGER NOT NULL,
                    tickets_replayed INTEGER NOT NULL,
                    started_at INTEGER NOT NULL,
                    finished_at INTEGER NOT NULL
                );
                CREATE TABLE ticket_outcomes (
                    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
                    plan TEXT, priority TEXT, team TEXT, agent TEXT, department TEXT,
                    state TEXT NOT NULL,
                    first_response_at INTEGER, resolved_at INTEGER,
                    reopens INTEGER NOT NULL, handoffs INTEGER NOT NULL,
                    policy_hash TEXT NOT NULL, as_of INTEGER NOT NULL
                );
                CREATE TABLE sla_cycles (
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                    metric TEXT NOT NULL,
                    cycle INTEGER NOT NULL,
                    plan TEXT, target_seconds INTEGER,
                    started_at INTEGER NOT NULL, due_at INTEGER, stopped_at INTEGER,
                    elapsed_seconds INTEGER NOT NULL, paused_seconds INTEGER NOT NULL, wall_seconds INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    breached_at INTEGER, seconds_late INTEGER, breach_team TEXT, breach_agent TEXT, reason TEXT,
                    policy_hash TEXT NOT NULL, as_of INTEGER NOT NULL,
                    PRIMARY KEY (ticket_id, metric, cycle)
                );
                CREATE TABLE team_segments (
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    team TEXT, agent TEXT, department TEXT,
                    started_at INTEGER NOT NULL, ended_at INTEGER NOT NULL,
                    business_seconds INTEGER NOT NULL, wall_seconds INTEGER NOT NULL,
                    PRIMARY KEY (ticket_id, seq)
                );
                """ + ticketMetricsView(policyHashOnResultRows: true))
        }
        migrator.registerMigration("v2: analyst views v_ticket_sla, v_team_week, v_breaches, v_team_time") { db in
            try db.execute(sql: analystViews(policyHashOnResultRows: true))
        }
        migrator.registerMigration("v3: agent-set due dates, history rows that are no events") { db in
            // manual_due_at: osTicket's "Due Date" (duedate), the due date an agent set on the ticket.
            // rows_skipped / skipped_kinds: valid rows that carry no lifecycle event, and their
            // kinds as JSON ({"viewed": 3, "edited: topic_id": 1}), so an import says what it left out.
            try db.execute(sql: """
                ALTER TABLE tickets ADD COLUMN manual_due_at INTEGER;
                ALTER TABLE import_runs ADD COLUMN rows_skipped INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE import_runs ADD COLUMN skipped_kinds TEXT;
                """)
        }
        ProfileRowTable.registerMigration(in: &migrator)
        migrator.registerMigration("v5: osticket_pulls, the direct reader's watermark") { db in
            // One row per pull from an osTicket database; the latest row of a source is where the next
            // pull starts. Written in the import's transaction, so a failed import leaves no watermark.
            try db.execute(sql: """
                CREATE TABLE osticket_pulls (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    server_time TEXT NOT NULL,
                    last_event_id INTEGER NOT NULL,
                    last_entry_id INTEGER NOT NULL,
                    incremental INTEGER NOT NULL,
                    ticket_rows INTEGER NOT NULL,
                    history_rows INTEGER NOT NULL,
                    fetch_seconds REAL NOT NULL,
                    source_zone TEXT NOT NULL,
                    pulled_at INTEGER NOT NULL
                );
                CREATE INDEX osticket_pulls_by_source ON osticket_pulls(source, id);
                """)
        }
        migrator.registerMigration("v6: profile events named by their profile (row:<n>@<profile>)") { db in
            // Events a profile stored as `row:<n>` before identities carried the profile's name take
            // the name their run recorded, so a re-import through that profile updates them in place.
            try db.execute(sql: """
                UPDATE events SET identity = identity || '@' || (SELECT r.profile FROM import_runs r WHERE r.id = events.import_run_id)
                WHERE substr(identity, 1, 4) = 'row:' AND instr(identity, '@') = 0
                  AND (SELECT r.profile FROM import_runs r WHERE r.id = events.import_run_id) IS NOT NULL
                """)
        }
        migrator.registerMigration("v7: indexes for reports that read only their period") { db in
            // A report reads the tickets created, resolved or handed off in its weeks; `--as-of data` and a
            // recompute after the as-of instant moved look for the latest events (README, Performance).
            try db.execute(sql: """
                CREATE INDEX IF NOT EXISTS tickets_by_created ON tickets(created_at);
                CREATE INDEX IF NOT EXISTS events_by_time ON events(occurred_at);
                CREATE INDEX IF NOT EXISTS tickets_needing_replay ON tickets(id) WHERE needs_replay = 1;
                """ + resultIndexes)
        }
        migrator.registerMigration("v8: indexes for the latest data instant and the as-of-sensitive tickets") { db in
            // `--as-of data` takes the largest of these through index seeks instead of scanning
            // every ticket; a recompute after the as-of instant moved finds the unfinished tickets,
            // and a report the open and paused ones, in the small partial index (README, Performance).
            try db.execute(sql: """
                CREATE INDEX IF NOT EXISTS tickets_by_closed_or_created ON tickets(COALESCE(closed_at, created_at));
                CREATE INDEX IF NOT EXISTS tickets_by_updated ON tickets(last_updated_at);
                """ + unfinishedOutcomesIndex)
        }
        migrator.registerMigration("v9: the last resolution cycle's status on each outcome") { db in
            // The report's twelve-week trend reads one verdict per resolved ticket (about 250,000
            // at a million tickets); on the outcome row it costs no seek into `sla_cycles` each.
            try db.execute(sql: """
                ALTER TABLE ticket_outcomes ADD COLUMN resolution_status TEXT;
                UPDATE ticket_outcomes SET resolution_status = (
                    SELECT status FROM sla_cycles
                    WHERE ticket_id = ticket_outcomes.ticket_id AND metric = 'resolution'
                    ORDER BY cycle DESC LIMIT 1);
                """)
        }
        migrator.registerMigration("v10: the policy hash once per recompute run, not on every result row") { db in
            // Every stored result was replayed under the latest run's policy, so the hash on each cycle
            // and outcome row (64 characters, about a quarter of the results' bytes) said nothing the
            // run does not; a full recompute wrote and checkpointed about 210 MB of it at a million
            // tickets. The views keep their `policy_hash` column, now read from `recompute_runs`.
            // The views name the columns, so they go first and come back after.
            try db.execute(sql: dropViews + """
                ALTER TABLE ticket_outcomes DROP COLUMN policy_hash;
                ALTER TABLE sla_cycles DROP COLUMN policy_hash;
                """ + ticketMetricsView(policyHashOnResultRows: false) + analystViews(policyHashOnResultRows: false))
        }
        migrator.registerMigration("v11: cycles and segments kept in their primary key's order (WITHOUT ROWID)") { db in
            // Both tables are only ever read and deleted by ticket (`WHERE ticket_id = ?`, in key
            // order), so a rowid table kept every row twice: in the table and in the primary key's
            // index. Keyed by their primary key, a full recompute stores each row in one b-tree
            // instead of two (about 100 MB fewer to write and checkpoint at a million tickets), and a
            // report reads a ticket's cycles and segments in one seek instead of an index seek and a
            // table seek per row. Rebuilt and renamed, so the views go first and come back after.
            try db.execute(sql: dropViews + """
                CREATE TABLE sla_cycles_by_key (
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                    metric TEXT NOT NULL,
                    cycle INTEGER NOT NULL,
                    plan TEXT, target_seconds INTEGER,
                    started_at INTEGER NOT NULL, due_at INTEGER, stopped_at INTEGER,
                    elapsed_seconds INTEGER NOT NULL, paused_seconds INTEGER NOT NULL, wall_seconds INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    breached_at INTEGER, seconds_late INTEGER, breach_team TEXT, breach_agent TEXT, reason TEXT,
                    as_of INTEGER NOT NULL,
                    PRIMARY KEY (ticket_id, metric, cycle)
                ) WITHOUT ROWID;
                INSERT INTO sla_cycles_by_key (
                    ticket_id, metric, cycle, plan, target_seconds, started_at, due_at, stopped_at, elapsed_seconds,
                    paused_seconds, wall_seconds, status, breached_at, seconds_late, breach_team, breach_agent, reason, as_of)
                SELECT ticket_id, metric, cycle, plan, target_seconds, started_at, due_at, stopped_at, elapsed_seconds,
                       paused_seconds, wall_seconds, status, breached_at, seconds_late, breach_team, breach_agent, reason, as_of
                FROM sla_cycles ORDER BY ticket_id, metric, cycle;
                DROP TABLE sla_cycles;
                ALTER TABLE sla_cycles_by_key RENAME TO sla_cycles;
                CREATE TABLE team_segments_by_key (
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    team TEXT, agent TEXT, department TEXT,
                    started_at INTEGER NOT NULL, ended_at INTEGER NOT NULL,
                    business_seconds INTEGER NOT NULL, wall_seconds INTEGER NOT NULL,
                    PRIMARY KEY (ticket_id, seq)
                ) WITHOUT ROWID;
                INSERT INTO team_segments_by_key (
                    ticket_id, seq, team, agent, department, started_at, ended_at, business_seconds, wall_seconds)
                SELECT ticket_id, seq, team, agent, department, started_at, ended_at, business_seconds, wall_seconds
                FROM team_segments ORDER BY ticket_id, seq;
                DROP TABLE team_segments;
                ALTER TABLE team_segments_by_key RENAME TO team_segments;
                """ + resultIndexes + ticketMetricsView(policyHashOnResultRows: false)
                + analystViews(policyHashOnResultRows: false))
        }
        migrator.registerMigration("v12: no events_by_ticket_time (the unique index serves a ticket's events)") { db in
            // A ticket's events are found through the unique index `(ticket_id, identity)`, which every
            // upsert needs anyway; the replay's reader orders each ticket's few events by time itself
            // (`TicketEventReader`). This one was a fourth b-tree to build after a first import and to
            // keep up to date on every later one (149 MB at a million tickets): the import there took
            // 35-38 s instead of 43-48 s. Reading in identity order costs a full recompute 2-4 s of CPU
            // more (README, Performance), less than the import gains.
            try db.execute(sql: "DROP INDEX IF EXISTS events_by_ticket_time")
        }
        migrator.registerMigration("v13: v_team_week counts every resolution cycle's breach") { db in
            // As the reports since: a ticket reopened after a breach keeps that breach in its week.
            try db.execute(sql: "DROP VIEW IF EXISTS v_team_week;\n" + teamWeekView(breachesOfEveryCycle: true))
        }
        migrator.registerMigration("v14: every clock starts at created_at; a ticket known only from events at its earliest") { db in
            // Until v14 a clock started at the earlier of created_at and the first event, and a
            // `created` event's status was ignored. Tickets known only from events take their
            // earliest event's instant. The replay's rules changed under the same policy hash, so
            // the next recompute replays every ticket (once a recompute has run: before, the
            // first one replays all of them anyway).
            try db.execute(sql: """
                UPDATE tickets SET created_at = (SELECT MIN(occurred_at) FROM events WHERE ticket_id = tickets.id)
                WHERE is_placeholder = 1 AND created_at > (SELECT MIN(occurred_at) FROM events WHERE ticket_id = tickets.id);
                UPDATE tickets SET needs_replay = 1 WHERE needs_replay = 0 AND EXISTS (SELECT 1 FROM recompute_runs);
                """)
        }
        migrator.registerMigration("v15: v_breaches' due_utc is the due instant that was breached") { db in
            // A breach kept from an earlier plan showed the later plan's due, after the breach.
            try db.execute(sql: "DROP VIEW IF EXISTS v_breaches;\n"
                           + breachesView(policyHashOnResultRows: false, dueOfTheBreach: true))
        }
        migrator.registerMigration("v16: profile events scoped by the profile's number (row:<n>@<number>)") { db in
            // The profile's name after `@` took about 20 bytes per event in the table and in its
            // unique index (8% of a profile import's time); each profile now has a number, and the
            // events it stored take it, so a re-import through that profile updates them in place.
            try db.execute(sql: """
                CREATE TABLE profile_scopes (id INTEGER PRIMARY KEY, profile TEXT NOT NULL UNIQUE);
                INSERT OR IGNORE INTO profile_scopes (profile)
                    SELECT DISTINCT substr(identity, instr(identity, '@') + 1) FROM events
                    WHERE substr(identity, 1, 4) = 'row:' AND instr(identity, '@') > 0;
                UPDATE events SET identity = substr(identity, 1, instr(identity, '@'))
                    || (SELECT s.id FROM profile_scopes s WHERE s.profile = substr(events.identity, instr(events.identity, '@') + 1))
                WHERE substr(identity, 1, 4) = 'row:' AND instr(identity, '@') > 0;
                """)
        }
        migrator.registerMigration("v17: outcomes count under what the ticket had at its resolution") { db in
            // `ticket_outcomes`' team, agent, department, priority and plan were the replay's last
            // (a close by a system account after the resolution credited the ticket to it); they are
            // now the ones in force when the last resolution cycle stopped. Same policy hash, new
            // rule: the next recompute replays every ticket, as after `v14`.
            try db.execute(sql: "UPDATE tickets SET needs_replay = 1 WHERE needs_replay = 0 AND EXISTS (SELECT 1 FROM recompute_runs)")
        }
        migrator.registerMigration("v18: the policy's calendar zone on each recompute run, the reports' default zone") { db in
            // A report without --zone counted weeks in New York's (and `run` in UTC) whatever the
            // desk's policy said; it now takes the zone of the policy's first business calendar.
            try db.execute(sql: "ALTER TABLE recompute_runs ADD COLUMN calendar_zone TEXT")
        }
        migrator.registerMigration("v19: the views' reasons as in the per-ticket CSV, the breached plan, the first response's week") { db in
            // An analyst's trial: `resolution_not_measurable_reason` held a kept breach's explanation
            // (the CSV's column of that name is empty there), `v_breaches.plan` named the plan after
            // the one breached, and nothing gave time to first response its week. Views only.
            try db.execute(sql: "DROP VIEW IF EXISTS v_ticket_sla; DROP VIEW IF EXISTS v_breaches;\n"
                           + ticketSLAView(policyHashOnResultRows: false, reasonsAsInTheCSV: true)
                           + breachesView(policyHashOnResultRows: false, dueOfTheBreach: true, breachedPlan: true))
        }
        return migrator
    }

    /// The first version's view (`v1`): each ticket with its last resolution cycle and its first-response
    /// cycle. Until `v10` the policy hash was read from the outcome row; since, from the latest recompute run.
    static func ticketMetricsView(policyHashOnResultRows: Bool) -> String {
        """
        CREATE VIEW ticket_metrics AS
        SELECT t.number,
               t.subject, o.priority, o.plan, o.department, o.team, o.agent, t.status, o.state,
               strftime('%Y-%m-%dT%H:%M:%SZ', t.created_at, 'unixepoch') AS created_utc,
               strftime('%Y-%m-%dT%H:%M:%SZ', o.resolved_at, 'unixepoch') AS resolved_utc,
               r.status AS resolution_status,
               strftime('%Y-%m-%dT%H:%M:%SZ', r.due_at, 'unixepoch') AS resolution_due_utc,
               r.target_seconds AS resolution_target_seconds,
               r.elapsed_seconds AS resolution_business_seconds,
               CASE WHEN o.resolved_at IS NOT NULL THEN o.resolved_at - t.created_at END AS resolution_wall_seconds,
               strftime('%Y-%m-%dT%H:%M:%SZ', r.breached_at, 'unixepoch') AS breached_utc,
               r.seconds_late, r.breach_team, r.breach_agent,
               f.status AS first_response_status,
               f.elapsed_seconds AS first_response_business_seconds,
               o.reopens, o.handoffs, \(policyHash(onResultRows: policyHashOnResultRows, alias: "o")),
               strftime('%Y-%m-%dT%H:%M:%SZ', o.as_of, 'unixepoch') AS as_of_utc
        FROM tickets t
        JOIN ticket_outcomes o ON o.ticket_id = t.id
        LEFT JOIN sla_cycles r ON r.ticket_id = t.id AND r.metric = 'resolution'
             AND r.cycle = (SELECT MAX(cycle) FROM sla_cycles WHERE ticket_id = t.id AND metric = 'resolution')
        LEFT JOIN sla_cycles f ON f.ticket_id = t.id AND f.metric = 'first_response' AND f.cycle = 1;
        """
    }

    /// Drops every view (`v1`'s and `v2`'s), for a migration that changes the columns they name;
    /// it creates them again after.
    static let dropViews = """
        DROP VIEW IF EXISTS v_team_week; DROP VIEW IF EXISTS v_breaches; DROP VIEW IF EXISTS v_team_time;
        DROP VIEW IF EXISTS v_ticket_sla; DROP VIEW IF EXISTS ticket_metrics;

        """

    /// `v_breaches`: every breached cycle. Until `v15` its `due_utc` was the cycle's due, which for
    /// a breach kept from an earlier plan is the later plan's (after the breach); since, the due
    /// instant that was breached (`breached_at`, the same instant for every other breach). Since
    /// `v19`, `breached_plan` is the plan whose due instant passed: for a kept breach the earlier
    /// plan its reason names (`SLACycle.keptBreachPlan`), where `plan` is the cycle's last.
    static func breachesView(policyHashOnResultRows: Bool, dueOfTheBreach: Bool, breachedPlan: Bool = false) -> String {
        // `SLACycle.keptBreachReasonPrefix` (`breached under `, 15 characters) then the quoted plan,
        // written out: a migration's SQL must not change with the code.
        let plan = breachedPlan ? """
            c.plan,
                   CASE WHEN c.reason LIKE 'breached under "%"%'
                        THEN substr(c.reason, 17, instr(substr(c.reason, 17), '"') - 1)
                        ELSE c.plan END AS breached_plan,
            """ : "c.plan,"
        return """
        CREATE VIEW v_breaches AS
        SELECT t.number, t.subject, c.metric, c.cycle, \(plan) c.status,
               \(utc(dueOfTheBreach ? "c.breached_at" : "c.due_at")) AS due_utc,
               \(utc("c.breached_at")) AS breached_utc,
               \(isoWeek("c.breached_at")) AS breached_week,
               c.breach_team AS team_at_breach, c.breach_agent AS agent_at_breach,
               c.seconds_late,
               CASE WHEN c.seconds_late IS NOT NULL THEN (MAX(c.seconds_late, 0) + 59) / 60 END AS minutes_late,
               o.team AS final_team, o.priority, t.status AS ticket_status,
               \(policyHash(onResultRows: policyHashOnResultRows, alias: "c"))
        FROM sla_cycles c
        JOIN tickets t ON t.id = c.ticket_id
        JOIN ticket_outcomes o ON o.ticket_id = t.id
        WHERE c.status IN ('breached', 'running_breached');
        """
    }

    /// `v_team_week`: per team and ISO week, created, resolved, compliance and breaches. Until `v13`
    /// the breaches were the last resolution cycle's; since, every cycle's (an earlier cycle's breach
    /// of a ticket reopened since counts in its own week, under the team holding the ticket then,
    /// as in the reports).
    static func teamWeekView(breachesOfEveryCycle: Bool) -> String {
        let breaches = breachesOfEveryCycle ? """
            SELECT c.breach_team, \(isoWeek("c.breached_at")), 0, 0, 0, 0, 0, 0, 0, 0, 1
                        FROM sla_cycles c JOIN ticket_outcomes o ON o.ticket_id = c.ticket_id
                        WHERE c.metric = 'resolution' AND c.breached_at IS NOT NULL
            """ : """
            SELECT breach_team, resolution_breached_week, 0, 0, 0, 0, 0, 0, 0, 0, 1
                        FROM v_ticket_sla WHERE resolution_breached_utc IS NOT NULL
            """
        return """
        CREATE VIEW v_team_week AS
        WITH facts (team, week, created, resolved, met, breached, ongoing, fr_met, fr_breached, fr_ongoing, breaches) AS (
            SELECT team, created_week, 1, 0, 0, 0, 0, 0, 0, 0, 0 FROM v_ticket_sla
            UNION ALL
            SELECT team, resolved_week, 0, 1, resolution_status = 'met',
                   resolution_status IN ('breached', 'running_breached'), 0, 0, 0, 0, 0
            FROM v_ticket_sla WHERE resolved_utc IS NOT NULL
            UNION ALL
            SELECT team, resolution_breached_week, 0, 0, 0, 0, 1, 0, 0, 0, 0
            FROM v_ticket_sla WHERE resolved_utc IS NULL AND resolution_status = 'running_breached'
            UNION ALL
            SELECT team, first_response_stopped_week, 0, 0, 0, 0, 0, first_response_status = 'met',
                   first_response_status = 'breached', 0, 0
            FROM v_ticket_sla WHERE first_response_status IN ('met', 'breached') AND first_response_stopped_utc IS NOT NULL
            UNION ALL
            SELECT team, first_response_breached_week, 0, 0, 0, 0, 0, 0, 0, 1, 0
            FROM v_ticket_sla WHERE first_response_status = 'running_breached'
            UNION ALL
            \(breaches)
        )
        SELECT COALESCE(NULLIF(team, ''), '(no team)') AS team, week,
               SUM(created) AS created, SUM(resolved) AS resolved,
               SUM(met) AS resolution_met, SUM(breached) AS resolution_breached,
               SUM(ongoing) AS resolution_breached_ongoing,
               SUM(met) + SUM(breached) + SUM(ongoing) AS resolution_judged,
               ROUND(100.0 * SUM(met) / NULLIF(SUM(met) + SUM(breached) + SUM(ongoing), 0), 2)
                   AS resolution_compliance_percent,
               SUM(fr_met) AS first_response_met,
               SUM(fr_met) + SUM(fr_breached) + SUM(fr_ongoing) AS first_response_judged,
               ROUND(100.0 * SUM(fr_met) / NULLIF(SUM(fr_met) + SUM(fr_breached) + SUM(fr_ongoing), 0), 2)
                   AS first_response_compliance_percent,
               SUM(breaches) AS breaches
        FROM facts
        GROUP BY 1, 2;
        """
    }

    /// The latest recompute's policy hash: every stored result was replayed under it (a recompute
    /// under another policy replays every ticket, in one transaction), so `v10` keeps it once, in
    /// `recompute_runs`, instead of on each cycle and outcome row.
    static let latestPolicyHash = "(SELECT policy_hash FROM recompute_runs ORDER BY id DESC LIMIT 1)"

    /// The views' `policy_hash` column: the result row's own (before `v10`) or the latest run's.
    static func policyHash(onResultRows: Bool, alias: String) -> String {
        onResultRows ? "\(alias).policy_hash" : "\(latestPolicyHash) AS policy_hash"
    }

    /// The `v8` partial index of the tickets whose outcome was unfinished at the last
    /// recompute's as-of instant (a clock still running, open, paused or reopened): their
    /// results can change when the as-of instant moves. A full recompute runs this again after
    /// loading the results, in case it is missing. Never change it: a new index belongs in a new migration.
    static let unfinishedOutcomesIndex = """
        CREATE INDEX IF NOT EXISTS outcomes_unfinished ON ticket_outcomes(ticket_id)
            WHERE \(unfinishedOutcome);
        """

    /// The condition of `outcomes_unfinished`: a query must repeat it word for word (as an
    /// AND-connected term) for SQLite to use the partial index.
    static let unfinishedOutcome = "resolved_at IS NULL OR state NOT IN ('resolved', 'closed')"

    /// The `v7` indexes on the result tables; a full recompute keeps them up to date and runs this
    /// again after loading the results, in case one is missing. Never change it: a new index belongs in a new migration.
    static let resultIndexes = """
        CREATE INDEX IF NOT EXISTS outcomes_by_resolved ON ticket_outcomes(resolved_at);
        CREATE INDEX IF NOT EXISTS segments_by_start ON team_segments(started_at);
        """

    /// `strftime` of an epoch-seconds column as ISO 8601 UTC text (`2025-08-05T19:58:40Z`).
    static func utc(_ column: String) -> String {
        "strftime('%Y-%m-%dT%H:%M:%SZ', \(column), 'unixepoch')"
    }

    /// The ISO 8601 week (`2025-W32`, weeks from Monday, in UTC) of an epoch-seconds column:
    /// the week-numbering year and week are those of the Thursday of the same Monday-based
    /// week (SQLite 3.40 has no `%G`/`%V`).
    static func isoWeek(_ column: String) -> String {
        let thursday = "\(column), 'unixepoch', '-3 days', 'weekday 4'"
        return "CASE WHEN \(column) IS NOT NULL THEN strftime('%Y', \(thursday)) || '-W' || "
            + "printf('%02d', (CAST(strftime('%j', \(thursday)) AS INTEGER) - 1) / 7 + 1) END"
    }

    /// `v_ticket_sla`: each ticket with its last resolution cycle and its first-response cycle. Until
    /// `v19` its `*_not_measurable_reason` columns held every reason of the cycle (a breach kept from
    /// an earlier plan's explanation among them) where the per-ticket CSV's columns of the same name
    /// hold only why a clock could not be judged; since, they are the CSV's, the whole reasons are
    /// `resolution_reason` and `first_response_reason`, and `first_response_week` is the week of the
    /// first response (the time-to-first-response cohort).
    static func ticketSLAView(policyHashOnResultRows: Bool, reasonsAsInTheCSV: Bool) -> String {
        let resolutionReasons = reasonsAsInTheCSV
            ? "CASE WHEN r.status = 'not_measurable' THEN r.reason END AS resolution_not_measurable_reason,\n"
                + "               r.reason AS resolution_reason,"
            : "r.reason AS resolution_not_measurable_reason,"
        let firstResponseReasons = reasonsAsInTheCSV
            ? "CASE WHEN f.status = 'not_measurable' THEN f.reason END AS first_response_not_measurable_reason,\n"
                + "               f.reason AS first_response_reason,\n"
                + "               \(isoWeek("o.first_response_at")) AS first_response_week,"
            : "f.reason AS first_response_not_measurable_reason,"
        return """
        CREATE VIEW v_ticket_sla AS
        SELECT t.number, t.subject, o.priority, o.plan, o.department, o.team, o.agent, t.status, o.state,
               \(utc("t.created_at")) AS created_utc,
               \(utc("o.first_response_at")) AS first_response_utc,
               \(utc("o.resolved_at")) AS resolved_utc,
               \(isoWeek("t.created_at")) AS created_week,
               \(isoWeek("o.resolved_at")) AS resolved_week,
               r.status AS resolution_status,
               r.target_seconds AS resolution_target_seconds,
               \(utc("r.due_at")) AS resolution_due_utc,
               r.elapsed_seconds AS resolution_business_seconds,
               r.paused_seconds AS resolution_paused_seconds,
               CASE WHEN o.resolved_at IS NOT NULL THEN o.resolved_at - t.created_at END AS resolution_wall_seconds,
               \(utc("r.breached_at")) AS resolution_breached_utc,
               \(isoWeek("r.breached_at")) AS resolution_breached_week,
               r.seconds_late AS resolution_seconds_late,
               CASE WHEN r.seconds_late IS NOT NULL THEN (MAX(r.seconds_late, 0) + 59) / 60 END AS resolution_minutes_late,
               r.breach_team, r.breach_agent,
               EXISTS (SELECT 1 FROM sla_cycles x WHERE x.ticket_id = t.id AND x.metric = 'resolution'
                       AND x.status IN ('breached', 'running_breached')) AS ever_breached,
               \(resolutionReasons)
               f.status AS first_response_status,
               f.target_seconds AS first_response_target_seconds,
               \(utc("f.due_at")) AS first_response_due_utc,
               \(utc("f.stopped_at")) AS first_response_stopped_utc,
               \(isoWeek("f.stopped_at")) AS first_response_stopped_week,
               CASE WHEN f.status <> 'not_measurable' THEN f.elapsed_seconds END AS first_response_business_seconds,
               CASE WHEN o.first_response_at IS NOT NULL THEN o.first_response_at - t.created_at END AS first_response_wall_seconds,
               \(utc("f.breached_at")) AS first_response_breached_utc,
               \(isoWeek("f.breached_at")) AS first_response_breached_week,
               f.seconds_late AS first_response_seconds_late,
               f.breach_team AS first_response_breach_team,
               \(firstResponseReasons)
               o.reopens, o.handoffs,
               (SELECT group_concat(team, ' > ') FROM (
                    SELECT team FROM (SELECT s.seq, s.team, LAG(s.team) OVER (ORDER BY s.seq) AS previous
                                      FROM team_segments s
                                      WHERE s.ticket_id = t.id AND s.team IS NOT NULL AND s.team <> '')
                    WHERE previous IS NULL OR previous <> team ORDER BY seq)) AS team_path,
               \(utc("t.source_due_at")) AS source_due_utc,
               CASE WHEN t.source_due_at IS NOT NULL AND r.due_at IS NOT NULL THEN r.due_at - t.source_due_at END
                   AS due_minus_source_seconds,
               \(policyHash(onResultRows: policyHashOnResultRows, alias: "o")),
               \(utc("o.as_of")) AS as_of_utc
        FROM tickets t
        JOIN ticket_outcomes o ON o.ticket_id = t.id
        LEFT JOIN sla_cycles r ON r.ticket_id = t.id AND r.metric = 'resolution'
             AND r.cycle = (SELECT MAX(cycle) FROM sla_cycles WHERE ticket_id = t.id AND metric = 'resolution')
        LEFT JOIN sla_cycles f ON f.ticket_id = t.id AND f.metric = 'first_response' AND f.cycle = 1;
        """
    }

    /// The views for analysts (README, "Schema"). Times are UTC; weeks are ISO weeks in UTC.
    static func analystViews(policyHashOnResultRows: Bool) -> String {
        ticketSLAView(policyHashOnResultRows: policyHashOnResultRows, reasonsAsInTheCSV: false) + """

        \(teamWeekView(breachesOfEveryCycle: false))

        \(breachesView(policyHashOnResultRows: policyHashOnResultRows, dueOfTheBreach: false))

        CREATE VIEW v_team_time AS
        WITH last_resolution AS (
            SELECT ticket_id, status FROM sla_cycles c
            WHERE metric = 'resolution'
              AND cycle = (SELECT MAX(cycle) FROM sla_cycles WHERE ticket_id = c.ticket_id AND metric = 'resolution')
        ),
        held AS (
            SELECT COALESCE(NULLIF(s.team, ''), '(no team)') AS team, s.ticket_id, s.business_seconds, s.wall_seconds,
                   COALESCE(l.status IN ('breached', 'running_breached'), 0) AS on_breached
            FROM team_segments s LEFT JOIN last_resolution l ON l.ticket_id = s.ticket_id
        ),
        totals AS (
            SELECT SUM(business_seconds) AS business,
                   SUM(CASE WHEN on_breached THEN business_seconds ELSE 0 END) AS breached_business
            FROM held
        )
        SELECT team,
               COUNT(DISTINCT ticket_id) AS tickets,
               SUM(business_seconds) AS business_seconds,
               SUM(wall_seconds) AS wall_seconds,
               ROUND(100.0 * SUM(business_seconds) / NULLIF(totals.business, 0), 2) AS share_of_clock_percent,
               COUNT(DISTINCT CASE WHEN on_breached THEN ticket_id END) AS breached_tickets,
               SUM(CASE WHEN on_breached THEN business_seconds ELSE 0 END) AS breached_business_seconds,
               ROUND(100.0 * SUM(CASE WHEN on_breached THEN business_seconds ELSE 0 END)
                     / NULLIF(totals.breached_business, 0), 2) AS share_of_breached_clock_percent
        FROM held, totals
        GROUP BY team;
        """
    }
}
