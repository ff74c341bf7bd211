<?php
// Configures the freshly installed osTicket as the sample bank help desk, through osTicket's own
// model classes (as the admin panel's forms do): SLA plans, their schedules, agents, teams and
// users; mail and DNS checks off (the machine has neither).
//
//   php configure.php          (environment as for scenario.php; see lib.php)
require __DIR__ . '/lib.php';

clock_set(at('2025-07-28 07:00:00'));

// No network: no DNS check of addresses, no mail.
$cfg->updateAll([
    'verify_email_addrs' => 0,
    'ticket_alert_active' => 0, 'message_alert_active' => 0, 'note_alert_active' => 0,
    'assign_alert_active' => 0, 'transfer_alert_active' => 0, 'overdue_alert_active' => 0,
    'ticket_autoresponder' => 0, 'message_autoresponder' => 0, 'ticket_notice_active' => 0,
]);

// Schedules: osTicket ships "Monday - Friday 8am - 5pm with U.S. Holidays" (the default
// schedule, used by plans without one) and "24/7".
$business = Schedule::objects()->filter(['name__startswith' => 'Monday - Friday 8am - 5pm'])->one();
$allDay = Schedule::objects()->filter(['name' => '24/7'])->one();

// Plans: Default SLA (installed: 18 h, the default schedule); Severity A 1 h round the clock;
// Severity B 4 h of business hours.
$plans = [
    ['Severity A', 1, $allDay->getId()],
    ['Severity B', 4, $business->getId()],
];
foreach ($plans as [$name, $hours, $schedule]) {
    $sla = new SLA();
    $errors = [];
    if (!$sla->update(['name' => $name, 'grace_period' => $hours, 'schedule_id' => $schedule,
            'isactive' => 1, 'notes' => ''], $errors))
        fail("SLA $name: " . json_encode($errors));
}

$support = Dept::lookup(['name' => 'Support']);
$role = Role::objects()->order_by("id")->first();
$agents = [];
foreach ([['agent1', 'Agent', 'One'], ['agent2', 'Agent', 'Two'], ['agent3', 'Agent', 'Three']] as [$u, $f, $l]) {
    $staff = Staff::create([
        'isactive' => 1, 'isadmin' => 0, 'max_page_size' => 25,
        'dept_id' => $support->getId(), 'role_id' => $role->getId(),
        'email' => "$u@bank.example", 'firstname' => $f, 'lastname' => $l, 'username' => $u,
        'timezone' => 'America/New_York',
    ]);
    $staff->setPassword('Check-0sTicket!');
    if (!$staff->save())
        fail("agent $u");
    // Agents may work every department's tickets (transfers to Sales keep the assignee).
    foreach (Dept::objects()->filter(Q::not(['id' => $support->getId()])) as $dept)
        $staff->dept_access->add(new StaffDeptAccess(['dept_id' => $dept->getId(), 'role_id' => $role->getId()]));
    $staff->dept_access->saveAll();
    $agents[$u] = $staff;
}

foreach (['Level 1 Support' => ['agent2', 'agent3'], 'Online Banking' => ['agent1']] as $name => $members) {
    $team = Team::create();
    $errors = [];
    if (!$team->update(['name' => $name, 'isenabled' => 1, 'lead_id' => 0, 'notes' => '',
            'members' => array_map(fn($u) => $agents[$u]->getId(), $members)], $errors))
        fail("team $name: " . json_encode($errors));
}

// New tickets from users land with Level 1 Support, as in the seed: the default help topic
// ("General Inquiry") auto-assigns that team (the topic form's "Auto-assign To"). Phone tickets
// use "Feedback", which assigns nobody.
$topic = Topic::lookup(['topic' => 'General Inquiry']);
$topic->team_id = Team::lookup(['name' => 'Level 1 Support'])->getId();
$topic->save() || fail('help topic');
$cfg->update('default_help_topic', $topic->getId());

foreach (['User One', 'User Two', 'User Three', 'User Four'] as $i => $name) {
    $user = User::fromVars(['name' => $name, 'email' => 'user' . ($i + 1) . '@bank.example']);
    if (!$user)
        fail("user $name");
}
echo "configured: plans " . implode(', ', array_map(fn($s) => $s->getName() . ' ' . $s->getGracePeriod() . 'h',
    SLA::objects()->order_by('id')->all())) . "; agents " . Staff::objects()->count()
    . "; teams " . Team::objects()->count() . "; db zone " . $cfg->getDbTimezone() . "\n";
