#!/usr/bin/env python3
"""Compares slareport's recomputed SLA figures with what a real osTicket did to the same tickets.

Reads slareport's database through `slareport query --format csv` and osTicket's own tables
through `mysql --batch`, plus what scenario.php recorded (labels.tsv: scenario label -> ticket
number; due-before-close.tsv: osTicket's due dates just before each close, which closing clears).

Checks, per ticket:
  due       osTicket's effective due date (duedate, else est_duedate: what its overdue check
            compares) equals slareport's resolution due of the matching cycle, to the second:
            for every open ticket's row, and for every close from the ledger (just before it).
  overdue   osTicket logged an `overdue` event <=> slareport has a breached resolution cycle.
            Named exception (cron granularity): osTicket marks overdue only when its cron runs
            (every CRON_EVERY seconds here), so a cycle that stopped before the first cron run
            after its due instant is breached in slareport and never flagged by osTicket.
  first     slareport's first response instant equals osTicket's first agent reply (the
            earliest `R` thread entry), or both have none.
  holder    for each `overdue` event, the agent and team osTicket's event snapshot names equal
            slareport's breach agent and team of the cycle breached then. Named exception (cron
            granularity): the assignment changed between the due instant and the cron run.

A disagreement listed in EXPECTED (check, scenario label) is reported as an expected failure
with the section-2 rule of issue 8 that fixes it and does not fail the run (unless
--enforce-all); one that now agrees is reported so the entry can be removed. Exit code 1 when
an enforced check disagrees.
"""
import argparse
import csv
import datetime
import io
import subprocess
import sys
import zoneinfo

CRON_EVERY = 300   # scenario.php's cron interval
DESK_ZONE = zoneinfo.ZoneInfo("America/New_York")

# Disagreements that are known and accepted. Key: (check, label); value: the reason. Empty: since
# issue 8's section-2 rules (clock start, agent-set due dates, breaches under an earlier plan, who
# held the ticket, osTicket's 24/7 schedule) every check agrees with osTicket.
EXPECTED = {}


def slareport_rows(args, sql):
    out = subprocess.run([args.slareport, "query", "--database", args.database, "--format", "csv", sql],
                         check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out.replace("\r\n", "\n"))))


def mysql_rows(args, sql):
    out = subprocess.run(["mysql", "--no-defaults", f"--socket={args.mysql_socket}", "-uroot", "--batch",
                          "-e", sql, "osticket"], check=True, capture_output=True, text=True).stdout
    lines = out.rstrip("\n").split("\n") if out.strip() else []
    if not lines:
        return []
    head = lines[0].split("\t")
    return [{k: (None if v == "NULL" else v) for k, v in zip(head, line.split("\t"))} for line in lines[1:]]


def tsv(path):
    with open(path, newline="") as f:
        return [{k: (None if v == "NULL" else v) for k, v in row.items()} for row in csv.DictReader(f, delimiter="\t")]


def num(v):
    return None if v in (None, "") else int(v)


