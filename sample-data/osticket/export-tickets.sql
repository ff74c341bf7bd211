-- export-tickets.sql: every ticket of osTicket 1.14-1.18, for slareport (the tickets side; the history is
-- export-history.sql).
--
--   mysql --batch -e "$(cat export-tickets.sql)" osticket > tickets.tsv
--   mysql --batch -e "$(cat export-history.sql)" osticket > history.tsv
--   slareport import --source-zone <the database server's zone> tickets.tsv history.tsv
--
-- `slareport import --osticket mysql://...` runs this same text itself (see the README, "Input formats").
--
-- Prints one row per ticket with names instead of ids, in the columns slareport's osticket-tickets reader
-- expects (the queue export's fields under osTicket's own column names, plus what the queue export leaves out):
--   ticket_number created subject user_name user_email priority department help_topic source status
--   status_state lastupdate est_duedate sla_plan duedate closed reopened isoverdue isanswered merged linked
--   agent team thread_count reopen_count attachment_count task_count custom_fields
-- sorted by ticket id.
--
-- What the columns hold:
-- - created: ost_ticket.created, the instant osTicket's own clock starts from (the queue export's "Date Created").
-- - est_duedate: the SLA due date osTicket computed ("SLA Due Date"); duedate: the due date an agent set by hand
--   ("Due Date"; when set, osTicket's overdue check compares it alone).
-- - closed, reopened: the last close (NULL while open) and the last reopen (never cleared by osTicket).
-- - subject, priority: the ticket's "Ticket Details" form values (priority by name); custom_fields: that form's
--   other filled, enabled fields as a JSON object {"<label>": "<value>"} (a choice's label rather than its
--   {"id":"label"} JSON), NULL when there are none.
-- - agent "First Last"; team, department and help topic by name ("Parent / Child" for a child topic).
-- - thread_count: entries not hidden (flag 0x4); reopen_count: reopens not annulled; attachment_count: attachments
--   of the ticket's entries that are not inline; task_count: the ticket's tasks. As in the queue export.
--
-- Incremental pulls: when the session variable @slareport_changed_since (a 'YYYY-MM-DD HH:MM:SS' in the server's
-- clock) is set, only tickets updated at or after it, or with a thread event id above
-- @slareport_after_event_id or a thread entry id above @slareport_after_entry_id, are printed. Under plain
-- `mysql --batch` the variables are NULL and every ticket is printed.
--
-- Needs MariaDB 10.5+ or MySQL 5.7.22+ (JSON_OBJECTAGG). Change the `ost_` prefix if your installation uses
-- another. Times are the database's wall clock (osTicket stores them in the server's SYSTEM zone), so pass that
-- zone to `slareport import --source-zone`.
SELECT t.number AS ticket_number,
       t.created,
       (SELECT v.value FROM ost_form_entry fe
          JOIN ost_form f ON f.id = fe.form_id AND f.type = 'T'
          JOIN ost_form_entry_values v ON v.entry_id = fe.id
          JOIN ost_form_field ff ON ff.id = v.field_id AND ff.name = 'subject'
         WHERE fe.object_type = 'T' AND fe.object_id = t.ticket_id LIMIT 1) AS subject,
       requester.name AS user_name,
       requester_email.address AS user_email,
       (SELECT COALESCE(p.priority_desc, v.value) FROM ost_form_entry fe
          JOIN ost_form f ON f.id = fe.form_id AND f.type = 'T'
          JOIN ost_form_entry_values v ON v.entry_id = fe.id
          JOIN ost_form_field ff ON ff.id = v.field_id AND ff.name = 'priority'
          LEFT JOIN ost_ticket_priority p ON p.priority_id = v.value_id
         WHERE fe.object_type = 'T' AND fe.object_id = t.ticket_id LIMIT 1) AS priority,
       dept.name AS department,
       CASE WHEN parent_topic.topic IS NOT NULL THEN CONCAT(parent_topic.topic, ' / ', topic.topic)
            ELSE topic.topic END AS help_topic,
       t.source,
       status.name AS status,
       status.state AS status_state,
       t.lastupdate,
       t.est_duedate,
       sla.name AS sla_plan,
       t.duedate,
       t.closed,
       t.reopened,
       t.isoverdue,
       t.isanswered,
       CASE WHEN (t.flags & 3) != 0 THEN 1 ELSE 0 END AS merged,
       CASE WHEN (t.flags & 8) != 0 THEN 1 ELSE 0 END AS linked,
       NULLIF(TRIM(CONCAT_WS(' ', agent.firstname, agent.lastname)), '') AS agent,
       team.name AS team,
       (SELECT COUNT(*) FROM ost_thread_entry en
         WHERE en.thread_id = th.id AND (en.flags & 4) = 0) AS thread_count,
       (SELECT COUNT(*) FROM ost_thread_event ev JOIN ost_event names ON names.id = ev.event_id
         WHERE ev.thread_id = th.id AND names.name = 'reopened' AND ev.annulled = 0) AS reopen_count,
       (SELECT COUNT(*) FROM ost_thread_entry en JOIN ost_attachment a ON a.object_id = en.id AND a.type = 'H'
         WHERE en.thread_id = th.id AND a.inline = 0) AS attachment_count,
       (SELECT COUNT(*) FROM ost_task task WHERE task.object_id = t.ticket_id AND task.object_type = 'T') AS task_count,
       -- The form's other fields: enabled (flag 0x1), filled, neither subject, priority nor the message.
       (SELECT JSON_OBJECTAGG(ff.label,
                   CASE WHEN JSON_VALID(v.value) AND JSON_TYPE(v.value) = 'OBJECT' AND JSON_LENGTH(v.value) = 1
                        THEN JSON_UNQUOTE(JSON_EXTRACT(JSON_EXTRACT(v.value, '$.*'), '$[0]'))
                        ELSE v.value END)
          FROM ost_form_entry fe
          JOIN ost_form f ON f.id = fe.form_id AND f.type = 'T'
          JOIN ost_form_entry_values v ON v.entry_id = fe.id
          JOIN ost_form_field ff ON ff.id = v.field_id
         WHERE fe.object_type = 'T' AND fe.object_id = t.ticket_id AND (ff.flags & 1) = 1
           AND ff.name NOT IN ('subject', 'priority', 'message') AND ff.type NOT IN ('thread', 'info', 'break')
           AND v.value IS NOT NULL AND v.value != '') AS custom_fields
