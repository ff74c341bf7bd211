<?php
// The scenario: each ticket's steps as [wall-clock time at the desk (America/New_York), label,
// action, arguments]. Actions are in actions.php. $quick keeps a subset for CI.
// Agents: agent1 (Online Banking), agent2 and agent3 (Level 1 Support). Users' tickets start
// with Level 1 Support (the default help topic's team), phone tickets with nobody.
$END = '2025-09-12 18:00:00';    // phase 1: the first pull
$END2 = '2025-09-19 18:00:00';   // phase 2: a week later, the incremental pull

// The seed's ticket 711979 (../shared/seed/osTicket-lifecycle.md, sample-data/osticket/seed-*):
// raised to Severity A and Emergency, handed to Online Banking, claimed, answered, overdue after
// its hour, resolved.
$about['seed-711979'] = 'seed story: Severity A, Emergency, team, claim, reply, overdue, resolved';
$steps[] = ['2025-08-05 15:58:40', 'seed-711979', 'open_web', 'User One', 'Online banking system outage'];
$steps[] = ['2025-08-05 16:02:13', 'seed-711979', 'set_sla', 'agent2', 'Severity A'];
$steps[] = ['2025-08-05 16:02:30', 'seed-711979', 'set_priority', 'agent2', 'Emergency'];
$steps[] = ['2025-08-05 16:03:05', 'seed-711979', 'assign_team', 'agent2', 'Online Banking'];
$steps[] = ['2025-08-05 16:10:47', 'seed-711979', 'claim', 'agent1'];
$steps[] = ['2025-08-05 16:12:30', 'seed-711979', 'reply', 'agent1', 'A recent update may have caused this; rolling back.'];
$steps[] = ['2025-08-05 17:26:52', 'seed-711979', 'set_status', 'agent1', 'Resolved'];

// The seed's 835120: Default SLA, claimed, a note, a reply; still open at the end.
$about['seed-835120'] = 'seed: claim, note, reply, open past its due date';
$steps[] = ['2025-08-05 16:10:02', 'seed-835120', 'open_web', 'User Three', 'Unable to log in to mobile app', 'High', 'Email'];
$steps[] = ['2025-08-05 16:14:30', 'seed-835120', 'claim', 'agent2'];
$steps[] = ['2025-08-05 16:16:11', 'seed-835120', 'note', 'agent2'];
$steps[] = ['2025-08-05 16:18:45', 'seed-835120', 'reply', 'agent2'];

// The seed's 480263: claimed, answered, resolved within the day.
$about['seed-480263'] = 'seed: claim, reply, resolved in time';
$steps[] = ['2025-08-05 15:41:26', 'seed-480263', 'open_web', 'User Two', 'Password reset request'];
$steps[] = ['2025-08-05 15:47:52', 'seed-480263', 'claim', 'agent2'];
$steps[] = ['2025-08-05 15:50:09', 'seed-480263', 'reply', 'agent2'];
$steps[] = ['2025-08-05 16:48:09', 'seed-480263', 'set_status', 'agent2', 'Resolved'];

// A phone ticket: opened by an agent, assigned later, resolved.
$about['phone-1'] = 'phone ticket opened by an agent, held by nobody until assigned';
$steps[] = ['2025-08-06 09:12:00', 'phone-1', 'open_phone', 'agent3', 'User Four', 'Card blocked after travel'];
$steps[] = ['2025-08-06 09:40:00', 'phone-1', 'assign_team', 'agent3', 'Level 1 Support'];
$steps[] = ['2025-08-06 10:05:00', 'phone-1', 'assign_agent', 'agent3', 'agent2'];
$steps[] = ['2025-08-06 10:30:00', 'phone-1', 'reply', 'agent2'];
$steps[] = ['2025-08-07 11:00:00', 'phone-1', 'set_status', 'agent2', 'Closed'];

