<?php
// Drives the scenario through osTicket's own classes (actions.php) under the controlled clock,
// running osTicket's cron (Cron::TicketMonitor, what api/cron.php runs) every 5 minutes of
// scenario time in which a due date passes, as a `*/5 * * * *` crontab would.
//
//   php scenario.php OUT_DIR [--quick] [--phase 2]
//
// Phase 1 (the default) runs the steps up to $END, phase 2 those after it up to $END2 (a later
// week, for an incremental pull), on the tickets phase 1 left.
//
// Writes OUT_DIR/labels.tsv (scenario label, ticket id and number, what the ticket exercises) and
// OUT_DIR/due-before-close.tsv (osTicket's est_duedate and duedate of each ticket just before
// each close: closing clears a past due date from the ticket, so this is the only place osTicket
// shows it for a breached ticket).
require __DIR__ . '/actions.php';

const CRON_EVERY = 300;
[$_, $out] = $argv;
$quick = in_array('--quick', $argv);
$phase = in_array('--phase', $argv) ? (int) $argv[array_search('--phase', $argv) + 1] : 1;

$steps = [];   // [local time, label, callable name, args...]
$about = [];   // label => what it exercises
require __DIR__ . '/scenario-tickets.php';

// This phase's steps, in time order (stable: steps at the same second keep their written order).
[$from, $to] = $phase == 1 ? [PHP_INT_MIN, at($END)] : [at($END), at($END2)];
$order = array_values(array_filter(array_keys($steps), fn($i) => $from < at($steps[$i][0]) && at($steps[$i][0]) <= $to));
if ($phase == 2)
    foreach (array_slice(file("$out/labels.tsv", FILE_IGNORE_NEW_LINES), 1) as $line) {
        [$label, $id] = explode("\t", $line);
        $TICKETS[$label] = (int) $id;
    }
usort($order, fn($a, $b) => [at($steps[$a][0]), $a] <=> [at($steps[$b][0]), $b]);

function due_candidates_min(): ?int {
    // osTicket's overdue query (Ticket::checkOverdue): open, not yet overdue, past its due date.
    $row = db_fetch_row(db_query('SELECT MIN(COALESCE(t.duedate, t.est_duedate)) FROM ' . TICKET_TABLE
        . ' t JOIN ' . TICKET_STATUS_TABLE . " s ON s.id = t.status_id WHERE s.state = 'open' AND t.isoverdue = 0"));
    return $row && $row[0] ? Misc::db2gmtime($row[0]) : null;
}
// Runs the 5-minute cron at each tick up to $until at which some due date has passed.
function cron_until(int $until) {
    $last = null;
    while (($due = due_candidates_min()) !== null) {
        $tick = intdiv($due, CRON_EVERY) * CRON_EVERY + CRON_EVERY;   // first tick with due < NOW()
        if ($tick > $until)
            return;
        if ($tick === $last)
            fail('osTicket\'s cron left a ticket past its due date unflagged at ' . date('c', $tick));
        $last = $tick;
        clock_set($tick);
        act_as(null);   // cron acts as nobody: its overdue events are SYSTEM's
        Cron::TicketMonitor();
    }
}

$ledger = fopen("$out/due-before-close.tsv", $phase == 1 ? 'w' : 'a');
if ($phase == 1)
    fwrite($ledger, "number\tclosed_at\test_duedate\tduedate\n");   // unix seconds, NULL
$closing = ['Resolved', 'Closed'];
foreach ($order as $i) {
    [$when, $label, $fn] = $steps[$i];
    $args = array_slice($steps[$i], 3);
    $t = at($when);
    cron_until($t);
    clock_set($t);
    if ($fn == 'set_status' && in_array($args[1], $closing)) {
        $row = ticket($label);
        fwrite($ledger, implode("\t", [$row->getNumber(), $t,
            $row->est_duedate ? Misc::db2gmtime($row->est_duedate) : 'NULL',
            $row->duedate ? Misc::db2gmtime($row->duedate) : 'NULL']) . "\n");
    }
    $fn($label, ...$args);
}
// Let the cron see the phase's end.
cron_until($to);
clock_set($to);
fclose($ledger);

$labels = fopen("$out/labels.tsv", 'w');
fwrite($labels, "label\tid\tnumber\tabout\n");
foreach ($TICKETS as $label => $id)
    fwrite($labels, "$label\t$id\t" . Ticket::lookup($id)->getNumber() . "\t" . ($about[$label] ?? '') . "\n");
fclose($labels);
printf("scenario phase %d: %d tickets, %d steps, clock at %s\n", $phase, count($TICKETS), count($order),
    $phase == 1 ? $END : $END2);
