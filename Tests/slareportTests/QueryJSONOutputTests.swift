import Foundation
import Testing

/// `query --format json`: an array of objects whose keys keep the SELECT's order, numbers stay
/// numbers, and any text (quotes, backslashes, control characters) is valid JSON.
@Suite struct QueryJSONOutputTests {
    @Test func keysKeepTheSelectOrderAndTextIsEscaped() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let result = try scratch.run(["query", "-d", "desk.sqlite", "--format", "json", """
            SELECT number AS zeta, 1.5 AS alpha, NULL AS middle, 'a "quote" \\ and' || char(10) || char(1) AS text
            FROM tickets ORDER BY number LIMIT 2
            """])
        #expect(result.status == 0, "\(result.error)")
        let data = Data(result.output.utf8)
        let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.first?["alpha"] as? Double == 1.5)
        #expect(rows.first?["middle"] is NSNull)
        #expect(rows.first?["text"] as? String == "a \"quote\" \\ and\n\u{1}")
        // Keys in the order written, in every object.
        let keyLines = result.output.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\""), let end = trimmed.dropFirst().firstIndex(of: "\"") else { return nil }
            return String(trimmed[trimmed.index(after: trimmed.startIndex)..<end])
        }
        #expect(keyLines == ["zeta", "alpha", "middle", "text", "zeta", "alpha", "middle", "text"])
        let empty = try scratch.run(["query", "-d", "desk.sqlite", "--format", "json", "SELECT 1 AS one WHERE 0"])
        #expect(empty.output == "[]\n")
    }
}