// --- Plan changes -------------------------------------------------------------------------------
// Raised to Severity A, overdue under it, lowered back to Default SLA (osTicket recomputes the
// due date and clears the flag; the overdue event stays), resolved within the 18 h.
$about['sla-raise-lower'] = 'raised to Severity A, overdue, lowered to Default SLA, resolved within 18 h';
$steps[] = ['2025-08-11 09:00:00', 'sla-raise-lower', 'open_web', 'User Two', 'Transfers stuck in pending'];
$steps[] = ['2025-08-11 09:05:00', 'sla-raise-lower', 'set_sla', 'agent2', 'Severity A'];
$steps[] = ['2025-08-11 09:06:00', 'sla-raise-lower', 'assign_team', 'agent2', 'Online Banking'];
$steps[] = ['2025-08-11 10:30:00', 'sla-raise-lower', 'set_sla', 'agent1', 'Default SLA'];
$steps[] = ['2025-08-11 10:31:00', 'sla-raise-lower', 'claim', 'agent1'];
$steps[] = ['2025-08-11 11:00:00', 'sla-raise-lower', 'reply', 'agent1'];
$steps[] = ['2025-08-12 14:00:00', 'sla-raise-lower', 'set_status', 'agent1', 'Resolved'];

// Raised to Severity B (4 business hours) and resolved in time.
$about['sla-raise-met'] = 'raised to Severity B, resolved within 4 h';
$steps[] = ['2025-08-12 10:15:00', 'sla-raise-met', 'open_web', 'User Three', 'Statement download fails', 'High'];
$steps[] = ['2025-08-12 10:20:00', 'sla-raise-met', 'set_sla', 'agent3', 'Severity B'];
$steps[] = ['2025-08-12 10:21:00', 'sla-raise-met', 'claim', 'agent3'];
$steps[] = ['2025-08-12 11:40:00', 'sla-raise-met', 'reply', 'agent3'];
$steps[] = ['2025-08-12 13:10:00', 'sla-raise-met', 'set_status', 'agent3', 'Resolved'];

// Severity A lowered to Severity B before its hour ran out; Severity B breached later.
$about['sla-lower-breach'] = 'Severity A lowered to Severity B in time, then overdue under B';
$steps[] = ['2025-08-13 13:00:00', 'sla-lower-breach', 'open_web', 'User Four', 'ATM card not delivered'];
$steps[] = ['2025-08-13 13:10:00', 'sla-lower-breach', 'set_sla', 'agent2', 'Severity A'];
$steps[] = ['2025-08-13 13:40:00', 'sla-lower-breach', 'set_sla', 'agent2', 'Severity B'];
$steps[] = ['2025-08-13 13:41:00', 'sla-lower-breach', 'assign_agent', 'agent2', 'agent3'];
$steps[] = ['2025-08-14 16:00:00', 'sla-lower-breach', 'reply', 'agent3'];
$steps[] = ['2025-08-15 09:30:00', 'sla-lower-breach', 'set_status', 'agent3', 'Closed'];

// --- Agent-set due dates -----------------------------------------------------------------------
// A due date later than the SLA's: osTicket compares only it, so resolving after the SLA due
// date but before it is not overdue.
$about['manual-due-later'] = 'agent-set due date later than the SLA due date, resolved between them';
$steps[] = ['2025-08-18 09:00:00', 'manual-due-later', 'open_web', 'User One', 'Mortgage statement wrong'];
$steps[] = ['2025-08-18 09:30:00', 'manual-due-later', 'claim', 'agent2'];
$steps[] = ['2025-08-18 09:31:00', 'manual-due-later', 'set_duedate', 'agent2', '2025-08-22 17:00'];
$steps[] = ['2025-08-18 10:00:00', 'manual-due-later', 'reply', 'agent2'];
$steps[] = ['2025-08-21 11:00:00', 'manual-due-later', 'set_status', 'agent2', 'Resolved'];

// A due date earlier than the SLA's: overdue at it, resolved before the SLA due date.
$about['manual-due-earlier'] = 'agent-set due date earlier than the SLA due date, overdue at it';
$steps[] = ['2025-08-18 10:00:00', 'manual-due-earlier', 'open_web', 'User Two', 'Wire to close a house sale'];
$steps[] = ['2025-08-18 10:05:00', 'manual-due-earlier', 'claim', 'agent3'];
$steps[] = ['2025-08-18 10:06:00', 'manual-due-earlier', 'set_duedate', 'agent3', '2025-08-18 14:00'];
$steps[] = ['2025-08-18 15:00:00', 'manual-due-earlier', 'reply', 'agent3'];
$steps[] = ['2025-08-19 09:00:00', 'manual-due-earlier', 'set_status', 'agent3', 'Resolved'];

