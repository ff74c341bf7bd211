import Foundation
import Testing

/// `query --format json`: an array of objects whose keys keep the SELECT's order, numbers stay
/// numbers, and any text (quotes, backslashes, control characters) is valid JSON.
@Suite struct QueryJSONOutputTests {
    @Test func keysKeepTheSelectOrderAndTextIsEscaped() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let result = try scratch.run(["query", "-d", "desk.sqlite", "--format", "json", """
            SELECT number AS zeta, 1.5 AS alpha, NULL AS middle, 'a "quote" \\ and' || char(10) || char(1) AS text,
                   CAST(number AS INTEGER) AS whole, 1e-7 AS tiny, -0.0 AS negative_zero, 9223372036854775807 AS largest,
                   'é ✓ 😀' AS unicode
            FROM tickets ORDER BY number LIMIT 2
            """])
        #expect(result.status == 0, "\(result.error)")
        let data = Data(result.output.utf8)
        let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.first?["alpha"] as? Double == 1.5)
        #expect(rows.first?["middle"] is NSNull)
        #expect(rows.first?["text"] as? String == "a \"quote\" \\ and\n\u{1}")
        // A text column stays text, the same value cast is a number.
        let zeta = try #require(rows.first?["zeta"] as? String)
        #expect((rows.first?["whole"] as? NSNumber)?.int64Value == Int64(zeta))
        #expect(rows.first?["tiny"] as? Double == 1e-7)
        #expect((rows.first?["negative_zero"] as? NSNumber)?.doubleValue == 0)
        #expect((rows.first?["largest"] as? NSNumber)?.int64Value == Int64.max)
        #expect(rows.first?["unicode"] as? String == "é ✓ 😀")
        // Keys in the order written, in every object.
        let keyLines = result.output.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\""), let end = trimmed.dropFirst().firstIndex(of: "\"") else { return nil }
            return String(trimmed[trimmed.index(after: trimmed.startIndex)..<end])
        }
        let order = ["zeta", "alpha", "middle", "text", "whole", "tiny", "negative_zero", "largest", "unicode"]
        #expect(keyLines == order + order)
        let empty = try scratch.run(["query", "-d", "desk.sqlite", "--format", "json", "SELECT 1 AS one WHERE 0"])
        #expect(empty.output == "[]\n")
    }
}
