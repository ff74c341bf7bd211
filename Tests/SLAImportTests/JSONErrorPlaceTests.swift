import Foundation
import Testing
import TestScratch
@testable import SLAImport

/// Where a JSON file's structural errors are said to be (a stranger's trial): an unknown or
/// missing key at the line its ticket object starts on with the key's path (`events[0].colour`;
/// it said line 1 and Foundation's `Index 1.events.Index 0.colour`), and text that is not JSON at
/// its line and column (it said line 1, "invalid JSON", for a file cut short).
@Suite struct JSONErrorPlaceTests {
    static func error(importing text: String, named name: String) throws -> String? {
        let folder = try TemporaryFolder("json-errors")
        let path = folder.path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var sink = CollectingSink()
        do {
            _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
            return nil
        } catch {
            return "\(error)".replacingOccurrences(of: path, with: name)
        }
    }

    static let first = #"{"number":"J1","created_at":"2025-08-05T10:00:00Z","events":[]}"#

    @Test func anUnknownKeyOfAnArraysEventIsAtItsTicketsLineWithItsPath() throws {
        let text = "[\n\(Self.first),\n{\"number\":\"J2\",\"created_at\":\"2025-08-05T10:00:00Z\",\n"
            + #" "events":[{"time":"2025-08-05T10:00:00Z","kind":"created","colour":"red"}]}]"# + "\n"
        #expect(try Self.error(importing: text, named: "a.json")
                == #"a.json:3: expected ticket #2 of the array: a JSON array of ticket objects (unknown key "colour" "#
                + "(known: time, kind, actor, team, agent, department, status, value, previous_value, event_id) at events[0].colour)")
    }

    @Test func aMissingKeyIsAtItsTicketsLineWithItsObjectsPath() throws {
        let text = "[\n\(Self.first),\n{\"number\":\"J2\",\"created_at\":\"2025-08-05T10:00:00Z\",\n \"events\":[{},{\"kind\":\"created\"}]}]\n"
        #expect(try Self.error(importing: text, named: "a.json")
                == #"a.json:3: expected ticket #2 of the array: a JSON array of ticket objects (missing key "time" at events[0])"#)
    }

    @Test func aWrongTypeInJSONLinesIsAtItsLineWithItsPath() throws {
        let text = "\(Self.first)\n" + #"{"number":"J2","created_at":"2025-08-05T10:00:00Z","events":[{"time":1,"kind":"created"}]}"# + "\n"
        #expect(try Self.error(importing: text, named: "a.jsonl")
                == "a.jsonl:2: expected one JSON ticket object per line (wrong type at events[0].time)")
    }

    @Test func anArrayCutShortIsAtItsEnd() throws {
        let text = "[\n\(Self.first),\n{\"number\":\"J2\",\"created_at\":\"2025-08-05T10:00:00Z\",\n \"events\":[]\n"
        #expect(try Self.error(importing: text, named: "a.json")
                == "a.json:5:1: expected a JSON array of ticket objects: not JSON here; expected ',' or '}' (the text ends inside an object)")
    }

    @Test func aDoubledCommaIsAtItsColumn() throws {
        let text = "\(Self.first)\n" + #"{"number":"J2",,"created_at":"2025-08-05T10:00:00Z"}"# + "\n"
        #expect(try Self.error(importing: text, named: "a.jsonl")
                == "a.jsonl:2:16: expected one JSON ticket object per line: not JSON here; expected a key in double quotes instead of ','")
    }

    /// The locator against JSON that is and is not well formed, each break at its place.
    @Test func theLocatorFindsTheFirstBreak() {
        for valid in [#"{}"#, #"[]"#, #" [1, -2.5e+3, 0, "a\"\u00e9", true, false, null, {"k": [{}]}] "#, "\"x\"", "0.5"] {
            #expect(JSONSyntaxLocator.firstBreak(in: Array(valid.utf8)) == nil, "\(valid)")
        }
        let cases: [(String, Int, Int, String)] = [
            ("[1,]", 1, 4, "a value (an object, array, string, number, true, false or null) instead of ']'"),
            ("{\"a\" 1}", 1, 6, "':' after the key instead of '1'"),
            ("[01]", 1, 2, "a number without leading zeros"),
            ("[1]\n[2]", 2, 1, "the end of the text after the top-level value instead of '['"),
            ("{\"a\":\"b\n\"}", 1, 8, "a closing '\"' before the line ends (a control character in a string)"),
            ("[\"\\x\"]", 1, 4, "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) instead of 'x'"),
            ("[\n  tru]", 2, 3, "a value (an object, array, string, number, true, false or null) instead of 't'"),
            ("", 1, 1, "a value (the text ends here)"),
        ]
        for (text, line, column, expected) in cases {
            #expect(JSONSyntaxLocator.firstBreak(in: Array(text.utf8)) == .init(line: line, column: column, expected: expected), "\(text)")
        }
        // Nested a million deep, on its own stack.
        let deep = String(repeating: "[", count: 1_000_000) + String(repeating: "]", count: 999_999)
        #expect(JSONSyntaxLocator.firstBreak(in: Array(deep.utf8))?.expected == "',' or ']' (the text ends inside an array)")
    }
}
