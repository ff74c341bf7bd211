import Foundation
import Testing
import SLAModel
import SLAEngine
@testable import SLAImport

/// The package root and the shared datasets beside it (`../shared/datasets`), found from this file.
enum Datasets {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets")
    static let bpic = folder.appendingPathComponent("bpic2013-incidents/derived/bpic2013_incidents_from_xes.csv.gz").path
    static let italian = folder.appendingPathComponent("helpdesk-italian/finale.csv").path

    static func profile(_ name: String) -> String {
        packageRoot.appendingPathComponent("sample-data/profiles/\(name)").path
    }

    static func available(_ path: String) -> Bool {
        let present = FileManager.default.fileExists(atPath: path)
        if !present { print("skipping: \(path) is missing (the shared datasets are not checked out beside the package)") }
        return present
    }

    /// Reads a dataset through a shipped profile into memory (the datasets are small).
    static func read(_ path: String, profile name: String) throws -> (MappingProfile, CollectingSink, ReadSummary) {
        let profile = try MappingProfile.load(path: Datasets.profile(name))
        var sink = CollectingSink()
        let summary = try FileImporter.read(path: path, format: nil,
                                            options: ImportOptions(sourceZone: profile.zone, profile: profile), into: &sink)
        return (profile, sink, summary)
    }

    /// Each ticket with its events, in file order.
    static func byTicket(_ sink: CollectingSink) -> [(Ticket, [LifecycleEvent])] {
        var events: [String: [LifecycleEvent]] = [:]
        for event in sink.events { events[event.ticketNumber, default: []].append(event) }
        return sink.tickets.map { ($0, events[$0.number] ?? []) }
    }

    /// A round-the-clock policy with the profile's states, so replayed durations are wall-clock seconds.
    static func wallClockPolicy(_ profile: MappingProfile, plans: [String]) -> SLAPolicy {
        SLAPolicy(name: "wall clock", calendars: [],
                  plans: plans.map { SLAPlanDefinition(name: $0, firstResponseTarget: nil, resolutionTarget: 30 * 3600, calendar: "24x7") },
                  defaultPlan: plans[0],
                  statusStates: profile.statuses.compactMapValues(\.state))
    }
}

func instant(_ text: String) -> Instant { TimestampParser.parse(text)!.instant(in: .utc) }

@Suite struct BPIC2013ProfileTests {
    @Test(.enabled(if: Datasets.available(Datasets.bpic)))
    func importsEveryCaseAndEveryRow() throws {
        let (_, sink, summary) = try Datasets.read(Datasets.bpic, profile: "bpic2013-incidents.yaml")
        #expect(summary.format == .profile)
        #expect(summary.rowsRead == 65_533)
        #expect(summary.rowsRejected == 0)
        #expect(summary.tickets == 7_554)
        #expect(summary.events == 65_533)
        #expect(sink.tickets.count == 7_554)
        #expect(Set(sink.tickets.map(\.number)).count == 7_554)
        #expect(sink.events.count == 65_533)
        // Identities are unique per ticket.
        #expect(Set(sink.events.map { $0.ticketNumber + " " + $0.identity }).count == 65_533)
        let kinds = Dictionary(grouping: sink.events, by: \.kind).mapValues(\.count)
        #expect(kinds[.created] == 7_532)   // 18 cases start paused, 4 resolved
        #expect(kinds[.closed, default: 0] >= 5_574)
    }

