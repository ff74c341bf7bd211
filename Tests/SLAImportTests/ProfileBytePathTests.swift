import Foundation
import Testing
import SLAModel
@testable import SLAImport

/// The profile reader's first pass reads rows as bytes (`RawRecords`, `RawRow`, `ByteSet`): the
/// same values, null markers, filters and errors as reading each field as a string.
@Suite struct ProfileBytePathTests {
    /// Every record of `text` read into byte batches, one batch per `perBatch` records, as strings.
    static func batched(_ path: String, dialect: Dialect, perBatch: Int) -> ([Record], String?) {
        let reader = try! DelimitedReader(source: ByteSource(path: path), dialect: dialect)
        var records: [Record] = []
        let batch = RawRecords()
        do {
            while try reader.next(into: batch) {
                if batch.count == perBatch {
                    batch.forEachRow { records.append($0.record) }
                    batch.removeAll()
                }
            }
        } catch {
            batch.forEachRow { records.append($0.record) }
            return (records, "\(error)")
        }
        batch.forEachRow { records.append($0.record) }
        return (records, nil)
    }

    static func direct(_ path: String, dialect: Dialect) -> ([Record], String?) {
        let reader = try! DelimitedReader(source: ByteSource(path: path), dialect: dialect)
        var records: [Record] = []
        do {
            while let record = try reader.next() { records.append(record) }
        } catch {
            return (records, "\(error)")
        }
        return (records, nil)
    }

