-- export-history.sql: every ticket's lifecycle history from osTicket 1.14-1.18, for slareport.
--
--   mysql --batch -e "$(cat export-history.sql)" osticket > history.tsv
--   slareport import --source-zone <the database server's zone> tickets.csv history.tsv
--
-- Prints one row per thread event (ost_thread_event) and per thread entry (ost_thread_entry, M/R/N)
-- of every ticket, with names instead of ids, in the columns slareport's osticket-history reader
-- expects (see sample-data/README.md, "Formats"):
--   ticket_number source source_id timestamp event annulled username agent team department
--   status sla_plan priority data
-- sorted by ticket, then time, then events before entries, then id.
--
-- Needs MySQL 5.7+ or MariaDB 10.2+ (JSON_VALID, JSON_EXTRACT, JSON_TYPE). Change the `ost_`
-- prefix if your installation uses another. Times are the database's wall clock (osTicket stores
-- them in the server's SYSTEM zone), so pass that zone to `slareport import --source-zone`.
--
-- What the columns hold:
-- - agent: who holds the ticket after the row. osTicket's own snapshot (staff_id) names the *acting*
--   agent when nobody holds the ticket, so it is recomputed from the rows that change the holder:
--   the latest at or before the row of an assignment of an agent or a claim ({"staff":..} or
--   {"claim":..}), a close (the closer holds it), a reopen (osTicket's snapshot), a release of the
--   agent ({"staff":..}: nobody); when that leaves nobody, the first agent reply (R) since then,
--   which auto-claimed the ticket. So a ticket an agent opened by phone is held by nobody until
--   assigned or claimed, rows after an auto-claiming reply name the replying agent, and a release
--   clears the agent.
-- - team, department: osTicket's snapshot (team_id, dept_id). Entries: the snapshot of the
--   ticket's latest event at or before the entry (entries have none of their own).
-- - username: who acted, as a display name (agents "First Last", users their name), else
--   osTicket's username column (SYSTEM for cron's overdue events).
-- - status: the status a close or a status edit set (closed events: {"status":[id,"Name"]};
--   edits: {"status":id}); sla_plan: the new plan of an SLA edit ({"sla_id":[old,new]});
--   priority: the new priority of a priority edit ({"fields":{...}}, keyed by the field's name
--   or id; the value a name, an id, [name, id] or [id, name]).
-- Hidden entries (flag 0x4) are left out, as osTicket's thread count leaves them out; task
-- threads and the threads of deleted tickets (thread_id = 0) are not tickets' history.
SELECT h.ticket_number, h.source, h.source_id, h.timestamp, h.event, h.annulled, h.username,
       h.agent, h.team, h.department, h.status, h.sla_plan, h.priority, h.data
