-- A small osTicket 1.18 desk on osTicket's real schema (install-mysql.sql, prefix ost_): what the
-- installer and a few agents would leave behind. Three tickets:
-- 482913: web ticket, Severity A, claimed by Agent One (Online Banking), overdue, an agent-set due date,
--         a custom "Customer Ref" and a "Region" choice, closed as Resolved, reopened by the user, closed again;
-- 711980: phone ticket, On Hold, High priority, released, an attachment, a hidden note;
-- 835120: open, unassigned, a child help topic, no form data.
-- Times are the server's wall clock (the tests run the server in UTC and import as America/New_York).
INSERT INTO ost_event (id, name, description) VALUES (1,'created',''),(2,'closed',''),(3,'reopened',''),(4,'assigned',''),
    (5,'released',''),(6,'transferred',''),(7,'referred',''),(8,'overdue',''),(9,'edited',''),(10,'viewed',''),
    (11,'error',''),(12,'collab',''),(13,'resent',''),(14,'deleted',''),(15,'merged',''),(16,'unlinked',''),
    (17,'linked',''),(18,'login',''),(19,'logout',''),(20,'message',''),(21,'note','');
INSERT INTO ost_config (namespace, `key`, value) VALUES ('core', 'db_timezone', 'America/New_York');
INSERT INTO ost_staff (staff_id, dept_id, role_id, username, firstname, lastname, passwd, email, signature, created, updated)
    VALUES (1, 1, 1, 'agent1', 'Agent', 'One', '', 'one@example.com', '', NOW(), NOW()),
           (2, 1, 1, 'agent2', 'Agent', 'Two', '', 'two@example.com', '', NOW(), NOW());
INSERT INTO ost_user (id, org_id, default_email_id, status, name, created, updated)
    VALUES (1, 0, 1, 0, 'Jane Doe', NOW(), NOW()), (2, 0, 2, 0, 'Sam Poe', NOW(), NOW());
INSERT INTO ost_user_email (id, user_id, flags, address) VALUES (1, 1, 0, 'jane@example.com'), (2, 2, 0, 'sam@example.com');
INSERT INTO ost_team (team_id, lead_id, flags, name, created, updated)
    VALUES (1, 0, 1, 'Level I Support', NOW(), NOW()), (2, 0, 1, 'Online Banking', NOW(), NOW());
INSERT INTO ost_department (id, pid, sla_id, schedule_id, manager_id, flags, name, signature, ispublic, path, created, updated)
    VALUES (1, NULL, 0, 0, 0, 4, 'Support', '', 1, '/1/', NOW(), NOW()), (2, NULL, 1, 0, 0, 4, 'Sales', '', 1, '/2/', NOW(), NOW());
INSERT INTO ost_help_topic (topic_id, topic_pid, flags, priority_id, dept_id, staff_id, team_id, sla_id, topic, created, updated)
    VALUES (1, 0, 2, 0, 1, 0, 0, 0, 'General Inquiry', NOW(), NOW()),
           (10, 0, 2, 0, 1, 0, 0, 0, 'Report a Problem', NOW(), NOW()),
           (11, 10, 2, 3, 1, 0, 0, 1, 'Access Issue', NOW(), NOW());
INSERT INTO ost_ticket_status (id, name, state, mode, flags, sort, properties, created, updated)
    VALUES (1, 'Open', 'open', 3, 0, 1, '{}', NOW(), NOW()), (2, 'Resolved', 'closed', 1, 0, 2, '{}', NOW(), NOW()),
           (3, 'Closed', 'closed', 3, 0, 3, '{}', NOW(), NOW()), (6, 'On Hold', 'open', 1, 0, 6, '{}', NOW(), NOW());
INSERT INTO ost_sla (id, schedule_id, flags, grace_period, name, notes, created, updated)
    VALUES (1, 0, 3, 18, 'Default SLA', '', NOW(), NOW()), (2, 0, 3, 1, 'Severity A', '', NOW(), NOW());
