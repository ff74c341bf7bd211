<?php
// Shared by the scenario scripts: loads an installed osTicket as its cron job does
// (api/cron.php: chdir to api/, require api.inc.php) and moves the one clock both PHP and the
// database read.
//
// The clock: PHP runs under libfaketime with FAKETIME_TIMESTAMP_FILE (re-read on every call,
// FAKETIME_NO_CACHE=1), so time(), date() and DateTime see the file's instant. osTicket also
// stamps rows with SQL NOW(); on its one connection we pin NOW() to the same instant with
// `SET timestamp`, which is what libfaketime would give mariadbd, without stopping the clock of
// the server's own background threads.
$root = getenv('OST_ROOT') ?: die("OST_ROOT not set\n");
$clockFile = getenv('FAKETIME_TIMESTAMP_FILE') ?: die("FAKETIME_TIMESTAMP_FILE not set (run under libfaketime)\n");
@chdir("$root/api");
require "$root/api/api.inc.php";
require_once INCLUDE_DIR . 'class.ticket.php';
require_once INCLUDE_DIR . 'class.cron.php';
error_reporting(E_ERROR | E_PARSE);

// The database's zone (osTicket stores DATETIMEs in the server's wall clock).
function db_zone() { global $cfg; return new DateTimeZone($cfg->getDbTimezone()); }

// Sets the clock to a unix instant, for PHP (the faketime file) and for SQL NOW().
function clock_set(int $t) {
    global $clockFile;
    file_put_contents($clockFile, gmdate('Y-m-d H:i:s', $t) . "\n");
    db_query('SET timestamp = ' . $t);
    if (time() != $t)
        die(sprintf("libfaketime does not follow %s: time() = %d, wanted %d\n", $clockFile, time(), $t));
}

// A wall-clock time in the database's zone ("2025-08-05 15:58:40") as a unix instant.
function at(string $local): int {
    return (new DateTime($local, db_zone()))->getTimestamp();
}

function fail(string $what) { fwrite(STDERR, "scenario: $what\n"); exit(1); }