    @Test func batchesHoldTheRecordsAndStopBeforeAnError() throws {
        let scratch = try Scratch()
        let text = "a,b,c\r\n\"quoted, \"\"with\"\" quotes\",\" padded \",\"two\r\nlines\"\n\nJörg,\"php \\\" quote\",\n,,\n"
        let tail: [String: [UInt8]] = [
            "nul": Array("x,y\u{0}z,1\n".utf8),
            "utf8": Array("x,".utf8) + [0xC3, 0x28] + Array(",1\n".utf8),
            "stray": Array("x,\"y\"z,1\n".utf8),
            "open": Array("x,\"never closed,1\n".utf8),
        ]
        let clean = try scratch.file("clean.csv", text)
        for perBatch in [1, 2, 100] {
            let (records, error) = Self.batched(clean, dialect: .csv, perBatch: perBatch)
            #expect(error == nil)
            #expect(records.map(\.fields) == [["a", "b", "c"], ["quoted, \"with\" quotes", " padded ", "two\nlines"],
                                              ["Jörg", "php \\\" quote", ""], ["", "", ""]])
            #expect(records.map(\.line) == [1, 2, 5, 6])
        }
        for (name, bytes) in tail {
            let path = try scratch.file("\(name).csv", bytes: Array(text.utf8) + bytes)
            let expected = Self.direct(path, dialect: .csv)
            #expect(expected.1 != nil, "\(name)")
            for perBatch in [1, 3, 100] {
                let (records, error) = Self.batched(path, dialect: .csv, perBatch: perBatch)
                #expect(error == expected.1, "\(name)")
                #expect(records.map(\.fields) == expected.0.map(\.fields) && records.count == 4, "\(name)")
            }
        }
        // MySQL batch output: NULL is no value, escapes are undone.
        let batch = try scratch.file("batch.tsv", "a\tb\nNULL\tx\\ty\n\\N\t\\\\\n")
        let (records, _) = Self.batched(batch, dialect: .mysqlBatchTSV, perBatch: 10)
        #expect(records.map(\.fields) == [["a", "b"], [nil, "x\ty"], ["N", "\\"]])
        // Only the four bytes NULL are no value: not its look-alikes, longer or shorter.
        let lookAlikes = try scratch.file("nulls.tsv", "NULL\tNULLS\tNUL\tnull\tXULL\tNULX\t NULL\n")
        let (alike, _) = Self.batched(lookAlikes, dialect: .mysqlBatchTSV, perBatch: 10)
        #expect(alike.map(\.fields) == [[nil, "NULLS", "NUL", "null", "XULL", "NULX", " NULL"]])
    }

    @Test func payloadLengthsAreWrittenInDecimalAtEveryDigitBoundary() {
        #expect(StagedFields.encode([("ab", "")]) == "2:ab0:")
        for count in [1, 9, 10, 11, 99, 100, 101, 999, 1000, 12_345, 100_000] {
            let value = String(repeating: "v", count: count)
            #expect(StagedFields.encode([("k", value)]) == "1:k\(count):" + value, "\(count)")
            #expect(StagedFields.decode(StagedFields.encode([("k", value)]))?.first?.1 == value, "\(count)")
        }
    }

    @Test func trimmingWhitespaceReadsBothEnds() {
        let long = String(repeating: "x", count: 40)
        let cases: [(String, String)] = [
            ("", ""), (" ", ""), ("a", "a"), (" a", "a"), ("a ", "a"), ("\ta\n", "a"), ("\r\n", ""),
            ("é ", "é"), (" é", "é"), (" " + long + " ", long), (long, long), ("\t" + long, long),
            ("a b", "a b"), ("Jörg\r", "Jörg"),
        ]
        for (input, trimmed) in cases {
            #expect(input.trimmingWhitespace == trimmed, "\(Array(input.utf8))")
            // A string that is a slice of a larger one (not native, maybe not contiguous).
            let embedded = String(("[" + input + "]").dropFirst().dropLast())
            #expect(embedded.trimmingWhitespace == trimmed)
        }
    }

    @Test func rowTextIsTheRowReadersText() throws {
        let values = ["plain", " padded ", "\ttab", "   ", "", " \u{301}accent", "end\r\n", "crlf\r\n ", "Jörg ", "\r", " a b "]
        let scratch = try Scratch()
        let path = try scratch.file("v.csv", values.map { "\"\($0)\"" }.joined(separator: ",") + "\n")
        let reader = DelimitedReader(source: try ByteSource(path: path), dialect: .csv)
        let batch = RawRecords()
        #expect(try reader.next(into: batch))
        let record = batch.record(0)
        let strings = RowReader(file: path, record: record, headers: [], zone: .utc, acceptedYears: .standard)
        batch.forEachRow { row in
            for column in 0...values.count {
                #expect(row.string(column) == strings.text(column), "column \(column)")
                #expect(row.text(column).map { Array($0) } == strings.text(column).map { Array($0.utf8) })
            }
        }
    }

    @Test func byteSetsAnswerAsSetsOfStrings() {
        let sets: [Set<String>] = [[], ["-", "n/a", "NULL"], ["K", "é"], ["\u{212A}"], ["e\u{301}", "x"]]
        let values = ["-", "n/a", "NULL", "null", "K", "\u{212A}", "é", "e\u{301}", "x", "", "--"]
        for strings in sets {
            let bytes = ByteSet(strings)
            for value in values {
                var value = value
                let inBytes = value.withUTF8 { bytes.contains($0) }
                #expect(inBytes == strings.contains(value), "\(value) in \(strings)")
            }
        }
        // The table grows past its first slots and still finds every key.
        var table = ByteKeyTable<Int>()
        for number in 0..<1_000 {
            var key = "key \(number)"
            key.withUTF8 { table.insert($0, number) }
        }
        for number in 0..<1_000 {
            var key = "key \(number)"
            #expect(key.withUTF8 { table.value(for: $0) } == number)
        }
        var absent = "key 1000"
        #expect(absent.withUTF8 { table.value(for: $0) } == nil)
    }

    @Test func byteBuffersGrowAndPayloadsEncodeAsPairs() {
        let buffer = ByteBuffer(capacity: 16)
        var expected: [UInt8] = []
        for index in 0..<1_000 {
            buffer.append(UInt8(index % 251))
            expected.append(UInt8(index % 251))
        }
        buffer.appendUninitialized(8)
        buffer.store(UInt64(0x0102_0304_0506_0708), at: 1_000)
        expected += [8, 7, 6, 5, 4, 3, 2, 1]
        #expect(Array(buffer.bytes) == expected && buffer.capacity >= 1_008)
        buffer.removeAll()
        #expect(buffer.count == 0)
        // A row's payload written from bytes and encoded keys is `encode` of its pairs.
        let pairs = [("status", "message"), ("team", ""), ("agent", String(repeating: "x", count: 123)), ("custom:Nöte", "Zoë, \"a\"\nb")]
        for (key, value) in pairs {
            var value = value
            value.withUTF8 { StagedFields.append(encodedKey: StagedFields.encodedPart(key), value: $0, to: buffer) }
        }
        let encoded = String(decoding: buffer.bytes, as: UTF8.self)
        #expect(encoded == StagedFields.encode(pairs))
        #expect(StagedFields.decode(encoded).map { $0.map { "\($0.0)=\($0.1)" } } == pairs.map { "\($0.0)=\($0.1)" })
    }

    @Test func tieBreakNumbersAreReadAsDoubleReadsThem() {
        for text in ["7", "007", "123456789012345", "1234567890123456789", "-3", "+5", "2.5", "1e3", "abc", "12a", "nan", " 4"] {
            var bytes = text
            #expect(bytes.withUTF8 { ProfileReader.number($0) }.map(\.bitPattern) == Double(text).map(\.bitPattern), "\(text)")
        }
    }

    /// The same log read through plain columns (compared as bytes) and through columns with an
    /// empty prefix (read as strings, joined, prefixed): the same tickets and events.
    @Test func plainColumnsAndSpecColumnsGiveTheSameHistory() throws {
        let plain = """
            name: bytes
            file: {null_values: ["-", "é"]}
            time: {format: iso, zone: Europe/Berlin}
            columns:
              case: Ticket
              time: When
              tie_break: Seq
              status: Status
              team: {column: Group, null_values: ["?"]}
              agent: Owner
              subject: Subject
            custom_fields: [Note]
            skip_rows: [{column: Status, values: ["Ignore", "Jörg"]}]
            statuses:
              New: open
              Working: open
              Solved: resolved
              Résolu: resolved
            """
        let spec = plain
            .replacingOccurrences(of: "  status: Status", with: "  status: {column: Status, prefix: \"\"}")
            .replacingOccurrences(of: "{column: Group, null_values: [\"?\"]}", with: "{column: Group, null_values: [\"?\"], prefix: \"\"}")
            .replacingOccurrences(of: "  agent: Owner", with: "  agent: {column: Owner, prefix: \"\"}")
            .replacingOccurrences(of: "  subject: Subject", with: "  subject: {column: Subject, prefix: \"\"}")
        #expect(spec != plain)
        let scratch = try Scratch()
        // Quoted and padded values, null markers (the decomposed "é" is the null marker "é" too),
        // a skipped row, a non-ASCII status, numeric and text tie-breaks, rows out of order.
        let path = try scratch.file("log.csv", """
            Ticket,When,Seq,Status,Group,Owner,Subject,Note
            T1,2025-03-03 09:00:00,2,Working,"L1, east",Ann," Printer ""jam"" "," n "
            T1,2025-03-03 09:00:00,1,New,?,-,Printer,-
            T2,2025-03-03T10:00:00+01:00,a,"New",L2,e\u{301},Café,
            T1,2025-03-03 11:00:00,3,Ignore,L1,Ann,,
            T2,2025-03-03 10:30:00,b,Résolu,L2,Zoë,Café,fin
            T1,2025-03-03 12:00:00,4,Solved,?,Bob,,x

            """)
        let (bytes, bytesSummary) = try scratch.read(path, profile: plain)
        let (strings, stringsSummary) = try scratch.read(path, profile: spec)
        #expect(bytesSummary.rowsRead == 6 && bytesSummary.skipped == ["skip_rows": 1] && bytesSummary.events == 5)
        #expect(stringsSummary.rowsRead == 6 && stringsSummary.skipped == bytesSummary.skipped && stringsSummary.events == 5)
        #expect(bytes.tickets == strings.tickets)
        #expect(bytes.events == strings.events)
        #expect(bytes.events.map(\.team) == [nil, "L1, east", "L1, east", "L2", "L2"])
        #expect(bytes.events.map(\.agent) == [nil, "Ann", "Bob", nil, "Zoë"])
        #expect(bytes.tickets.first { $0.number == "T1" }?.subject == "Printer \"jam\"")
        #expect(bytes.tickets.first { $0.number == "T1" }?.customFields == ["Note": "x"])
        #expect(bytes.tickets.first { $0.number == "T2" }?.status == "Résolu")
    }

    /// An error in a row read as bytes names the file, line, column and the value as written.
    @Test func errorsNameTheValueAsTheFileHasIt() throws {
        let scratch = try Scratch()
        let profile = "columns: {case: Case, time: At, status: Activity, tie_break: N}\ntime: {format: iso, zone: UTC}\nactivities: {Open: open}\n"
        let cases: [(String, String)] = [
            ("Case,At,Activity,N\nC,2025-01-01 10:00,Open,1\nC,\" 2025-13-01 10:00 \",Open,2\n",
             "log.csv:3:2: column \"At\": value \" 2025-13-01 10:00 \": expected an ISO 8601 date-time"),
            ("Case,At,Activity,N\n\" \",2025-01-01 10:00,Open,1\n",
             "log.csv:2:1: column \"Case\": value \" \": expected a case id; it may not be empty"),
            ("Case,At,Activity,N\nC,2025-01-01 10:00,\" Close \",1\n",
             "log.csv:2:3: column \"Activity\": value \" Close \": expected a status the profile maps (\"Open\", ...); add \"Close\" under activities"),
            ("Case,At,Activity,N\nC,2025-01-01 10:00,Open\n",
             "log.csv:2:4: expected 4 fields as in the header, found 3"),
        ]
        for (text, expected) in cases {
            let path = try scratch.file("log.csv", text)
            do {
                _ = try scratch.read(path, profile: profile)
                Issue.record("expected an error for \(text)")
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
            }
        }
    }
}