INSERT INTO ost_ticket_priority (priority_id, priority, priority_desc, priority_color, priority_urgency, ispublic)
    VALUES (1, 'low', 'Low', '#DDFFDD', 4, 1), (2, 'normal', 'Normal', '#FFFFF0', 3, 1),
           (3, 'high', 'High', '#FEE7E7', 2, 1), (4, 'emergency', 'Emergency', '#FEE7E7', 1, 1);
-- The "Ticket Details" form: subject, message, priority, a text field, a choice field, a disabled field.
INSERT INTO ost_form (id, type, flags, title, created, updated) VALUES (2, 'T', 1, 'Ticket Details', NOW(), NOW());
INSERT INTO ost_form_field (id, form_id, flags, type, label, name, sort, created, updated)
    VALUES (20, 2, 1, 'text', 'Issue Summary', 'subject', 1, NOW(), NOW()),
           (21, 2, 1, 'thread', 'Issue Details', 'message', 2, NOW(), NOW()),
           (22, 2, 1, 'priority', 'Priority Level', 'priority', 3, NOW(), NOW()),
           (23, 2, 1, 'text', 'Customer Ref', 'customer_ref', 4, NOW(), NOW()),
           (24, 2, 1, 'choices', 'Region', 'region', 5, NOW(), NOW()),
           (25, 2, 0, 'text', 'Old Field', 'old_field', 6, NOW(), NOW());
INSERT INTO ost_ticket (ticket_id, number, user_id, user_email_id, status_id, dept_id, sla_id, topic_id, staff_id, team_id,
        flags, source, isoverdue, isanswered, duedate, est_duedate, reopened, closed, lastupdate, created, updated)
    VALUES (1, '482913', 1, 0, 3, 2, 2, 1, 1, 2, 0, 'Web', 0, 1, '2025-08-04 12:00:00', NULL,
            '2025-08-04 10:40:00', '2025-08-04 11:00:00', '2025-08-04 11:00:00', '2025-08-04 09:00:00', '2025-08-04 11:00:00'),
           (2, '711980', 2, 2, 6, 1, 1, 1, 0, 1, 0, 'Phone', 0, 1, NULL, '2025-08-05 03:30:00',
            NULL, NULL, '2025-08-04 10:00:00', '2025-08-04 09:30:00', '2025-08-04 10:00:00'),
           (3, '835120', 1, 0, 1, 1, 1, 11, 0, 0, 0, 'Email', 1, 0, NULL, '2025-08-05 04:00:00',
            NULL, NULL, '2025-08-04 10:00:00', '2025-08-04 10:00:00', '2025-08-04 10:00:00');
INSERT INTO ost_form_entry (id, form_id, object_id, object_type, sort, created, updated)
    VALUES (1, 2, 1, 'T', 1, NOW(), NOW()), (2, 2, 2, 'T', 1, NOW(), NOW());
INSERT INTO ost_form_entry_values (entry_id, field_id, value, value_id)
    VALUES (1, 20, 'Online banking is down', NULL), (1, 22, 'Emergency', 4), (1, 23, 'ABC-17', NULL),
           (1, 24, '{"2":"North"}', NULL), (1, 25, 'ignored', NULL),
           (2, 20, 'Cannot\tlog in \\ VPN\nagain', NULL), (2, 22, 'High', 3), (2, 23, '', NULL);
-- Thread 10: ticket 482913; 11: ticket 711980; 12: ticket 835120; 13: a task's thread.
INSERT INTO ost_thread (id, object_id, object_type, extra, lastresponse, lastmessage, created)
    VALUES (10, 1, 'T', NULL, NULL, NULL, '2025-08-04 09:00:00'), (11, 2, 'T', NULL, NULL, NULL, '2025-08-04 09:30:00'),
           (12, 3, 'T', NULL, NULL, NULL, '2025-08-04 10:00:00'), (13, 1, 'A', NULL, NULL, NULL, '2025-08-04 09:05:00');
