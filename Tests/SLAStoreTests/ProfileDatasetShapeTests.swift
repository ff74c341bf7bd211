import Foundation
import Testing
import SLAModel
import SLAEngine
import SLAImport
import SLASynthetic
@testable import SLAStore

/// The Italian help desk log (`../shared/datasets/helpdesk-italian/finale.csv`) re-exported, at
/// test time, in the shapes other systems export, each imported through a profile and compared
/// table by table (tickets, events, SLA cycles, outcomes) with the tidy original. A subset keeps
/// them fast: every fifth case (916 cases, about 4,300 rows).
@Suite struct ProfileDatasetShapeTests {
    static let root = SampleDataTests.packageRoot
    static let datasetPath = root.deletingLastPathComponent().appendingPathComponent("shared/datasets/helpdesk-italian/finale.csv").path
    static let profileText = (try? String(contentsOf: root.appendingPathComponent("sample-data/profiles/helpdesk-italian.yaml"), encoding: .utf8)) ?? ""
    static let customColumns = ["customer", "product", "responsible_section", "service_type"]

    static var available: Bool {
        let present = FileManager.default.fileExists(atPath: datasetPath)
        if !present { print("skipping: \(datasetPath) is missing (the shared datasets are not checked out beside the package)") }
        return present
    }

    /// The subset: header and rows (each split on commas; the file has no quoted fields), in file order.
    struct Log {
        var header: [String]
        var rows: [[String]]
        var cases: [String] { var seen = Set<String>(); return rows.map { $0[0] }.filter { seen.insert($0).inserted } }
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        func text(_ header: [String], _ rows: [[String]]) -> String {
            ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        }
    }