FROM (
    -- Thread events.
    SELECT e.ticket_key, 0 AS source_order, e.ticket_number,
           'event' AS source,
           e.id AS source_id,
           e.timestamp,
           e.event_name AS event,
           e.annulled,
           COALESCE(
               CASE WHEN e.uid_type = 'S' THEN NULLIF(TRIM(CONCAT_WS(' ', actor_staff.firstname, actor_staff.lastname)), '') END,
               CASE WHEN e.uid_type = 'U' THEN actor_user.name END,
               e.username) AS username,
           NULLIF(TRIM(CONCAT_WS(' ', holder.firstname, holder.lastname)), '') AS agent,
           team.name AS team,
           dept.name AS department,
           CASE WHEN e.event_name IN ('closed', 'edited') THEN
               COALESCE(status.name,
                        CASE WHEN JSON_TYPE(JSON_EXTRACT(e.jdata, '$.status')) = 'ARRAY'
                             THEN JSON_UNQUOTE(JSON_EXTRACT(e.jdata, '$.status[1]')) END)
           END AS status,
           CASE WHEN e.event_name = 'edited' THEN sla.name END AS sla_plan,
           CASE WHEN e.event_name = 'edited' THEN
               CASE JSON_TYPE(e.priority_new)
                   WHEN 'ARRAY' THEN COALESCE(
                       CASE WHEN JSON_TYPE(JSON_EXTRACT(e.priority_new, '$[0]')) = 'STRING'
                             AND JSON_UNQUOTE(JSON_EXTRACT(e.priority_new, '$[0]')) NOT REGEXP '^[0-9]+$'
                            THEN JSON_UNQUOTE(JSON_EXTRACT(e.priority_new, '$[0]')) END,
                       CASE WHEN JSON_TYPE(JSON_EXTRACT(e.priority_new, '$[1]')) = 'STRING'
                             AND JSON_UNQUOTE(JSON_EXTRACT(e.priority_new, '$[1]')) NOT REGEXP '^[0-9]+$'
                            THEN JSON_UNQUOTE(JSON_EXTRACT(e.priority_new, '$[1]')) END,
                       (SELECT p.priority_desc FROM ost_ticket_priority p
                         WHERE p.priority_id = JSON_UNQUOTE(JSON_EXTRACT(e.priority_new, '$[0]'))),
                       (SELECT p.priority_desc FROM ost_ticket_priority p
                         WHERE p.priority_id = JSON_UNQUOTE(JSON_EXTRACT(e.priority_new, '$[1]'))))
                   WHEN 'OBJECT' THEN JSON_UNQUOTE(JSON_EXTRACT(JSON_EXTRACT(e.priority_new, '$.*'), '$[0]'))
                   WHEN 'STRING' THEN COALESCE(
                       (SELECT p.priority_desc FROM ost_ticket_priority p
                         WHERE JSON_UNQUOTE(e.priority_new) REGEXP '^[0-9]+$'
                           AND p.priority_id = JSON_UNQUOTE(e.priority_new)),
                       JSON_UNQUOTE(e.priority_new))
                   WHEN 'INTEGER' THEN
                       (SELECT p.priority_desc FROM ost_ticket_priority p WHERE p.priority_id = e.priority_new)
               END
           END AS priority,
           e.data
    FROM (
        SELECT ev.*, t.ticket_id AS ticket_key, t.number AS ticket_number, names.name AS event_name,
               ev_json.jdata,
               -- The new value of a priority edit: fields.priority[1], or fields."<id of the priority field>"[1].
               JSON_EXTRACT(COALESCE(JSON_EXTRACT(ev_json.jdata, '$.fields.priority'),
                                     JSON_EXTRACT(ev_json.jdata, CONCAT('$.fields."', priority_field.id, '"'))),
                            '$[1]') AS priority_new
        FROM ost_thread_event ev
        JOIN ost_thread th ON th.id = ev.thread_id AND th.object_type = 'T'
        JOIN ost_ticket t ON t.ticket_id = th.object_id
        JOIN ost_event names ON names.id = ev.event_id
        JOIN (SELECT e2.id, CASE WHEN JSON_VALID(e2.data) THEN e2.data END AS jdata
              FROM ost_thread_event e2) ev_json ON ev_json.id = ev.id
        LEFT JOIN (SELECT MIN(f.id) AS id FROM ost_form_field f WHERE f.name = 'priority') priority_field ON 1 = 1
    ) e
    LEFT JOIN ost_staff actor_staff ON e.uid_type = 'S' AND actor_staff.staff_id = e.uid
    LEFT JOIN ost_user actor_user ON e.uid_type = 'U' AND actor_user.id = e.uid
    -- The latest row at or before this event that changed who holds the ticket.
    LEFT JOIN ost_thread_event h0 ON h0.id = (
        SELECT hc.id FROM ost_thread_event hc JOIN ost_event hn ON hn.id = hc.event_id
        WHERE hc.thread_id = e.thread_id
          AND (hc.timestamp < e.timestamp OR (hc.timestamp = e.timestamp AND hc.id <= e.id))
          AND (hn.name IN ('closed', 'reopened')
               OR (hn.name = 'assigned'
                   AND (JSON_EXTRACT(CASE WHEN JSON_VALID(hc.data) THEN hc.data END, '$.staff') IS NOT NULL
                        OR JSON_EXTRACT(CASE WHEN JSON_VALID(hc.data) THEN hc.data END, '$.claim') IS NOT NULL))
               OR (hn.name = 'released'
                   AND JSON_EXTRACT(CASE WHEN JSON_VALID(hc.data) THEN hc.data END, '$.staff') IS NOT NULL))
        ORDER BY hc.timestamp DESC, hc.id DESC LIMIT 1)
    LEFT JOIN ost_event h0_name ON h0_name.id = h0.event_id
    -- Nobody holding it since then: the first agent reply since then auto-claimed it.
    LEFT JOIN ost_thread_entry claim ON claim.id = (
        SELECT r.id FROM ost_thread_entry r
        WHERE r.thread_id = e.thread_id AND r.type = 'R' AND r.staff_id > 0 AND (r.flags & 4) = 0
          AND r.created >= COALESCE(h0.timestamp, '1000-01-01') AND r.created < e.timestamp
        ORDER BY r.created, r.id LIMIT 1)
    LEFT JOIN ost_staff holder ON holder.staff_id = COALESCE(
        CASE WHEN h0_name.name <> 'released' THEN NULLIF(h0.staff_id, 0) END, claim.staff_id)
    LEFT JOIN ost_team team ON team.team_id = e.team_id
    LEFT JOIN ost_department dept ON dept.id = e.dept_id
    LEFT JOIN ost_ticket_status status ON status.id =
        CASE WHEN JSON_TYPE(JSON_EXTRACT(e.jdata, '$.status')) = 'ARRAY'
             THEN JSON_UNQUOTE(JSON_EXTRACT(e.jdata, '$.status[0]'))
             ELSE JSON_UNQUOTE(JSON_EXTRACT(e.jdata, '$.status')) END
    LEFT JOIN ost_sla sla ON sla.id = JSON_UNQUOTE(JSON_EXTRACT(e.jdata, '$.sla_id[1]'))

    UNION ALL

    -- Thread entries: M (message from the user), R (agent response), N (internal note).
    SELECT t.ticket_id AS ticket_key, 1 AS source_order, t.number AS ticket_number,
           'entry' AS source,
           en.id AS source_id,
           en.created AS timestamp,
           en.type AS event,
           0 AS annulled,
           COALESCE(NULLIF(TRIM(CONCAT_WS(' ', poster_staff.firstname, poster_staff.lastname)), ''),
                    poster_user.name, en.poster) AS username,
           NULLIF(TRIM(CONCAT_WS(' ', holder.firstname, holder.lastname)), '') AS agent,
           team.name AS team,
           dept.name AS department,
           NULL AS status, NULL AS sla_plan, NULL AS priority, NULL AS data
    FROM ost_thread_entry en
    JOIN ost_thread th ON th.id = en.thread_id AND th.object_type = 'T'
    JOIN ost_ticket t ON t.ticket_id = th.object_id
    LEFT JOIN ost_staff poster_staff ON en.staff_id > 0 AND poster_staff.staff_id = en.staff_id
    LEFT JOIN ost_user poster_user ON en.user_id > 0 AND poster_user.id = en.user_id
    LEFT JOIN ost_thread_event snapshot ON snapshot.id = (
        SELECT e3.id FROM ost_thread_event e3
        WHERE e3.thread_id = en.thread_id AND e3.timestamp <= en.created
        ORDER BY e3.timestamp DESC, e3.id DESC LIMIT 1)
    -- Who holds the ticket: as for events (above), an agent's reply itself auto-claiming it.
    LEFT JOIN ost_thread_event h0 ON h0.id = (
        SELECT hc.id FROM ost_thread_event hc JOIN ost_event hn ON hn.id = hc.event_id
        WHERE hc.thread_id = en.thread_id AND hc.timestamp <= en.created
          AND (hn.name IN ('closed', 'reopened')
               OR (hn.name = 'assigned'
                   AND (JSON_EXTRACT(CASE WHEN JSON_VALID(hc.data) THEN hc.data END, '$.staff') IS NOT NULL
                        OR JSON_EXTRACT(CASE WHEN JSON_VALID(hc.data) THEN hc.data END, '$.claim') IS NOT NULL))
               OR (hn.name = 'released'
                   AND JSON_EXTRACT(CASE WHEN JSON_VALID(hc.data) THEN hc.data END, '$.staff') IS NOT NULL))
        ORDER BY hc.timestamp DESC, hc.id DESC LIMIT 1)
    LEFT JOIN ost_event h0_name ON h0_name.id = h0.event_id
    LEFT JOIN ost_thread_entry claim ON claim.id = (
        SELECT r.id FROM ost_thread_entry r
        WHERE r.thread_id = en.thread_id AND r.type = 'R' AND r.staff_id > 0 AND (r.flags & 4) = 0
          AND r.created >= COALESCE(h0.timestamp, '1000-01-01')
          AND (r.created < en.created OR (r.created = en.created AND r.id <= en.id))
        ORDER BY r.created, r.id LIMIT 1)
    LEFT JOIN ost_staff holder ON holder.staff_id = COALESCE(
        CASE WHEN h0_name.name <> 'released' THEN NULLIF(h0.staff_id, 0) END, claim.staff_id)
    LEFT JOIN ost_team team ON team.team_id = snapshot.team_id
    LEFT JOIN ost_department dept ON dept.id = snapshot.dept_id
    WHERE en.type IN ('M', 'R', 'N') AND (en.flags & 4) = 0
) h
ORDER BY h.ticket_key, h.timestamp, h.source_order, h.source_id;