INSERT INTO ost_task (id, object_id, object_type, number, dept_id, created, updated) VALUES (1, 1, 'T', '1', 1, NOW(), NOW());
INSERT INTO ost_thread_event (id, thread_id, thread_type, event_id, staff_id, team_id, dept_id, topic_id, data, username, uid, uid_type, annulled, timestamp) VALUES
 (101,10,'T',1,0,1,1,1,NULL,'jane',1,'U',0,'2025-08-04 09:00:00'),
 (102,10,'T',9,2,1,1,1,'{"sla_id":[1,2]}','agent2',2,'S',0,'2025-08-04 09:02:00'),
 (103,10,'T',9,2,1,1,1,'{"fields":{"priority":["Normal","Emergency"]}}','agent2',2,'S',0,'2025-08-04 09:02:30'),
 (104,10,'T',4,2,2,1,1,'{"team":2}','agent2',2,'S',0,'2025-08-04 09:03:00'),
 (105,10,'T',4,1,2,1,1,'{"claim":true}','agent1',1,'S',0,'2025-08-04 09:10:00'),
 (106,10,'T',9,1,2,1,1,'{"duedate":[null,"2025-08-04 12:00:00"]}','agent1',1,'S',0,'2025-08-04 09:20:00'),
 (107,10,'T',8,1,2,1,1,NULL,'SYSTEM',NULL,'S',0,'2025-08-04 10:00:01'),
 (108,10,'T',2,1,2,1,1,'{"status":[2,"Resolved"]}','agent1',1,'S',1,'2025-08-04 10:26:00'),
 (109,10,'T',3,1,2,1,1,NULL,'jane',1,'U',0,'2025-08-04 10:40:00'),
 (110,10,'T',6,1,2,2,1,'{"dept":"Sales"}','agent1',1,'S',0,'2025-08-04 10:45:00'),
 (111,10,'T',2,1,2,2,1,'{"status":[3,"Closed"]}','agent1',1,'S',0,'2025-08-04 11:00:00'),
 (112,11,'T',1,0,1,1,1,NULL,'agent2',2,'S',0,'2025-08-04 09:30:00'),
 (113,11,'T',9,2,1,1,1,'{"status":6}','agent2',2,'S',0,'2025-08-04 09:50:00'),
 (114,11,'T',5,0,1,1,1,'{"staff":[2,"Agent Two"]}','agent2',2,'S',0,'2025-08-04 10:00:00'),
 (115,12,'T',1,0,0,1,11,NULL,'jane',1,'U',0,'2025-08-04 10:00:00'),
 (116,13,'A',1,1,0,1,0,NULL,'agent1',1,'S',0,'2025-08-04 09:05:00');
INSERT INTO ost_thread_entry (id, pid, thread_id, staff_id, user_id, type, flags, poster, body, created, updated) VALUES
 (201,0,10,0,1,'M',1,'Jane Doe','Online banking is down','2025-08-04 09:00:00','2025-08-04 09:00:00'),
 (202,201,10,1,0,'R',0,'Agent One','We are rolling back','2025-08-04 09:12:00','2025-08-04 09:12:00'),
 (203,0,10,1,0,'N',0,'Agent One','Rollback started','2025-08-04 09:13:00','2025-08-04 09:13:00'),
 (204,0,10,0,1,'M',0,'Jane Doe','Still broken\tagain','2025-08-04 10:40:00','2025-08-04 10:40:00'),
 (205,0,10,1,0,'N',4,'Agent One','hidden','2025-08-04 10:50:00','2025-08-04 10:50:00'),
 (206,0,11,2,0,'M',1,'Agent Two','Caller cannot log in','2025-08-04 09:30:00','2025-08-04 09:30:00'),
 (207,206,11,2,0,'R',0,'Agent Two','Please try again','2025-08-04 09:40:00','2025-08-04 09:40:00'),
 (208,0,11,2,0,'N',4,'Agent Two','hidden note','2025-08-04 09:41:00','2025-08-04 09:41:00'),
 (209,0,12,0,1,'M',1,'Jane Doe','Need access','2025-08-04 10:00:00','2025-08-04 10:00:00'),
 (210,0,13,1,0,'N',0,'Agent One','task note','2025-08-04 09:06:00','2025-08-04 09:06:00');
INSERT INTO ost_attachment (id, object_id, type, file_id, name, inline) VALUES (1, 207, 'H', 1, 'howto.pdf', 0), (2, 207, 'H', 2, 'logo.png', 1);