    static func subset() throws -> Log {
        let lines = try String(contentsOfFile: datasetPath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            .filter { Int($0[0].dropFirst("Case ".count))! % 5 == 0 }
        return Log(header: header, rows: rows)
    }

    static func policy() throws -> SLAPolicy {
        try PolicyFile.load(path: root.appendingPathComponent("sample-data/profiles/helpdesk-italian-policy.yaml").path)
    }

    /// Imports `files` in order through `profile`, replays, and returns the result tables.
    static func result(profile: String, files: [(String, String)], asOf: Instant? = nil,
                       sortBudget: Int = ImportOptions().profileSortBudget) throws -> ([String: [[String?]]], Instant) {
        let harness = try ProfileHarness(profile: try MappingProfile.parse(profile, file: "shape.yaml"))
        for (name, text) in files {
            let (run, _) = try harness.importFile(try harness.workspace.file(name, text), sortBudget: sortBudget)
            #expect(run.rowsRejected == 0)
        }
        // The sorter's runs (spilled beside the database) are gone once the import ended.
        let left = try FileManager.default.contentsOfDirectory(atPath: harness.workspace.folder.path).filter { $0.contains("profile-sort") }
        #expect(left.isEmpty, "temporary sort files left: \(left)")
        let end = try asOf ?? #require(try harness.workspace.store.latestDataInstant())
        try harness.replay(policy: try policy(), asOf: end)
        return (try harness.tables(), end)
    }

    static func tidy(_ log: Log) throws -> ([String: [[String?]]], Instant) {
        let result = try result(profile: profileText, files: [("finale-subset.csv", log.text(log.header, log.rows))])
        #expect(result.0["tickets"]?.count == 916)
        #expect(result.0["sla_cycles"]?.isEmpty == false)
        return result
    }

    static func expectSame(_ shape: [String: [[String?]]], _ tidy: [String: [[String?]]], _ name: String) {
        for table in ["tickets", "events", "sla_cycles", "ticket_outcomes"] {
            let mine = shape[table] ?? [], theirs = tidy[table] ?? []
            #expect(mine.count == theirs.count, "\(name): \(table) has \(mine.count) rows, the tidy original \(theirs.count)")
            if let first = zip(mine, theirs).first(where: { $0 != $1 }) {
                Issue.record("\(name): \(table) differs first at \(first.0) (tidy: \(first.1))")
            }
        }
    }

    @Test(.enabled(if: available)) func rowsShuffledAcrossCases() throws {
        let log = try Self.subset()
        let (tidy, asOf) = try Self.tidy(log)
        // An activity number per case (its row's position), then every row shuffled (seeded).
        var position: [String: Int] = [:]
        var numbered = log.rows.map { row -> [String] in
            position[row[0], default: 0] += 1
            return row + [String(position[row[0]]!)]
        }
        var generator = SplitMix64(seed: 2013)  // seeded: the same shuffle on every run
        numbered.shuffle(using: &generator)
        #expect(numbered.prefix(50).map { $0[0] } != log.rows.prefix(50).map { $0[0] })
        let profile = Self.profileText.replacingOccurrences(of: "\ncolumns:\n", with: "\ncolumns:\n  tie_break: Activity No\n")
        let (shuffled, _) = try Self.result(profile: profile, files: [("shuffled.csv", log.text(log.header + ["Activity No"], numbered))],
                                            asOf: asOf)
        Self.expectSame(shuffled, tidy, "shuffled")
        // The same through a 4 kB sort budget: about 160 sorted runs spilled to disk and merged
        // (more than the merge's fan-in, so runs are first merged into longer runs).
        let (spilled, _) = try Self.result(profile: profile, files: [("shuffled.csv", log.text(log.header + ["Activity No"], numbered))],
                                           asOf: asOf, sortBudget: 4096)
        Self.expectSame(spilled, tidy, "shuffled, spilled and merged")
        let (tidySpilled, _) = try Self.result(profile: Self.profileText, files: [("finale-subset.csv", log.text(log.header, log.rows))],
                                               asOf: asOf, sortBudget: 4096)
        Self.expectSame(tidySpilled, tidy, "tidy, spilled and merged")
    }

    @Test(.enabled(if: available)) func aSeparateTicketFile() throws {
        let log = try Self.subset()
        let (tidy, asOf) = try Self.tidy(log)
        // The ticket file: id, opened (first row's time), closed (the tidy import's, as the row's text),
        // the custom fields (each column's last value); the activity file without those columns.
        let time = log.column("Complete Timestamp")
        var rowsOfCase: [String: [[String]]] = [:]
        for row in log.rows { rowsOfCase[row[0], default: []].append(row) }
        let closedRow = Dictionary(uniqueKeysWithValues: (tidy["tickets"] ?? []).compactMap { ticket -> (String, String)? in
            guard let closed = ticket[12] else { return nil }
            let index = (tidy["events"] ?? []).first { $0[0] == ticket[0] && $0[2] == closed }!
            return (ticket[0]!, rowsOfCase[ticket[0]!]![Int(ProfileEventIdentity.rowPart(of: index[1]!).dropFirst("row:".count))! - 1][time])
        })
        var tickets: [[String]] = []
        for caseID in log.cases {
            let rows = rowsOfCase[caseID]!
            tickets.append([caseID, rows[0][time], closedRow[caseID] ?? ""] + Self.customColumns.map { rows.last![log.column($0)] })
        }
        let kept = log.header.indices.filter { !Self.customColumns.contains(log.header[$0]) }
        let activities = log.text(kept.map { log.header[$0] }, log.rows.map { row in kept.map { row[$0] } })
        let profile = Self.profileText + """

            files:
              tickets:
                kind: tickets
                match: "*tickets*"
                columns: {case: Case ID, opened: Opened, closed: Closed}
                custom_fields: [customer, product, responsible_section, service_type]
              activities:
                match: "*activities*"
                custom_fields: []
            """
        let ticketText = log.text(["Case ID", "Opened", "Closed"] + Self.customColumns, tickets)
        for files in [[("desk-tickets.csv", ticketText), ("desk-activities.csv", activities)],
                      [("desk-activities.csv", activities), ("desk-tickets.csv", ticketText)]] {
            let (split, _) = try Self.result(profile: profile, files: files, asOf: asOf)
            Self.expectSame(split, tidy, "ticket file + activities, \(files[0].0) first")
        }
    }

    @Test(.enabled(if: available)) func overlappingOpenAndClosedExports() throws {
        let log = try Self.subset()
        let (tidy, asOf) = try Self.tidy(log)
        // A third of the cases only in the closed export, a third only in the open one, and a
        // third in both: the open export has their first half, the closed one all their rows.
        var rowsOfCase: [String: [[String]]] = [:]
        for row in log.rows { rowsOfCase[row[0], default: []].append(row) }
        var open: [[String]] = [], closed: [[String]] = []
        for (index, caseID) in log.cases.enumerated() {
            let rows = rowsOfCase[caseID]!
            switch index % 3 {
            case 0: closed += rows
            case 1: open += rows.prefix((rows.count + 1) / 2); closed += rows
            default: open += rows
            }
        }
        let profile = Self.profileText + """

            files:
              open: {match: "*open*"}
              closed: {match: "*closed*"}
            """
        let openText = log.text(log.header, open), closedText = log.text(log.header, closed)
        for files in [[("problems-open.csv", openText), ("problems-closed.csv", closedText)],
                      [("problems-closed.csv", closedText), ("problems-open.csv", openText)]] {
            let (merged, _) = try Self.result(profile: profile, files: files, asOf: asOf)
            Self.expectSame(merged, tidy, "open and closed exports, \(files[0].0) first")
        }
    }
}

/// The BPI Challenge 2013 incidents log, a status-snapshot log, rendered as an audit export
/// (an `Opened At` column on every row, read with `rows: snapshots`); every eighth case
/// (945 cases, about 8,000 rows).
@Suite struct ProfileAuditShapeTests {
    static let root = SampleDataTests.packageRoot
    static let datasetPath = root.deletingLastPathComponent()
        .appendingPathComponent("shared/datasets/bpic2013-incidents/derived/bpic2013_incidents_from_xes.csv.gz").path

