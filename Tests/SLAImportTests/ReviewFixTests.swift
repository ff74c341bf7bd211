import Foundation
import Testing
import TestScratch
@testable import SLAImport

/// Inputs found by review that used to be misread.
@Suite struct ReviewFixTests {
    /// Each test's own folder (Swift Testing makes a suite value per test), removed after it.
    let scratch: TemporaryFolder

    init() throws { scratch = try TemporaryFolder("review") }

    func temporary(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = scratch.path("\(UUID().uuidString)-\(name)")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aBlankFirstLineIsSkippedWhenDetecting() throws {
        let path = try temporary("t.csv", Array("\n\nnumber,created_at\n1,2025-08-05T10:00:00Z\n".utf8))
        var sink = CollectingSink()
        let summary = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        #expect(summary.format == .normalizedTickets)
        #expect(sink.tickets.map(\.number) == ["1"])
    }

    @Test func crlfInsideAQuotedFieldIsStoredAsLF() throws {
        let path = try temporary("t.csv", Array("number,created_at,subject\r\n1,2025-08-05T10:00:00Z,\"two\r\nlines\"\r\n".utf8))
        var sink = CollectingSink()
        _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        #expect(sink.tickets.first?.subject == "two\nlines")
    }

    /// Old Mac line endings (CR alone) end lines as LF and CRLF do: such a file read as one
    /// header line gave "0 rows read" and exit 0 (found by a stranger's trial).
    @Test func aLoneCarriageReturnEndsALine() throws {
        let path = try temporary("t.csv", Array("number,created_at,subject\r1,2025-08-05T10:00:00Z,\"a\rb\"\r2,2025-08-06T10:00:00Z,c\r".utf8))
        var sink = CollectingSink()
        let summary = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        #expect(summary.rowsRead == 2)
        #expect(sink.tickets.map(\.number) == ["1", "2"])
        // Inside quotes a CR stays part of the value.
        #expect(sink.tickets.map(\.subject) == ["a\rb", "c"])
    }

    /// The normalized CSV formats refuse a header whose values would be lost or ambiguous: a
    /// column given twice (the events file dropped the second `team`; the tickets file kept the
    /// second `priority` as a custom field of that name), and an events column no field reads (a
    /// misspelled `teem` lost every team: events keep no custom fields). Unknown ticket columns
    /// stay custom fields.
    @Test func normalizedHeadersThatWouldLoseValuesAreErrors() throws {
        func failure(_ name: String, _ text: String) throws -> String {
            let path = try temporary(name, Array(text.utf8))
            var sink = CollectingSink()
            do { _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink) } catch {
                return "\(error)".replacingOccurrences(of: path, with: name)
            }
            return "imported \(sink.tickets.count) tickets, \(sink.events.count) events"
        }
        #expect(try failure("e.csv", "ticket_number,time,kind,team,Team\nT1,2025-01-06T09:00:00Z,created,Ops,Desk\n")
                == #"e.csv:1:5: column "Team": expected each column once; column 4 ("team") is the same column: remove or rename one"#)
        #expect(try failure("e.csv", "ticket_number,time,kind,teem\nT1,2025-01-06T09:00:00Z,created,Ops\n")
                == #"e.csv:1:4: column "teem": expected one of the columns ticket_number, time, kind, actor, team, agent, department, status, value, previous_value, event_id (this format keeps no other columns: rename it, or remove it to leave its values out)"#)
        #expect(try failure("t.csv", "number,created_at,priority,region,Priority\nT1,2025-01-06T09:00:00Z,High,North,Low\n")
                == #"t.csv:1:5: column "Priority": expected each column once; column 3 ("priority") is the same column: remove or rename one"#)
        #expect(try failure("t.csv", "number,created_at,priority,region\nT1,2025-01-06T09:00:00Z,High,North\n") == "imported 1 tickets, 0 events")
        // A column without a heading (a spreadsheet's trailing separator) is fine while it stays empty.
        #expect(try failure("e.csv", "ticket_number,time,kind,\nT1,2025-01-06T09:00:00Z,created,\n") == "imported 0 tickets, 1 events")
        #expect(try failure("e.csv", "ticket_number,time,kind,\nT1,2025-01-06T09:00:00Z,created,x\n")
                == #"e.csv:2:4: column "": value "x": expected nothing in a column without a heading (name it one of the event columns, or leave it empty)"#)
    }

