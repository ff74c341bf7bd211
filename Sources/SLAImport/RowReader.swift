import Foundation
import SLAModel
import SLAEngine

/// Typed access to one record's fields by column, turning bad values into `ImportIssue`s
/// that name the file, line, column and what was expected.
public struct RowReader {
    public let file: String
    public let record: Record
    public let headers: [String]
    public let zone: ZoneRules
    public let acceptedYears: AcceptedYears

    public init(file: String, record: Record, headers: [String], zone: ZoneRules, acceptedYears: AcceptedYears) {
        self.file = file
        self.record = record
        self.headers = headers
        self.zone = zone
        self.acceptedYears = acceptedYears
    }

    private func issue(_ column: Int, _ value: String?, _ expected: String) -> ImportIssue {
        ImportIssue(file: file, line: record.line, column: column + 1,
                    columnName: column < headers.count ? headers[column] : nil, value: value, expected: expected)
    }

    /// The trimmed text of a column; nil when the column is absent, NULL or empty.
    public func text(_ column: Int?) -> String? {
        guard let column, let value = record[column] else { return nil }
        let trimmed = value.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    public func requiredText(_ column: Int, what: String) throws(ImportError) -> String {
        guard let value = text(column) else { throw .malformed(issue(column, record[column] ?? nil, what)) }
        return value
    }

    /// The column's instant; with `previous` (what it must follow: the ticket's creation, or its
    /// previous row), a wall time of a fall-back's repeated hour that would go back before it is its
    /// second occurrence (`AcceptedYears.instant(of:in:after:)`).
    public func instant(_ column: Int?, after previous: Instant? = nil) throws(ImportError) -> Instant? {
        guard let column, let value = text(column) else { return nil }
        guard let parsed = TimestampParser.parse(value) else {
            throw .malformed(issue(column, value, "a date-time like 2025-08-05 15:58:40 (YYYY-MM-DD HH:MM:SS, optionally with a UTC offset)"))
        }
        guard let instant = acceptedYears.instant(of: parsed, in: zone, after: previous) else {
            throw .malformed(issue(column, value, acceptedYears.expectation))
        }
        return instant
    }

    public func requiredInstant(_ column: Int, after previous: Instant? = nil) throws(ImportError) -> Instant {
        guard let value = try instant(column, after: previous) else {
            throw .malformed(issue(column, record[column] ?? nil, "a date-time like 2025-08-05 15:58:40; this column may not be empty"))
        }
        return value
    }

    /// `Yes`/`No`, `1`/`0`, `true`/`false` (any case), and osTicket's translated Yes/No
    /// (German `Ja`/`Nein`, French `Oui`/`Non`, Spanish and Italian `Sí`/`No`, Portuguese `Sim`/`Não`).
    public func bool(_ column: Int?) throws(ImportError) -> Bool? {
        guard let column, let value = text(column) else { return nil }
        switch value.lowercased() {
        case "yes", "1", "true", "y", "ja", "oui", "sí", "si", "sim": return true
        case "no", "0", "false", "n", "nein", "non", "não", "nao": return false
        default: throw .malformed(issue(column, value, "Yes or No (or 1/0)"))
        }
    }

    public func int(_ column: Int?) throws(ImportError) -> Int? {
        guard let column, let value = text(column) else { return nil }
        guard let number = Int(value), number >= 0 else {
            throw .malformed(issue(column, value, "a whole number of zero or more"))
        }
        return number
    }

    /// Throws unless the record has exactly as many fields as the header (a wrong delimiter
    /// or a broken quote shows up here first).
    public func requireHeaderWidth() throws(ImportError) {
        guard record.fields.count != headers.count else { return }
        throw .malformed(ImportIssue(
            file: file, line: record.line, column: min(record.fields.count, headers.count) + 1,
            expected: "\(headers.count) fields as in the header, found \(record.fields.count) (wrong delimiter or a broken quote?)"))
    }

    /// A bad value in a column, as an error.
    public func invalid(_ column: Int, expected: String) -> ImportError {
        .malformed(issue(column, record[column] ?? nil, expected))
    }
}

/// Matches a file's header line to known fields by heading text, through a synonym table.
public struct HeaderMap<Field: Hashable> {
    public let headers: [String]
    public private(set) var columns: [Field: Int] = [:]
    /// Headings that matched no field, with their positions (custom fields), and those that
    /// matched a field an earlier heading had already matched.
    public private(set) var unknown: [(index: Int, heading: String)] = []
    /// Headings that matched a field an earlier heading had already matched (also in `unknown`),
    /// with that earlier heading's position: the formats of our own make this an error.
    public private(set) var repeated: [(index: Int, heading: String, earlier: Int)] = []

    /// `synonyms` maps a normalized heading (lowercase, single spaces, no punctuation) to a field.
    public init(headers: [String], synonyms: [String: Field]) {
        self.headers = headers
        for (index, heading) in headers.enumerated() {
            let field = synonyms[HeaderMap.normalize(heading)]
            if let field, columns[field] == nil {
                columns[field] = index
            } else {
                if let field, let earlier = columns[field] { repeated.append((index, heading, earlier)) }
                unknown.append((index, heading))
            }
        }
    }

    public subscript(field: Field) -> Int? { columns[field] }

    /// Lowercase, accents removed (`Priorität` -> `prioritat`), punctuation and runs of spaces
    /// as one space, trimmed: `"SLA-Fälligkeitsdatum"` -> `"sla falligkeitsdatum"`.
    public static func normalize(_ heading: String) -> String {
        var result = ""
        var lastWasSpace = true
        let folded = heading.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        for scalar in folded.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
                lastWasSpace = false
            } else if !lastWasSpace {
                result.append(" ")
                lastWasSpace = true
            }
        }
        return result.hasSuffix(" ") ? String(result.dropLast()) : result
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public var trimmingWhitespace: String {
        // Fast path (nearly every value): no space at either end. The ends are read from the
        // contiguous bytes: `utf8.first` and `utf8.last` go through generic index arithmetic.
        var ends: (head: UInt8, tail: UInt8)?
        if let contiguous = utf8.withContiguousStorageIfAvailable({ bytes in
            bytes.isEmpty ? nil : (head: bytes[0], tail: bytes[bytes.count - 1])
        }) {
            ends = contiguous
        } else if let first = utf8.first, let last = utf8.last {
            ends = (first, last)
        }
        guard let (head, tail) = ends else { return self }
        if head != 0x20 && head != 0x09 && head != 0x0A && head != 0x0D
            && tail != 0x20 && tail != 0x09 && tail != 0x0A && tail != 0x0D {
            return self
        }
        guard let range = trimmedWhitespaceRange else { return "" }
        return String(self[range])
    }

    /// The range of the string without leading and trailing spaces, tabs and line breaks
    /// (whole characters: a space with a combining mark after it stays); nil when nothing is left.
    var trimmedWhitespaceRange: Range<String.Index>? {
        // CR LF is one Character, and whitespace like its two bytes.
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return nil }
        let last = lastIndex(where: { !isSpace($0) })!
        return first..<index(after: last)
    }
}
