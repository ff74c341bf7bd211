<?php
// What an agent or a user does to a ticket, each through the osTicket class method (and form)
// the agent panel, the client portal or the mail fetcher would call. Used by scenario.php.
require_once __DIR__ . '/lib.php';

$TICKETS = [];          // scenario label => ticket id

function staff(string $username): Staff {
    return Staff::lookup(['username' => $username]) ?: fail("no agent $username");
}
function user_named(string $name): User {
    return User::objects()->filter(['name' => $name])->first() ?: fail("no user $name");
}
// Acts as an agent (osTicket's global $thisstaff), or as nobody (the system).
function act_as(?string $username) {
    global $thisstaff, $thisclient;
    $thisstaff = $username ? staff($username) : null;
    $thisclient = null;
}
// Acts as a user signed in to the client portal (osTicket's global $thisclient).
function act_as_user(User $user) {
    global $thisstaff, $thisclient;
    $thisstaff = null;
    $thisclient = new EndUser($user);
}
function ticket(string $label): Ticket {
    global $TICKETS;
    isset($TICKETS[$label]) || fail("no ticket $label yet");
    // A fresh row: other steps changed it through other objects.
    Ticket::objects()->reset();
    return Ticket::lookup($TICKETS[$label]) ?: fail("ticket $label vanished");
}
function priority_id(string $desc): int {
    return Priority::objects()->filter(['priority_desc' => $desc])->first()->getId();
}
function check($ok, string $what, $errors = []) {
    if (!$ok)
        fail("$what failed: " . json_encode($errors));
}

// A user opens a ticket (the client portal / API path: Ticket::create, origin api, no alerts).
function open_web(string $label, string $user, string $subject, string $priority = 'Normal', string $source = 'Web') {
    global $TICKETS;
    $u = user_named($user);
    act_as_user($u);
    $errors = [];
    $t = Ticket::create([
        'name' => $u->getName()->name, 'email' => (string) $u->getEmail(), 'subject' => $subject,
        'message' => "$subject (scenario ticket $label)", 'priorityId' => priority_id($priority),
        'source' => $source,
    ], $errors, 'api', false, false);
    check($t, "open $label", $errors);
    $TICKETS[$label] = $t->getId();
}

// As open_web, with the clock ticking one second while osTicket creates the ticket, after it
// inserts the ticket row and before it logs the `created` event: what a busy server does now and
// then, and why a `created` event can be a second later than ost_ticket.created.
$TICK_AFTER_INSERT = false;
Signal::connect('model.created', function ($ticket) {
    global $TICK_AFTER_INSERT;
    if ($TICK_AFTER_INSERT) {
        $TICK_AFTER_INSERT = false;
        clock_set(time() + 1);
    }
}, 'Ticket');
function open_web_ticking(string $label, string $user, string $subject, string $priority = 'Normal') {
    global $TICK_AFTER_INSERT;
    $TICK_AFTER_INSERT = true;
    open_web($label, $user, $subject, $priority);
    $TICK_AFTER_INSERT = false;
}

// An agent opens a ticket for a user on the phone (scp/tickets.php?a=open: Ticket::open).
function open_phone(string $label, string $agent, string $user, string $subject, string $priority = 'Normal') {
    global $TICKETS;
    act_as($agent);
    $errors = [];
    $t = Ticket::open([
        'uid' => user_named($user)->getId(), 'source' => 'Phone', 'deptId' => Dept::lookup(['name' => 'Support'])->getId(),
        'subject' => $subject, 'message' => "$subject (scenario ticket $label)",
        'priorityId' => priority_id($priority), 'reply-to' => 'none', 'topicId' => Topic::getIdByName('Feedback'),
    ], $errors);
    check($t, "open_phone $label", $errors);
    $TICKETS[$label] = $t->getId();
}