    @Test(.enabled(if: Datasets.available(Datasets.bpic)))
    func case364285768ByHand() throws {
        let (profile, sink, _) = try Datasets.read(Datasets.bpic, profile: "bpic2013-incidents.yaml")
        let (ticket, events) = try #require(Datasets.byTicket(sink).first { $0.0.number == "1-364285768" })
        // The case's 17 rows (time +02:00, Status/Sub Status, Involved ST, owner) and what each becomes:
        //  1 2010-03-31 16:59:42 Accepted/In Progress       V30          Frederic     first row         -> created
        //  2 2010-03-31 17:00:56 Accepted/In Progress       V30          Frederic     nothing changed   -> status_changed
        //  3 2010-03-31 17:45:48 Queued/Awaiting Assignment V5 3rd       Frederic     team changed      -> assigned
        //  4 2010-04-06 16:44:07 Accepted/In Progress       V5 3rd       Anne Claire  owner changed     -> assigned
        //  5 2010-04-06 16:44:38 Queued/Awaiting Assignment V30          Anne Claire  team              -> assigned
        //  6 2010-04-06 16:44:47 Accepted/In Progress       V13 2nd 3rd  Anne Claire  team              -> assigned
        //  7 2010-04-06 16:44:51 Completed/Resolved         V13 2nd 3rd  Anne Claire  open -> resolved  -> resolved
        //  8 2010-04-06 16:45:07 Queued/Awaiting Assignment V30          Anne Claire  resolved -> open  -> reopened
        //  9 2010-04-08 12:52:23 Accepted/In Progress       V30          Eric         owner             -> assigned
        // 10 2010-04-08 12:53:35 Queued/Awaiting Assignment V5 3rd       Eric         team              -> assigned
        // 11 2010-04-20 11:07:11 Accepted/In Progress       V5 3rd       Anne Claire  owner             -> assigned
        // 12 2010-04-20 11:07:19 Accepted/Assigned          V5 3rd       Anne Claire  status only       -> status_changed
        // 13 2012-04-11 17:11:17 Accepted/In Progress       V5 3rd       Sarah        owner (and status)-> assigned
        // 14 2012-04-11 17:11:25 Accepted/Assigned          V5 3rd       Sarah        status only       -> status_changed
        // 15 2012-05-03 11:10:10 Accepted/In Progress       V5 3rd       Loic         owner             -> assigned
        // 16 2012-05-03 11:10:12 Completed/Resolved         V5 3rd       Loic         open -> resolved  -> resolved
        // 17 2012-05-11 01:26:15 Completed/Closed           V5 3rd       Siebel       resolved -> closed-> closed
        #expect(events.map(\.kind) == [.created, .statusChanged, .assigned, .assigned, .assigned, .assigned, .resolved,
                                       .reopened, .assigned, .assigned, .assigned, .statusChanged, .assigned, .statusChanged,
                                       .assigned, .resolved, .closed])
        #expect(events.map(\.identity) == (1...17).map { "row:\($0)@\(profile.name)" })
        #expect(events[0].time == instant("2010-03-31T14:59:42Z"))
        #expect(events[2].team == "V5 3rd")
        #expect(events[7].status == "Queued/Awaiting Assignment")
        #expect(events[7].team == "V30")
        #expect(events[16].agent == "Siebel")
        #expect(ticket.createdAt == instant("2010-03-31T14:59:42Z"))
        #expect(ticket.closedAt == instant("2012-05-10T23:26:15Z"))
        #expect(ticket.lastUpdatedAt == ticket.closedAt)
        #expect(ticket.status == "Completed/Closed")
        #expect(ticket.priority == "Medium")
        #expect(ticket.slaPlan == "Impact Medium")
        #expect(ticket.team == "V5 3rd")
        #expect(ticket.department == "Org line A2")
        #expect(ticket.customFields == ["Product": "PROD582", "Country": "fr"])

        // Replayed round the clock (business seconds = wall seconds), a reopen starting a new cycle:
        // cycle 1: 2010-03-31T14:59:42Z -> 2010-04-06T14:44:51Z = 6 d - 14 min 51 s = 518,400 - 891 = 517,509 s;
        // cycle 2: 2010-04-06T14:45:07Z -> 2012-05-03T09:10:12Z = 758 d (365 + 366 + 27) - 5 h 34 min 55 s
        //          = 65,491,200 - 20,095 = 65,471,105 s. Team hand-offs: rows 3, 5, 6, 8 and 10 = 5.
        let replayer = try LifecycleReplayer(policy: Datasets.wallClockPolicy(profile, plans: ["Impact Medium"]))
        let replay = replayer.replay(ticket: ticket, events: events, asOf: instant("2012-06-01T00:00:00Z"))
        let cycles = replay.cycles.filter { $0.metric == .resolution }
        #expect(cycles.map(\.elapsedSeconds) == [517_509, 65_471_105])
        #expect(cycles.map(\.status) == [.breached, .breached])
        #expect(replay.reopens == 1)
        #expect(replay.handoffs == 5)
        #expect(replay.resolvedAt == instant("2012-05-03T09:10:12Z"))
        // No messages or responses in this log: first response cannot be measured.
        #expect(replay.cycles.first { $0.metric == .firstResponse }?.status == .notMeasurable)
    }

    @Test(.enabled(if: Datasets.available(Datasets.bpic)))
    func waitUserPausesTheClock() throws {
        // Cases that wait on the user (Accepted/Wait - User) have paused stretches that do not count.
        let (profile, sink, _) = try Datasets.read(Datasets.bpic, profile: "bpic2013-incidents.yaml")
        let replayer = try LifecycleReplayer(policy: Datasets.wallClockPolicy(profile, plans: ["Impact Medium"]))
        var pausedCases = 0
        for (ticket, events) in Datasets.byTicket(sink) where events.contains(where: { $0.status == "Accepted/Wait - User" }) {
            let replay = replayer.replay(ticket: ticket, events: events, asOf: instant("2012-06-01T00:00:00Z"))
            let resolution = replay.cycles.filter { $0.metric == .resolution }
            if resolution.contains(where: { $0.pausedSeconds > 0 }) { pausedCases += 1 }
        }
        #expect(pausedCases > 1_000)
    }

    @Test(.enabled(if: Datasets.available(Datasets.bpic)))
    func replayGivesAResolutionTimeForEveryResolvedCase() throws {
        let (_, sink, _) = try Datasets.read(Datasets.bpic, profile: "bpic2013-incidents.yaml")
        let policy = try PolicyFile.load(path: Datasets.profile("bpic2013-policy.yaml"))
        let replayer = try LifecycleReplayer(policy: policy)
        let asOf = instant("2012-05-24T00:00:00Z")
        var resolved = 0, open = 0, breached = 0
        for (ticket, events) in Datasets.byTicket(sink) {
            let replay = replayer.replay(ticket: ticket, events: events, asOf: asOf)
            let last = try #require(replay.cycles.last { $0.metric == .resolution })
            if ticket.closedAt != nil {
                resolved += 1
                #expect(replay.resolvedAt != nil, "\(ticket.number)")
                #expect(last.stoppedAt != nil && last.elapsedSeconds >= 0, "\(ticket.number)")
                if last.status == .breached { breached += 1 }
            } else {
                open += 1
                #expect(replay.resolvedAt == nil, "\(ticket.number)")
            }
        }
        // SOURCE.md: 5,573 + 1,882 + 90 + 1 cases end Completed/*, 8 end in an Accepted/* state.
        #expect(resolved == 7_546)
        #expect(open == 8)
        #expect(breached > 0 && breached < resolved)
    }
}