// --- Reopens -----------------------------------------------------------------------------------
// Resolved, reopened by the user's message (a new SLA window from the reopen), resolved again.
$about['reopen-user'] = 'resolved, reopened by a user message, resolved again in time';
$steps[] = ['2025-08-19 11:00:00', 'reopen-user', 'open_web', 'User Three', 'Cannot add payee'];
$steps[] = ['2025-08-19 11:10:00', 'reopen-user', 'claim', 'agent2'];
$steps[] = ['2025-08-19 11:30:00', 'reopen-user', 'reply', 'agent2'];
$steps[] = ['2025-08-19 12:00:00', 'reopen-user', 'set_status', 'agent2', 'Resolved'];
$steps[] = ['2025-08-20 09:15:00', 'reopen-user', 'message', 'Still cannot add the payee.'];
$steps[] = ['2025-08-20 10:00:00', 'reopen-user', 'reply', 'agent2'];
$steps[] = ['2025-08-20 16:00:00', 'reopen-user', 'set_status', 'agent2', 'Resolved'];

// Overdue in its first window, resolved late, reopened by the user, resolved in time.
$about['reopen-after-breach'] = 'overdue and resolved late, reopened by the user, resolved in time';
$steps[] = ['2025-08-20 08:30:00', 'reopen-after-breach', 'open_web', 'User Four', 'Loan payment bounced'];
$steps[] = ['2025-08-22 10:00:00', 'reopen-after-breach', 'claim', 'agent3'];
$steps[] = ['2025-08-22 10:05:00', 'reopen-after-breach', 'reply', 'agent3'];
$steps[] = ['2025-08-22 11:00:00', 'reopen-after-breach', 'set_status', 'agent3', 'Resolved'];
$steps[] = ['2025-08-25 09:00:00', 'reopen-after-breach', 'message', 'It bounced again.'];
$steps[] = ['2025-08-25 12:00:00', 'reopen-after-breach', 'set_status', 'agent3', 'Closed'];

// Closed, reopened by an agent (status Open), left open past the new window.
$about['reopen-agent'] = 'closed, reopened by an agent, open past the new due date';
$steps[] = ['2025-08-21 14:00:00', 'reopen-agent', 'open_web', 'User One', 'Paper statements still arrive'];
$steps[] = ['2025-08-21 14:10:00', 'reopen-agent', 'claim', 'agent2'];
$steps[] = ['2025-08-21 14:20:00', 'reopen-agent', 'set_status', 'agent2', 'Closed'];
$steps[] = ['2025-08-26 10:00:00', 'reopen-agent', 'set_status', 'agent3', 'Open'];

// --- Hand-offs ---------------------------------------------------------------------------------
// Transferred to Sales while held by an agent, overdue there.
$about['transfer'] = 'transferred to Sales while held, overdue after the transfer';
$steps[] = ['2025-08-25 10:00:00', 'transfer', 'open_web', 'User Two', 'Open a business account'];
$steps[] = ['2025-08-25 10:15:00', 'transfer', 'claim', 'agent2'];
$steps[] = ['2025-08-25 11:00:00', 'transfer', 'transfer', 'agent2', 'Sales'];
$steps[] = ['2025-08-28 09:00:00', 'transfer', 'reply', 'agent2'];
$steps[] = ['2025-08-28 12:00:00', 'transfer', 'set_status', 'agent2', 'Resolved'];

