<?php
// Writes osTicket's queue CSV export of every ticket with osTicket's own export code (what the
// agent panel's Export button runs: ajax.tickets.php queueExport -> CustomQueue::export into a
// CsvExporter), as the admin agent, default columns, comma delimiter.
//
//   php export-queue.php OUT.csv       (environment as for scenario.php; see lib.php)
require __DIR__ . '/actions.php';
$out = $argv[1];

act_as('deskadmin');
// An unsaved queue without criteria: every ticket the agent may see (the admin sees all).
$queue = CustomQueue::create(['root' => 'T', 'title' => 'All tickets', 'flags' => 0,
    'staff_id' => $thisstaff->getId(), 'config' => '[]']);
$exporter = new CsvExporter(['filename' => 'All tickets.csv', 'interval' => 0, 'delimiter' => ',']);
$queue->export($exporter) !== false || fail('queue export failed');
$exporter->finalize(false);
copy($exporter->getFile(), $out) || fail("cannot write $out");
@unlink($exporter->getFile());