    static var available: Bool {
        let present = FileManager.default.fileExists(atPath: datasetPath)
        if !present { print("skipping: \(datasetPath) is missing (the shared datasets are not checked out beside the package)") }
        return present
    }

    @Test(.enabled(if: available)) func anAuditSnapshotRenderingWithOpenedAt() throws {
        let source = try ByteSource(path: Self.datasetPath)
        var bytes: [UInt8] = []
        while let byte = source.next() { bytes.append(byte) }
        // The file's lines end in CRLF, one Character in Swift: split on any line break.
        let lines = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        var caseIndex: [Substring: Int] = [:]
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }.filter { row in
            let index = caseIndex[row[0]] ?? { caseIndex[row[0]] = caseIndex.count; return caseIndex.count - 1 }()
            return index % 8 == 0
        }
        var opened: [Substring: Substring] = [:]
        for row in rows where opened[row[0]] == nil { opened[row[0]] = row[1] }
        let tidyText = ([lines[0]] + rows.map { $0.joined(separator: ",") }).joined(separator: "\n") + "\n"
        let auditText = ([lines[0] + ",Opened At"] + rows.map { $0.joined(separator: ",") + "," + opened[$0[0]]! })
            .joined(separator: "\n") + "\n"
        let profileText = try String(contentsOf: Self.root.appendingPathComponent("sample-data/profiles/bpic2013-incidents.yaml"),
                                     encoding: .utf8)
        let auditProfile = profileText.replacingOccurrences(of: "\ncolumns:\n", with: "\nrows: snapshots\ncolumns:\n  opened: Opened At\n")
        let policy = try PolicyFile.load(path: Self.root.appendingPathComponent("sample-data/profiles/bpic2013-policy.yaml").path)

        func result(_ profile: String, _ name: String, _ text: String, asOf: Instant?) throws -> ([String: [[String?]]], Instant) {
            let harness = try ProfileHarness(profile: try MappingProfile.parse(profile, file: "shape.yaml"))
            let (run, _) = try harness.importFile(try harness.workspace.file(name, text))
            #expect(run.rowsRejected == 0)
            let end = try asOf ?? #require(try harness.workspace.store.latestDataInstant())
            try harness.replay(policy: policy, asOf: end)
            return (try harness.tables(), end)
        }
        let (tidy, asOf) = try result(profileText, "incidents.csv", tidyText, asOf: nil)
        let (audit, _) = try result(auditProfile, "incidents-audit.csv", auditText, asOf: asOf)
        #expect(tidy["tickets"]?.count == 945)
        for table in ["tickets", "sla_cycles", "ticket_outcomes"] {
            #expect(audit[table] == tidy[table], "\(table) differs")
        }
        // The events: the tidy original's, plus one for each other thing a row changed at once.
        let auditEvents = audit["events"] ?? []
        let named = auditEvents.filter { !$0[1]!.contains("/") }
        #expect(named == tidy["events"])
        let extra = auditEvents.filter { $0[1]!.contains("/") }
        #expect(extra.count > 1_000)
        let timeOfRow = Dictionary(uniqueKeysWithValues: named.map { ($0[0]! + " " + $0[1]!, $0[2]) })
        for event in extra {
            // row:<n>/<change>@<profile>: the row's named event is row:<n>@<profile>.
            let identity = event[1]!
            let row = String(identity.prefix { $0 != "/" }) + identity[identity.firstIndex(of: "@")!...]
            #expect(timeOfRow[event[0]! + " " + row] == event[2], "\(event)")
        }
        // In this log the impact changes alone; a state change comes with a new team or owner.
        #expect(Set(extra.map { $0[3]! }) == ["assigned", "status_changed"])
    }
}