// Claimed, then released: overdue while only the team holds it.
$about['release'] = 'claimed then released, overdue while only the team holds it';
$steps[] = ['2025-08-25 13:00:00', 'release', 'open_web', 'User Three', 'Address change not applied'];
$steps[] = ['2025-08-25 13:10:00', 'release', 'claim', 'agent3'];
$steps[] = ['2025-08-25 15:00:00', 'release', 'release', 'agent3'];
$steps[] = ['2025-08-28 10:00:00', 'release', 'claim', 'agent2'];
$steps[] = ['2025-08-28 10:30:00', 'release', 'set_status', 'agent2', 'Resolved'];

// An unassigned ticket answered by an agent (auto-claim, no assigned event), then overdue.
$about['auto-claim'] = 'answered while unassigned (auto-claim), overdue';
$steps[] = ['2025-08-26 09:00:00', 'auto-claim', 'open_web', 'User Four', 'Overdraft fee dispute'];
$steps[] = ['2025-08-26 09:30:00', 'auto-claim', 'reply', 'agent3'];
$steps[] = ['2025-08-29 16:00:00', 'auto-claim', 'set_status', 'agent3', 'Resolved'];

// --- Phone tickets -----------------------------------------------------------------------------
// Opened by an agent on the phone and never assigned: overdue held by nobody.
$about['phone-unassigned'] = 'phone ticket opened by an agent, never assigned, overdue';
$steps[] = ['2025-08-27 10:00:00', 'phone-unassigned', 'open_phone', 'agent2', 'User One', 'Lost card, called in'];
$steps[] = ['2025-08-27 10:05:00', 'phone-unassigned', 'note', 'agent2', 'Customer called; card blocked.'];

// Opened on the phone, answered by another agent (auto-claim), resolved.
$about['phone-answered'] = 'phone ticket answered by another agent, resolved in time';
$steps[] = ['2025-08-27 11:00:00', 'phone-answered', 'open_phone', 'agent3', 'User Two', 'PIN reset by phone'];
$steps[] = ['2025-08-27 11:20:00', 'phone-answered', 'reply', 'agent2'];
$steps[] = ['2025-08-27 15:00:00', 'phone-answered', 'set_status', 'agent2', 'Resolved'];

// --- Calendar ----------------------------------------------------------------------------------
// Across Labor Day 2025 (Mon Sep 1; osTicket's holiday rule puts it on Sep 8).
$about['holiday-labor-day'] = 'created the Friday before Labor Day, resolved Wednesday';
$steps[] = ['2025-08-29 15:00:00', 'holiday-labor-day', 'open_web', 'User Three', 'Direct deposit missing'];
$steps[] = ['2025-08-29 15:10:00', 'holiday-labor-day', 'claim', 'agent3'];
$steps[] = ['2025-08-29 15:30:00', 'holiday-labor-day', 'reply', 'agent3'];
$steps[] = ['2025-09-03 10:00:00', 'holiday-labor-day', 'set_status', 'agent3', 'Resolved'];

$about['holiday-sep-8'] = 'created the Friday before osTicket\'s Labor Day (Sep 8), left open';
$steps[] = ['2025-09-05 10:00:00', 'holiday-sep-8', 'open_web', 'User Four', 'Credit limit increase'];
$steps[] = ['2025-09-05 10:30:00', 'holiday-sep-8', 'assign_agent', 'agent2', 'agent3'];

// Created off hours: a Saturday, a weeknight, exactly 17:00:00, before opening.
$about['off-hours-saturday'] = 'created on a Saturday, resolved Tuesday';
$steps[] = ['2025-08-09 11:00:00', 'off-hours-saturday', 'open_web', 'User One', 'Weekend login lockout'];
$steps[] = ['2025-08-11 08:15:00', 'off-hours-saturday', 'claim', 'agent3'];
$steps[] = ['2025-08-11 08:20:00', 'off-hours-saturday', 'reply', 'agent3'];
$steps[] = ['2025-08-12 16:00:00', 'off-hours-saturday', 'set_status', 'agent3', 'Resolved'];

$about['off-hours-night'] = 'created at 20:30 on a weeknight, overdue';
$steps[] = ['2025-08-13 20:30:00', 'off-hours-night', 'open_web', 'User Two', 'Card declined abroad'];
$steps[] = ['2025-08-18 09:00:00', 'off-hours-night', 'claim', 'agent2'];
$steps[] = ['2025-08-18 09:10:00', 'off-hours-night', 'set_status', 'agent2', 'Resolved'];

