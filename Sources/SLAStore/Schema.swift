import GRDB

/// The database schema, as GRDB migrations. Instants are INTEGER seconds since the Unix
/// epoch, UTC (`*_at` columns); the views add ISO 8601 text for people.
public enum Schema {
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
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
                       o.reopens, o.handoffs, o.policy_hash,
                       strftime('%Y-%m-%dT%H:%M:%SZ', o.as_of, 'unixepoch') AS as_of_utc
                FROM tickets t
                JOIN ticket_outcomes o ON o.ticket_id = t.id
                LEFT JOIN sla_cycles r ON r.ticket_id = t.id AND r.metric = 'resolution'
                     AND r.cycle = (SELECT MAX(cycle) FROM sla_cycles WHERE ticket_id = t.id AND metric = 'resolution')
                LEFT JOIN sla_cycles f ON f.ticket_id = t.id AND f.metric = 'first_response' AND f.cycle = 1;
                """)
        }
        return migrator
    }
}