-- Incremental pulls (see the header): only the tickets that changed; STRAIGHT_JOIN starts from them (the
-- optimizer cannot estimate a set chosen by session variables).
FROM (SELECT t0.ticket_id FROM ost_ticket t0
      WHERE @slareport_changed_since IS NULL OR t0.updated >= @slareport_changed_since
         OR t0.lastupdate >= @slareport_changed_since
      UNION
      SELECT th0.object_id FROM ost_thread_event ev0 JOIN ost_thread th0 ON th0.id = ev0.thread_id
      WHERE th0.object_type = 'T' AND ev0.id > @slareport_after_event_id
      UNION
      SELECT th0.object_id FROM ost_thread_entry en0 JOIN ost_thread th0 ON th0.id = en0.thread_id
      WHERE th0.object_type = 'T' AND en0.id > @slareport_after_entry_id) changed
STRAIGHT_JOIN ost_ticket t ON t.ticket_id = changed.ticket_id
LEFT JOIN ost_thread th ON th.object_id = t.ticket_id AND th.object_type = 'T'
LEFT JOIN ost_user requester ON requester.id = t.user_id
LEFT JOIN ost_user_email requester_email ON requester_email.id =
    CASE WHEN t.user_email_id > 0 THEN t.user_email_id ELSE requester.default_email_id END
LEFT JOIN ost_department dept ON dept.id = t.dept_id
LEFT JOIN ost_help_topic topic ON topic.topic_id = t.topic_id
LEFT JOIN ost_help_topic parent_topic ON parent_topic.topic_id = topic.topic_pid AND topic.topic_pid > 0
LEFT JOIN ost_ticket_status status ON status.id = t.status_id
LEFT JOIN ost_sla sla ON sla.id = t.sla_id
LEFT JOIN ost_staff agent ON agent.staff_id = t.staff_id
LEFT JOIN ost_team team ON team.team_id = t.team_id
ORDER BY t.ticket_id;