    /// A JSON key no field reads is not dropped: a ticket's scalar is a custom field (as an
    /// unknown CSV column is), anything else an error naming it. `priorty` and `evnts` were
    /// silently ignored (found by a stranger's trial).
    @Test func unknownJSONKeysAreKeptOrRefusedNeverDropped() throws {
        let kept = try temporary("k.json", Array("""
            [{"number":"L3","created_at":"2025-08-05T10:00:00Z","priorty":"High","score":3,"vip":true,"note":null,
              "events":[{"time":"2025-08-05T11:00:00Z","kind":"response"}]}]
            """.utf8))
        var sink = CollectingSink()
        _ = try FileImporter.read(path: kept, format: nil, options: ImportOptions(), into: &sink)
        #expect(sink.tickets.first?.customFields == ["priorty": "High", "score": "3", "vip": "true"])
        #expect(sink.events.count == 1)
        for (name, text, expected) in [
            ("l.json", #"[{"number":"L4","created_at":"2025-08-05T10:00:00Z","evnts":[]}]"#, #"unknown key "evnts" with a list or object value"#),
            ("e.jsonl", #"{"number":"L5","created_at":"2025-08-05T10:00:00Z","events":[{"time":"2025-08-05T11:00:00Z","kind":"response","actr":"Bob"}]}"#,
             #"unknown key "actr" (known: time, kind, actor,"#),
        ] {
            let path = try temporary(name, Array(text.utf8))
            var refused = CollectingSink()
            #expect { _ = try FileImporter.read(path: path, format: .normalizedJSON, options: ImportOptions(), into: &refused) }
                throws: { "\($0)".contains(expected) }
        }
    }

    /// A pretty-printed JSON array's error named line 1 for every ticket (a stranger's trial: the
    /// bad event was on line 45); now the line its ticket object starts on. Brackets, braces and
    /// commas inside strings do not move it.
    @Test func aJSONArraysErrorNamesTheLineOfItsTicket() throws {
        let text = """
            [
              {"number": "A1", "subject": "braces } ] , [ { and \\"quotes\\"",
               "created_at": "2025-10-01T10:00:00Z"},
              {
                "number": "A2",
                "created_at": "2025-10-01T10:00:00Z",
                "events": [{"time": "2025-10-01T09:00:00Z", "kind": "response"}]
              }
            ]
            """
        let path = try temporary("pretty.json", Array(text.utf8))
        var sink = CollectingSink()
        #expect { _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink) }
            throws: { "\($0)".hasPrefix("\(path):4: ") && "\($0)".contains("ticket #2 of the array") }
        var lines = ArrayElementLines()
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for byte in line.utf8 { lines.feed(byte, line: offset + 1) }
            lines.feed(0x0A, line: offset + 1)
        }
        #expect(lines.lines == [2, 4])
    }

    /// In the hour a fall-back repeats (St. John's, 2025-11-02 01:00-02:00 twice), a wall time that
    /// would go back before the same ticket's previous time is its second occurrence, in normalized
    /// events as in profiles: a response at the second 01:10 after a message at 01:50 was read as
    /// forty minutes before it (a stranger's trial), in CSV and JSON alike. Another ticket's row,
    /// or a time with its offset, is read as written.
    @Test func aRepeatedWallTimeAfterTheTicketsPreviousOneIsItsSecondOccurrence() throws {
        let csv = try temporary("e.csv", Array("""
            ticket_number,time,kind
            A,2025-11-02 01:50:00,created
            A,2025-11-02 01:10:00,response
            B,2025-11-02 01:10:00,created
            A,2025-11-02 01:05:00-02:30,note
            """.utf8))
        let json = try temporary("t.json", Array("""
            [{"number": "J", "created_at": "2025-11-02 01:50:00",
              "events": [{"time": "2025-11-02 01:50:00", "kind": "created"}, {"time": "2025-11-02 01:10:00", "kind": "response"}]}]
            """.utf8))
        let options = ImportOptions(sourceZone: "America/St_Johns")
        var events = CollectingSink()
        _ = try FileImporter.read(path: csv, format: nil, options: options, into: &events)
        // 01:50 NDT is 04:20Z; the second 01:10 (NST, -03:30) is 04:40Z; the first 01:10 (NDT) 03:40Z.
        #expect(events.events.map(\.time.iso8601) == ["2025-11-02T04:20:00Z", "2025-11-02T04:40:00Z",
                                                       "2025-11-02T03:40:00Z", "2025-11-02T03:35:00Z"])
        var tickets = CollectingSink()
        _ = try FileImporter.read(path: json, format: nil, options: options, into: &tickets)
        #expect(tickets.events.map(\.time.iso8601) == ["2025-11-02T04:20:00Z", "2025-11-02T04:40:00Z"])
    }

    @Test func unquotedNullMarkerIsAnErrorNotSilentlyDropped() {
        do {
            _ = try MappingProfile.parse("""
                name: x
                file: {null_values: [NULL]}
                columns: {case: a, time: b, status: c}
                """, file: "x.yaml")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("quote each null marker"))
        }
    }

    @Test func truncatedGzipJSONLinesIsReported() throws {
        var lines = ""
        for i in 0..<3000 { lines += "{\"number\":\"\(i)\",\"created_at\":\"2025-08-05T10:00:00Z\",\"subject\":\"ticket number \(i) with some text\"}\n" }
        let plain = try temporary("t.jsonl", Array(lines.utf8))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-kf", plain]
        try gzip.run()
        gzip.waitUntilExit()
        let full = try Data(contentsOf: URL(fileURLWithPath: plain + ".gz"))
        let cut = try temporary("cut.jsonl.gz", Array(full.prefix(full.count / 2)))
        var sink = CollectingSink()
        do {
            _ = try FileImporter.read(path: cut, format: nil, options: ImportOptions(onError: .skip), into: &sink)
            Issue.record("a truncated .gz must not import silently")
        } catch {
            #expect("\(error)".contains("truncated or corrupt .gz"))
        }
    }
}