def when(ts):
    """A unix instant as the desk reads it (New York wall clock)."""
    if ts is None:
        return "none"
    return datetime.datetime.fromtimestamp(ts, DESK_ZONE).strftime("%Y-%m-%d %H:%M:%S")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--slareport", required=True)
    p.add_argument("--database", required=True)
    p.add_argument("--mysql-socket", required=True)
    p.add_argument("--out", required=True, help="the scenario's output folder")
    p.add_argument("--pull", default="queue-csv")
    p.add_argument("--enforce-all", action="store_true")
    args = p.parse_args()

    labels = {r["number"]: r["label"] for r in tsv(f"{args.out}/labels.tsv")}
    about = {r["label"]: r["about"] for r in tsv(f"{args.out}/labels.tsv")}

    # slareport: resolution cycles and first responses.
    cycles = {}
    for r in slareport_rows(args, """
            SELECT t.number, c.cycle, c.plan, c.started_at, c.due_at, c.stopped_at, c.status,
                   c.breached_at, c.breach_team, c.breach_agent
            FROM sla_cycles c JOIN tickets t ON t.id = c.ticket_id
            WHERE c.metric = 'resolution' ORDER BY t.number, c.cycle"""):
        cycles.setdefault(r["number"], []).append(r)
    first = {r["number"]: num(r["first_response_at"]) for r in slareport_rows(args, """
            SELECT t.number, o.first_response_at FROM ticket_outcomes o JOIN tickets t ON t.id = o.ticket_id""")}

    # osTicket: its own tables. UNIX_TIMESTAMP reads the DATETIMEs in the server's zone, as osTicket does.
    tickets = {r["number"]: r for r in mysql_rows(args, """
            SELECT t.number, UNIX_TIMESTAMP(t.est_duedate) AS est_duedate, UNIX_TIMESTAMP(t.duedate) AS duedate,
                   s.state, t.isoverdue
            FROM ost_ticket t JOIN ost_ticket_status s ON s.id = t.status_id""")}
    overdue = {}
    for r in mysql_rows(args, """
            SELECT t.number, UNIX_TIMESTAMP(e.timestamp) AS at,
                   NULLIF(TRIM(CONCAT_WS(' ', st.firstname, st.lastname)), '') AS agent, tm.name AS team
            FROM ost_thread_event e JOIN ost_event n ON n.id = e.event_id AND n.name = 'overdue'
            JOIN ost_thread th ON th.id = e.thread_id AND th.object_type = 'T'
            JOIN ost_ticket t ON t.ticket_id = th.object_id
            LEFT JOIN ost_staff st ON st.staff_id = e.staff_id LEFT JOIN ost_team tm ON tm.team_id = e.team_id
            ORDER BY t.number, e.timestamp, e.id"""):
        overdue.setdefault(r["number"], []).append(r)
    changes = {}   # assignment changes, for the holder check's cron-granularity exception
    for r in mysql_rows(args, """
            SELECT t.number, UNIX_TIMESTAMP(e.timestamp) AS at
            FROM ost_thread_event e JOIN ost_event n ON n.id = e.event_id
                 AND n.name IN ('assigned', 'released', 'transferred', 'closed', 'reopened')
            JOIN ost_thread th ON th.id = e.thread_id AND th.object_type = 'T'
            JOIN ost_ticket t ON t.ticket_id = th.object_id"""):
        changes.setdefault(r["number"], []).append(int(r["at"]))
    replies = {r["number"]: num(r["at"]) for r in mysql_rows(args, """
            SELECT t.number, UNIX_TIMESTAMP(MIN(en.created)) AS at
            FROM ost_ticket t JOIN ost_thread th ON th.object_id = t.ticket_id AND th.object_type = 'T'
            LEFT JOIN ost_thread_entry en ON en.thread_id = th.id AND en.type = 'R'
            GROUP BY t.number""")}
    ledger = tsv(f"{args.out}/due-before-close.tsv")

    results = {"due": [], "overdue": [], "first": [], "holder": []}   # (label, number, ok, detail)
    exceptions = []

    def record(check, number, ok, detail):
        results[check].append((labels.get(number, "?"), number, ok, detail))

    # due: an open ticket's row, against its last cycle (the one osTicket's row describes). A
    # closed ticket's row is not compared: closing cleared whichever due date had passed, so the
    # row no longer holds what osTicket compared; the ledger has it from just before the close.
    for number, t in sorted(tickets.items()):
        effective = num(t["duedate"]) or num(t["est_duedate"])
        if effective is None or t["state"] != "open":
            continue
        cs = cycles.get(number) or []
        ours = num(cs[-1]["due_at"]) if cs else None
        record("due", number, ours == effective,
               f"osTicket {when(effective)} ({'duedate' if t['duedate'] else 'est_duedate'}), slareport {when(ours)}")
    # due: just before each close, against the cycle that close stopped.
    for row in ledger:
        effective = num(row["duedate"]) or num(row["est_duedate"])
        if effective is None:
            continue
        closed_at = int(row["closed_at"])
        cs = [c for c in cycles.get(row["number"], []) if num(c["stopped_at"]) == closed_at]
        ours = num(cs[0]["due_at"]) if cs else None
        record("due", row["number"], ours == effective,
               f"before the close at {when(closed_at)}: osTicket {when(effective)}, slareport {when(ours)}")

    # overdue and holder.
    for number in sorted(tickets):
        cs = cycles.get(number, [])
        breached = [c for c in cs if c["breached_at"]]
        flagged = overdue.get(number, [])
        if bool(flagged) == bool(breached):
            record("overdue", number, True, "")
        elif breached and not flagged and all(
                num(c["stopped_at"]) is not None
                and num(c["stopped_at"]) < (num(c["breached_at"]) // CRON_EVERY + 1) * CRON_EVERY
                for c in breached):
            exceptions.append((labels.get(number, "?"), number, "overdue",
                               "cron granularity: stopped %s, before osTicket's first cron run after the due %s"
                               % (when(num(breached[0]["stopped_at"])), when(num(breached[0]["breached_at"])))))
        else:
            record("overdue", number, False,
                   "osTicket overdue events: %s; slareport breached cycles: %s" % (
                       ", ".join(when(int(e["at"])) for e in flagged) or "none",
                       ", ".join(f"{c['cycle']} ({c['plan']}, due {when(num(c['due_at']))})" for c in breached) or "none"))
        for e in flagged:
            at = int(e["at"])
            before = [c for c in breached if num(c["breached_at"]) <= at]
            if not before:
                record("holder", number, False, f"overdue at {when(at)}: slareport has no breach by then")
                continue
            c = before[-1]
            theirs = (e["agent"] or "", e["team"] or "")
            ours = (c["breach_agent"] or "", c["breach_team"] or "")
            if theirs != ours and any(num(c["breached_at"]) < x <= at for x in changes.get(number, [])):
                exceptions.append((labels.get(number, "?"), number, "holder",
                                   f"cron granularity: the assignment changed between the due {when(num(c['breached_at']))}"
                                   f" and osTicket's overdue run at {when(at)}"))
                continue
            record("holder", number, theirs == ours,
                   "osTicket %s / %s, slareport %s / %s" % (theirs[1] or "(no team)", theirs[0] or "(no agent)",
                                                            ours[1] or "(no team)", ours[0] or "(no agent)"))

    # first response.
    for number in sorted(tickets):
        theirs, ours = replies.get(number), first.get(number)
        record("first", number, theirs == ours, f"osTicket first reply {when(theirs)}, slareport {when(ours)}")

    # Report.
    names = {"due": "due dates equal", "overdue": "overdue agreement", "first": "first-response agreement",
             "holder": "holder agreement"}
    print(f"real-osTicket check ({args.pull}): {len(tickets)} tickets")
    failed = False
    for check, rows in results.items():
        ok = sum(1 for r in rows if r[2])
        expected = sum(1 for label, _, good, _ in rows if not good and (check, label) in EXPECTED)
        print(f"  {names[check]}: {ok}/{len(rows)}" + (f" ({expected} expected failures)" if expected else ""))
    for check, rows in results.items():
        failing = {label for label, _, ok, _ in rows if not ok}
        for label in sorted({label for label, _, _, _ in rows} - failing):
            if (check, label) in EXPECTED:
                print(f"  NOW AGREES (remove from EXPECTED, enforce): {check} {label} [{EXPECTED[(check, label)]}]")
        for label, number, ok, detail in rows:
            rule = EXPECTED.get((check, label))
            if ok:
                continue
            if rule and not args.enforce_all:
                print(f"  expected failure: {check} {label} #{number}: {detail} [{rule}]")
            else:
                failed = True
                print(f"  DISAGREES: {check} {label} #{number}: {detail}" + (f" [{rule}]" if rule else ""))
    for label, number, check, detail in exceptions:
        print(f"  exception: {check} {label} #{number}: {detail}")
    unused = [k for k in EXPECTED if k[1] not in about]
    for check, label in unused:
        print(f"  note: EXPECTED names {check} {label}, not in this run's scenario")
    print("  result: " + ("DISAGREEMENT" if failed else "agrees on every enforced check"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