$about['off-hours-1700'] = 'created at exactly 17:00:00';
$steps[] = ['2025-08-14 17:00:00', 'off-hours-1700', 'open_web', 'User Three', 'App crashes on start'];
$steps[] = ['2025-08-15 09:00:00', 'off-hours-1700', 'claim', 'agent3'];
$steps[] = ['2025-08-15 09:30:00', 'off-hours-1700', 'reply', 'agent3'];

$about['exact-fit-0800'] = 'created Monday 08:00:00 (osTicket: due Wednesday 08:00, not Tuesday 17:00)';
$steps[] = ['2025-09-08 08:00:00', 'exact-fit-0800', 'open_web', 'User Four', 'Savings rate question'];
$steps[] = ['2025-09-08 08:30:00', 'exact-fit-0800', 'claim', 'agent2'];

// Severity A across midnight on osTicket's 24/7 schedule (its day ends 23:59:59).
$about['sev-a-midnight'] = 'Severity A created 23:30, due across midnight on the 24/7 schedule';
$steps[] = ['2025-08-21 23:30:00', 'sev-a-midnight', 'open_web', 'User One', 'Fraud alert at night', 'Emergency'];
$steps[] = ['2025-08-21 23:35:00', 'sev-a-midnight', 'set_sla', 'agent1', 'Severity A'];
$steps[] = ['2025-08-21 23:36:00', 'sev-a-midnight', 'claim', 'agent1'];
$steps[] = ['2025-08-22 02:00:00', 'sev-a-midnight', 'set_status', 'agent1', 'Resolved'];

// Severity A resolved two minutes after its due instant, before the next 5-minute cron run:
// osTicket never flags it (the cron-granularity exception the comparison names).
$about['cron-gap'] = 'Severity A resolved after its due instant but before the next cron run';
$steps[] = ['2025-09-02 10:01:00', 'cron-gap', 'open_web', 'User Two', 'Payments page down', 'Emergency'];
$steps[] = ['2025-09-02 10:02:00', 'cron-gap', 'set_sla', 'agent1', 'Severity A'];
$steps[] = ['2025-09-02 10:03:00', 'cron-gap', 'claim', 'agent1'];
$steps[] = ['2025-09-02 10:10:00', 'cron-gap', 'reply', 'agent1'];
$steps[] = ['2025-09-02 11:03:00', 'cron-gap', 'set_status', 'agent1', 'Resolved'];

// --- Everyday tickets (not in --quick) ---------------------------------------------------------
// Twenty ordinary tickets from a fixed seed: any hour of any day, the default plan or Severity B,
// claimed, answered and resolved (or left open) after random delays.
if (!$quick) {
    mt_srand(8);
    $subjects = ['Balance looks wrong', 'Cannot reset password', 'Card replacement', 'Fee question',
        'Login loop on the app', 'Standing order missing', 'Two-factor code not arriving', 'Cheque deposit pending'];
    $desk = new DateTimeZone('America/New_York');
    for ($i = 1; $i <= 20; $i++) {
        $label = sprintf('everyday-%02d', $i);
        $t = (new DateTime('2025-08-04 00:00:00', $desk))->getTimestamp() + mt_rand(0, 33 * 86400);
        $fmt = fn($x) => (new DateTime("@$x"))->setTimezone($desk)->format('Y-m-d H:i:s');
        $agent = ['agent2', 'agent3'][mt_rand(0, 1)];
        $about[$label] = 'everyday ticket';
        $steps[] = [$fmt($t), $label, 'open_web', 'User ' . ['One', 'Two', 'Three', 'Four'][mt_rand(0, 3)],
            $subjects[mt_rand(0, count($subjects) - 1)], ['Low', 'Normal', 'High'][mt_rand(0, 2)]];
        if (mt_rand(0, 3) == 0)
            $steps[] = [$fmt($t += 60 * mt_rand(1, 30)), $label, 'set_sla', $agent, 'Severity B'];
        $steps[] = [$fmt($t += 60 * mt_rand(1, 600)), $label, 'claim', $agent];
        $steps[] = [$fmt($t += 60 * mt_rand(1, 900)), $label, 'reply', $agent];
        if (mt_rand(0, 4) > 0)
            $steps[] = [$fmt($t += 60 * mt_rand(10, 4000)), $label, 'set_status', $agent, ['Resolved', 'Closed'][mt_rand(0, 1)]];
    }
}