@Suite struct ProfileDSTTests {
    @Test func rowsInTheRepeatedAutumnHourKeepTheirOrder() throws {
        let profile = try MappingProfile.parse("""
            name: berlin
            time: {format: "%d.%m.%Y %H:%M", zone: Europe/Berlin}
            columns: {case: case, time: time, status: status}
            statuses: {open: {state: open}, done: {state: resolved}}
            """, file: "p.yaml")
        let scratch = try TemporaryFolder("dst")
        let path = scratch.path("dst.csv")
        try "case,time,status\nA,26.10.2025 02:50,open\nA,26.10.2025 02:10,done\n".write(toFile: path, atomically: true, encoding: .utf8)
        var sink = CollectingSink()
        _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(sourceZone: "Europe/Berlin", profile: profile),
                                  into: &sink)
        // 02:50 CEST = 00:50Z; the second 02:10 (CET) = 01:10Z, twenty minutes later.
        #expect(sink.events.map(\.time.iso8601) == ["2025-10-26T00:50:00Z", "2025-10-26T01:10:00Z"])
    }
}

@Suite struct JSONIdentifierTests {
    @Test func numericTicketNumbersAndEventIDs() throws {
        let scratch = try TemporaryFolder("ids")
        let path = scratch.path("ids.jsonl")
        try #"{"number":711979,"created_at":"2025-08-05T19:58:40Z","events":[{"time":"2025-08-05T19:58:40Z","kind":"created","event_id":9001}]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        var sink = CollectingSink()
        _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        #expect(sink.tickets.map(\.number) == ["711979"])
        #expect(sink.events.map(\.identity) == ["id:9001"])
    }
}