@Suite struct ItalianHelpDeskProfileTests {
    @Test(.enabled(if: Datasets.available(Datasets.italian)))
    func importsEveryCaseAndEveryRow() throws {
        let (_, sink, summary) = try Datasets.read(Datasets.italian, profile: "helpdesk-italian.yaml")
        #expect(summary.rowsRead == 21_348)
        #expect(summary.rowsRejected == 0)
        #expect(summary.tickets == 4_580)
        #expect(summary.events == 21_348)
        #expect(Set(sink.tickets.map(\.number)).count == 4_580)
        #expect(Set(sink.events.map { $0.ticketNumber + " " + $0.identity }).count == 21_348)
        let kinds = Dictionary(grouping: sink.events, by: \.kind).mapValues(\.count)
        #expect(kinds[.created] == 4_577)   // 2 cases start with Resolve ticket, 1 with Wait
        #expect(kinds[.claimed, default: 0] > 3_000)
        #expect(kinds[.reopened, default: 0] > 100)   // Resolve ticket followed by Take in charge ticket
    }

    @Test(.enabled(if: Datasets.available(Datasets.italian)))
    func case1ByHand() throws {
        let (profile, sink, _) = try Datasets.read(Datasets.italian, profile: "helpdesk-italian.yaml")
        let (ticket, events) = try #require(Datasets.byTicket(sink).first { $0.0.number == "Case 1" })
        // Case 1's rows (Europe/Rome wall clock, CEST = +02:00 until 2012-10-28, then CET = +01:00):
        // 1 2012/10/09 14:50:17 Assign seriousness     Resource 1  service level 1  first row      -> created
        // 2 2012/10/09 14:51:01 Take in charge ticket  Resource 1                   rule's kind    -> claimed
        // 3 2012/10/12 15:02:56 Take in charge ticket  Resource 2  service level 2  plan changed   -> sla_changed
        // 4 2012/10/25 11:54:26 Resolve ticket         Resource 1                   open->resolved -> resolved
        // 5 2012/11/09 12:54:39 Closed                 Resource 3                   ->closed       -> closed
        #expect(events.map(\.kind) == [.created, .claimed, .slaChanged, .resolved, .closed])
        #expect(events.map(\.time) == ["2012-10-09T12:50:17Z", "2012-10-09T12:51:01Z", "2012-10-12T13:02:56Z",
                                       "2012-10-25T09:54:26Z", "2012-11-09T11:54:39Z"].map(instant))
        #expect(events[0].status == "New")
        #expect(events[0].value == "Assign seriousness")
        #expect(events[0].agent == "Resource Value 1")
        #expect(events[0].team == "Workgroup Value 1")
        #expect(events[1].status == "Take in charge ticket")
        #expect(events[2].value == "Service level 2")
        #expect(events[2].previousValue == "Service level 1")
        #expect(events[2].agent == "Resource Value 2")
        #expect(events[4].agent == "Resource Value 3")
        #expect(ticket.createdAt == instant("2012-10-09T12:50:17Z"))
        #expect(ticket.closedAt == instant("2012-11-09T11:54:39Z"))
        #expect(ticket.slaPlan == "Service level 2")
        #expect(ticket.priority == "Seriousness Value 1")
        #expect(ticket.status == "Closed")

        // Round the clock: 2012-10-09T12:50:17Z -> 2012-10-25T09:54:26Z = 16 d - 2 h 55 min 51 s
        // = 1,382,400 - 10,551 = 1,371,849 s.
        let wall = try LifecycleReplayer(policy: Datasets.wallClockPolicy(profile, plans: ["Service level 2"]))
        let wallReplay = wall.replay(ticket: ticket, events: events, asOf: instant("2014-01-04T00:00:00Z"))
        #expect(wallReplay.cycles.first { $0.metric == .resolution }?.elapsedSeconds == 1_371_849)

        // Under the shipped policy (Mon-Fri 09:00-13:00 and 14:00-18:00, Europe/Rome): Tue 10-09
        // 14:50:17-18:00 = 11,383 s; 11 full days (Oct 10-12, 15-19, 22-24) x 8 h = 316,800 s; Thu 10-25
        // 09:00-11:54:26 = 10,466 s; total 338,649 s (94 h 4 min 9 s). The plan at the end, Service level 2
        // (40 h), counts from the cycle start: 11,383 s on Tue, 32 h Wed-Mon, then 4 h 50 min 17 s on Tue
        // 10-16 (09:00-13:00 and 14:00-14:50:17) -> due 2012-10-16 14:50:17 CEST = 12:50:17Z. Breached.
        let policy = try PolicyFile.load(path: Datasets.profile("helpdesk-italian-policy.yaml"))
        let replay = try LifecycleReplayer(policy: policy).replay(ticket: ticket, events: events,
                                                                   asOf: instant("2014-01-04T00:00:00Z"))
        let resolution = try #require(replay.cycles.first { $0.metric == .resolution })
        #expect(resolution.elapsedSeconds == 338_649)
        #expect(resolution.plan == "Service level 2")
        #expect(resolution.dueAt == instant("2012-10-16T12:50:17Z"))
        #expect(resolution.status == .breached)
        #expect(resolution.breachAgent == "Resource Value 2")
    }

    @Test(.enabled(if: Datasets.available(Datasets.italian)))
    func replayGivesAResolutionTimeForEveryResolvedCase() throws {
        let (_, sink, _) = try Datasets.read(Datasets.italian, profile: "helpdesk-italian.yaml")
        let policy = try PolicyFile.load(path: Datasets.profile("helpdesk-italian-policy.yaml"))
        let replayer = try LifecycleReplayer(policy: policy)
        var resolved = 0, open = 0
        for (ticket, events) in Datasets.byTicket(sink) {
            let replay = replayer.replay(ticket: ticket, events: events, asOf: instant("2014-01-04T00:00:00Z"))
            if ticket.closedAt != nil {
                resolved += 1
                #expect(replay.resolvedAt != nil, "\(ticket.number)")
                #expect(replay.cycles.last { $0.metric == .resolution }?.stoppedAt != nil, "\(ticket.number)")
            } else {
                open += 1
                #expect(replay.resolvedAt == nil, "\(ticket.number)")
            }
        }
        // 4,558 cases end closed and 10 resolved; 12 end waiting or in progress.
        #expect(resolved == 4_568)
        #expect(open == 12)
    }
}

@Suite struct ShippedProfileTests {
    /// The policy's `statuses` must give every profile status the state the profile gives it,
    /// or a replay would read a paused status as open.
    @Test(arguments: [("bpic2013-incidents.yaml", "bpic2013-policy.yaml"),
                      ("helpdesk-italian.yaml", "helpdesk-italian-policy.yaml")])
    func profileAndPolicyAgree(profileFile: String, policyFile: String) throws {
        let profile = try MappingProfile.load(path: Datasets.profile(profileFile))
        let policy = try PolicyFile.load(path: Datasets.profile(policyFile))
        for (status, rule) in profile.statuses {
            guard let state = rule.state else { continue }
            #expect(policy.state(ofStatus: status) == state, "\(status)")
        }
        #expect(policy.state(ofStatus: profile.initialStatus) == .open)
        if let plans = profile.columns[.plan]?.map {
            for plan in plans.values { #expect(policy.plan(named: plan) != nil, "\(plan)") }
        }
        _ = try LifecycleReplayer(policy: policy)
    }
}