// The agent panel's inline field edit (ajax.tickets.php editField -> Ticket::updateField).
function edit_field(string $label, string $agent, string $fid, $value) {
    act_as($agent);
    $t = ticket($label);
    $field = $t->getField($fid) ?: fail("no field $fid");
    $form = $field->getEditForm([$field->get('name') => $value]);
    check($form->isValid(), "edit $fid of $label (form)", $form->errors());
    $errors = [];
    check($t->updateField($form, $errors), "edit $fid of $label", $errors);
}
function set_sla(string $label, string $agent, string $plan) {
    edit_field($label, $agent, 'sla', SLA::getIdByName($plan));
}
function set_priority(string $label, string $agent, string $desc) {
    edit_field($label, $agent, 'priority', priority_id($desc));
}
// An agent-set due date at a desk wall-clock time. The due-date form reads the typed value in the
// session's zone, which is UTC in a CLI run (no browser zone), so it is typed in UTC.
function set_duedate(string $label, string $agent, string $local) {
    edit_field($label, $agent, 'duedate', gmdate('Y-m-d H:i', at($local)));
}

// Assign to an agent or a team (ajax.tickets.php assign -> Ticket::assign with the assignment form).
function assign_agent(string $label, string $by, string $agent) {
    act_as($by);
    $t = ticket($label);
    $form = $t->getAssignmentForm(['assignee' => ['s' . staff($agent)->getId()]], ['target' => 'agents']);
    check($form->isValid(), "assign $label to $agent (form)", $form->errors());
    $errors = [];
    check($t->assign($form, $errors, false), "assign $label to $agent", $errors);
}
function assign_team(string $label, string $by, string $team) {
    act_as($by);
    $t = ticket($label);
    $tm = Team::lookup(['name' => $team]) ?: fail("no team $team");
    $form = $t->getAssignmentForm(['assignee' => ['t' . $tm->getId()]], ['target' => 'teams']);
    check($form->isValid(), "assign $label to $team (form)", $form->errors());
    $errors = [];
    check($t->assign($form, $errors, false), "assign $label to $team", $errors);
}
function claim(string $label, string $agent) {
    act_as($agent);
    $t = ticket($label);
    $form = $t->getClaimForm(['assignee' => ['s' . staff($agent)->getId()]]);
    $errors = [];
    check($t->claim($form, $errors), "claim $label", $errors);
}
// Release the agent (ajax.tickets.php release: Ticket::release with the form's sid, then the
// released event with what was released).
function release(string $label, string $by) {
    act_as($by);
    $t = ticket($label);
    $staff = $t->getStaff();
    $team = $t->getTeam();
    $errors = [];
    check($t->release(['sid' => [$t->getStaffId()]], $errors), "release $label", $errors);
    $data = [];
    if ($staff && !$t->getStaff())
        $data['staff'] = [$staff->getId(), (string) $staff->getName()->getOriginal()];
    if ($team && !$t->getTeam())
        $data['team'] = $team->getId();
    $t->logEvent('released', $data);
}
function transfer(string $label, string $by, string $dept) {
    act_as($by);
    $t = ticket($label);
    $d = Dept::lookup(['name' => $dept]) ?: fail("no department $dept");
    $form = $t->getTransferForm(['dept' => [$d->getId()], 'refer' => false]);
    check($form->isValid(), "transfer $label (form)", $form->errors());
    $errors = [];
    check($t->transfer($form, $errors, false), "transfer $label", $errors);
}
function reply(string $label, string $agent, string $text = 'We are looking into it.') {
    act_as($agent);
    $t = ticket($label);
    $errors = [];
    check($t->postReply(['response' => $text, 'reply-to' => 'none'], $errors, false), "reply on $label", $errors);
}
function note(string $label, string $agent, string $text = 'Internal note.') {
    act_as($agent);
    $t = ticket($label);
    $errors = [];
    check($t->postNote(['note' => $text, 'title' => 'Note'], $errors, staff($agent), false), "note on $label", $errors);
}
// The ticket's user writes again (mail fetch / portal: Ticket::postMessage); reopens a closed ticket.
function message(string $label, string $text = 'Any news?') {
    $t = ticket($label);
    act_as_user(User::lookup($t->getUserId()));
    check($t->postMessage(['message' => $text, 'userId' => $t->getUserId()], 'Web', false), "message on $label");
}
// Close as Resolved or Closed, or reopen with Open (Ticket::setStatus, as the status menu does).
function set_status(string $label, string $agent, string $status) {
    act_as($agent);
    $t = ticket($label);
    $s = TicketStatus::lookup(['name' => $status]) ?: fail("no status $status");
    $errors = [];
    check($t->setStatus($s, '', $errors), "status $status on $label", $errors);
}