// Severity A handed to another agent two minutes after its due instant, before the next cron
// run: osTicket's overdue event names the new agent, the breach happened under the first (the
// holder check's cron-granularity exception).
$about['cron-gap-holder'] = 'Severity A reassigned after its due instant but before the next cron run';
$steps[] = ['2025-09-03 09:01:00', 'cron-gap-holder', 'open_web', 'User Three', 'Mobile deposits rejected', 'Emergency'];
$steps[] = ['2025-09-03 09:02:00', 'cron-gap-holder', 'set_sla', 'agent1', 'Severity A'];
$steps[] = ['2025-09-03 09:03:00', 'cron-gap-holder', 'claim', 'agent1'];
$steps[] = ['2025-09-03 10:03:00', 'cron-gap-holder', 'assign_agent', 'agent1', 'agent2'];
$steps[] = ['2025-09-03 10:30:00', 'cron-gap-holder', 'reply', 'agent2'];
$steps[] = ['2025-09-03 11:00:00', 'cron-gap-holder', 'set_status', 'agent2', 'Resolved'];

// --- Clock start -------------------------------------------------------------------------------
// The server's clock ticks while osTicket creates the ticket: its `created` event is stamped one
// second after ost_ticket.created, from which osTicket computes the due date.
$about['created-tick'] = 'created event one second after the ticket row (clock ticked mid-request)';
$steps[] = ['2025-09-09 10:20:00', 'created-tick', 'open_web_ticking', 'User Three', 'Card PIN locked'];
$steps[] = ['2025-09-09 10:40:00', 'created-tick', 'claim', 'agent3'];
$steps[] = ['2025-09-09 11:00:00', 'created-tick', 'reply', 'agent3'];

// --- Phase 2: the week after the first pull ----------------------------------------------------
// Old tickets move on (resolved, reopened by a message, answered) and new ones arrive, so an
// incremental pull has changed tickets, new events and new tickets to fetch.
$about['week-2-new'] = 'phase 2: new ticket, resolved in time';
$steps[] = ['2025-09-15 09:00:00', 'week-2-new', 'open_web', 'User One', 'New card PIN not working'];
$steps[] = ['2025-09-15 09:20:00', 'week-2-new', 'claim', 'agent2'];
$steps[] = ['2025-09-15 09:30:00', 'week-2-new', 'reply', 'agent2'];
$steps[] = ['2025-09-16 11:00:00', 'week-2-new', 'set_status', 'agent2', 'Resolved'];
$about['week-2-open'] = 'phase 2: new ticket, overdue and open at the end';
$steps[] = ['2025-09-16 14:00:00', 'week-2-open', 'open_web', 'User Two', 'Spending limits reset'];
$steps[] = ['2025-09-16 14:30:00', 'week-2-open', 'assign_team', 'agent2', 'Online Banking'];
$steps[] = ['2025-09-15 10:00:00', 'seed-835120', 'set_status', 'agent2', 'Resolved'];
$steps[] = ['2025-09-15 11:00:00', 'seed-480263', 'message', 'The reset link expired again.'];
$steps[] = ['2025-09-15 11:30:00', 'seed-480263', 'reply', 'agent2'];
$steps[] = ['2025-09-17 10:00:00', 'seed-480263', 'set_status', 'agent2', 'Resolved'];
$steps[] = ['2025-09-15 12:00:00', 'holiday-sep-8', 'reply', 'agent3'];
$steps[] = ['2025-09-16 09:00:00', 'holiday-sep-8', 'set_status', 'agent3', 'Closed'];
$steps[] = ['2025-09-17 15:00:00', 'exact-fit-0800', 'set_status', 'agent2', 'Resolved'];
