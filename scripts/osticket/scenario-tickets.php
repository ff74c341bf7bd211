<?php
// The scenario: each ticket's steps as [wall-clock time at the desk (America/New_York), label,
// action, arguments]. Actions are in actions.php. $quick keeps a subset for CI.
// Agents: agent1 (Online Banking), agent2 and agent3 (Level 1 Support).
$END = '2025-09-12 18:00:00';

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
