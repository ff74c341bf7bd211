<?php
// Shared by the scenario scripts: loads an installed osTicket as its cron job does
// (api/cron.php: chdir to api/, require api.inc.php) and moves the one clock both PHP and the
// database read.
//
// The clock: PHP runs under libfaketime with FAKETIME_TIMESTAMP_FILE (re-read on every call,
// FAKETIME_NO_CACHE=1), frozen at the file's instant, so time(), date() and DateTime see it.
// mariadbd runs under libfaketime too, with SERVER_CLOCK_FILE holding an offset from the real
// clock ("-38567966s"): its clock keeps ticking (a frozen clock stalls the server) from the
// scenario's instant, so NOW() on any connection (the pulls, the reader's watermark) is the
// scenario's time. On osTicket's own connection NOW() is pinned to the exact instant with
// `SET timestamp`, so rows are stamped to the second whatever the server's tick.
$root = getenv('OST_ROOT') ?: die("OST_ROOT not set\n");
$clockFile = getenv('FAKETIME_TIMESTAMP_FILE') ?: die("FAKETIME_TIMESTAMP_FILE not set (run under libfaketime)\n");
$serverClockFile = getenv('SERVER_CLOCK_FILE') ?: die("SERVER_CLOCK_FILE not set\n");
@chdir("$root/api");
require "$root/api/api.inc.php";
require_once INCLUDE_DIR . 'class.ticket.php';
require_once INCLUDE_DIR . 'class.cron.php';
error_reporting(E_ERROR | E_PARSE);

// The database's zone (osTicket stores DATETIMEs in the server's wall clock).
function db_zone() { global $cfg; return new DateTimeZone($cfg->getDbTimezone()); }

// The real time, which libfaketime hides from PHP: boot time plus uptime (to 1/100 s; the
// server's offset is then within a second, and osTicket's own connection is pinned anyway).
function real_time(): int {
    preg_match('/^btime (\d+)$/m', file_get_contents('/proc/stat'), $m);
    return (int) round($m[1] + (float) explode(' ', file_get_contents('/proc/uptime'))[0]);
}

// Sets the clock to a unix instant: PHP's (the faketime file), the server's (its offset file)
// and NOW() on osTicket's connection.
function clock_set(int $t) {
    global $clockFile, $serverClockFile;
    file_put_contents($clockFile, gmdate('Y-m-d H:i:s', $t) . "\n");
    file_put_contents($serverClockFile, sprintf("%+ds\n", $t - real_time()));
    db_query('SET timestamp = ' . $t);
    if (time() != $t)
        die(sprintf("libfaketime does not follow %s: time() = %d, wanted %d\n", $clockFile, time(), $t));
}

// A wall-clock time in the database's zone ("2025-08-05 15:58:40") as a unix instant.
function at(string $local): int {
    return (new DateTime($local, db_zone()))->getTimestamp();
}

function fail(string $what) { fwrite(STDERR, "scenario: $what\n"); exit(1); }
