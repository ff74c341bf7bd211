import SLAModel

/// Reads one input file of any supported format into a sink, detecting the format from
/// the file's first line when asked to.
public enum FileImporter {
    /// What detection found in a file's first line.
    public struct Detection: Sendable {
        public var format: ImportFormat
        public var dialect: Dialect
    }

    /// Detects the format and dialect from the first line of `path`.
    public static func detect(path: String) throws(ImportError) -> Detection {
        let (dialect, format, firstLine) = try sniff(path: path)
        guard let format else { throw .unrecognizedFormat(file: path, firstLine: firstLine) }
        return Detection(format: format, dialect: dialect)
    }

    /// The dialect of the first line, and the format if one is recognized.
    static func sniff(path: String, encoding: TextEncoding = .utf8) throws(ImportError) -> (Dialect, ImportFormat?, String) {
        let source = try ByteSource(path: path, chunkSize: 1 << 16, encoding: encoding)
        // The first line that is not blank (readers skip blank lines too).
        var bytes: [UInt8] = []
        var bytesRead = 0
        while let byte = source.next(), bytes.count < 1 << 16 {
            bytesRead += 1
            if byte == 0x0A {
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { bytes.removeAll(); continue }
                break
            }
            bytes.append(byte)
            // A UTF-8 byte order mark (osTicket writes one) is no part of the first heading.
            if bytesRead == 3 && bytes == [0xEF, 0xBB, 0xBF] { bytes.removeAll() }
        }
        if bytes.last == 0x0D { bytes.removeLast() }
        if encoding == .utf8, let issue = utf16Issue(path: path, firstLine: bytes) { throw .malformed(issue) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { throw .emptyFile(file: path) }
        let firstLine = String(decoding: bytes, as: UTF8.self)
        if bytes.first == UInt8(ascii: "[") || bytes.first == UInt8(ascii: "{") {
            return (.csv, .normalizedJSON, firstLine)
        }
        let dialect = dialectOf(headerBytes: bytes)
        let headers = splitHeader(bytes, dialect: dialect)
        if OsTicketHistoryReader.matches(headers: headers) {
            return (dialect.delimiter == UInt8(ascii: "\t") ? .mysqlBatchTSV : dialect, .osticketHistory, firstLine)
        }
        if OsTicketTicketsReader.matches(headers: headers) {
            return (dialect.delimiter == UInt8(ascii: "\t") ? .mysqlBatchTSV : dialect, .osticketTickets, firstLine)
        }
        if NormalizedReader.isEventsHeader(headers) { return (dialect, .normalizedEvents, firstLine) }
        if NormalizedReader.isTicketsHeader(headers) { return (dialect, .normalizedTickets, firstLine) }
        if OsTicketQueueReader.matches(headers: headers) { return (dialect, .osticketQueue, firstLine) }
        return (dialect, nil, firstLine)
    }

    /// A file whose first line is UTF-16 (Excel's "Unicode Text", a PowerShell redirect): its
    /// byte order mark, or a NUL byte after every character of the headings. Said as such: read as
    /// UTF-8 it showed as headings spaced out with NULs, which named no format.
    static func utf16Issue(path: String, firstLine bytes: [UInt8]) -> ImportIssue? {
        let marked = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        let nuls = bytes.prefix(64).filter { $0 == 0 }.count
        guard marked || (nuls > 0 && nuls * 3 >= min(bytes.count, 64)) else { return nil }
        return ImportIssue(file: path, line: 1,
                           expected: "UTF-8 text; this file is UTF-16 (Excel's \"Unicode Text\" or a PowerShell redirect): "
                               + "save it as \"CSV UTF-8\", or convert it with iconv -f UTF-16 -t UTF-8")
    }

    /// For a first line that names no format: the format it comes closest to (three or more of
    /// its headings) and the required headings it lacks, in words; nil when none comes close.
    static func nearestFormat(firstLine: String) -> String? {
        let bytes = Array(firstLine.utf8)
        return nearestFormat(headers: splitHeader(bytes, dialect: dialectOf(headerBytes: bytes)))
    }

    static func nearestFormat(headers: [String]) -> String? {
        func recognized<C: Hashable & CaseIterable>(_ map: HeaderMap<C>) -> Int {
            C.allCases.filter { map[$0] != nil }.count
        }
        func lacking(_ names: [(String, Bool)]) -> String {
            let missing = names.filter { !$0.1 }.map { "\"\($0.0)\"" }
            return missing.count == 1 ? missing[0] + " column" : missing.joined(separator: " and ") + " columns"
        }
        let queue = HeaderMap(headers: headers, synonyms: OsTicketQueueReader.synonyms)
        let tickets = HeaderMap(headers: headers, synonyms: NormalizedReader.synonyms(NormalizedReader.TicketColumn.self))
        let events = HeaderMap(headers: headers, synonyms: NormalizedReader.synonyms(NormalizedReader.EventColumn.self))
        let candidates: [(count: Int, format: String, required: [(String, Bool)])] = [
            (recognized(queue), "an osTicket queue export",
             [("Ticket Number", queue[.number] != nil), ("Date Created", queue[.created] != nil),
              ("Current Status", queue[.status] != nil || queue[.helpTopic] != nil)]),
            (recognized(tickets), "a normalized tickets file",
             [("number", tickets[.number] != nil), ("created_at", tickets[.createdAt] != nil)]),
            (recognized(events), "a normalized events file",
             [("ticket_number", events[.ticketNumber] != nil), ("time", events[.time] != nil), ("kind", events[.kind] != nil)]),
        ]
        guard let best = candidates.max(by: { $0.count < $1.count }), best.count >= 3 else { return nil }
        return "\(best.format) (\(best.count) of its columns) without its " + lacking(best.required)
    }

    /// The delimiter that splits the header into the most fields (outside quotes).
    static func dialectOf(headerBytes: [UInt8]) -> Dialect {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0, UInt8(ascii: "|"): 0]
        var inQuotes = false
        for byte in headerBytes {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() } else if !inQuotes, counts[byte] != nil { counts[byte]! += 1 }
        }
        let best = counts.max { ($0.value, $0.key) < ($1.value, $1.key) }!.key
        switch best {
        case UInt8(ascii: "\t"): return .tsv
        case UInt8(ascii: ";"): return .semicolonCSV
        case UInt8(ascii: "|"): return Dialect(delimiter: UInt8(ascii: "|"), quoted: true, phpBackslash: false, mysqlBatch: false)
        default: return .csv
        }
    }

    static func splitHeader(_ bytes: [UInt8], dialect: Dialect) -> [String] {
        var fields: [String] = []
        var current: [UInt8] = []
        var inQuotes = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if byte == dialect.delimiter && !inQuotes {
                fields.append(String(decoding: current, as: UTF8.self))
                current.removeAll()
            } else {
                current.append(byte)
            }
        }
        fields.append(String(decoding: current, as: UTF8.self))
        return fields
    }

    /// Reads `path` into `sink`. With `format` nil the format is detected.
    public static func read<Sink: ImportSink>(path: String, format: ImportFormat?, options: ImportOptions,
                                              into sink: inout Sink) throws -> ReadSummary {
        if format == .profile || (format == nil && options.profile != nil) {
            guard let profile = options.profile else {
                throw ImportError.unreadable(file: path, reason: "--format profile needs a mapping profile (--profile FILE.yaml)")
            }
            return try readProfile(path: path, profile: profile, options: options, into: &sink)
        }
        let (sniffed, detected, firstLine) = try sniff(path: path)
        guard let chosen = format ?? detected else { throw ImportError.unrecognizedFormat(file: path, firstLine: firstLine) }
        var dialect = sniffed
        let fromDatabase = chosen == .osticketHistory || chosen == .osticketTickets
        if fromDatabase && dialect.delimiter == UInt8(ascii: "\t") { dialect = .mysqlBatchTSV }
        if !fromDatabase && dialect.mysqlBatch { dialect = .tsv }
        let source = try ByteSource(path: path)
        switch chosen {
        case .normalizedJSON:
            return try NormalizedReader.readJSON(source, options: options, into: &sink)
        case .osticketQueue:
            return try OsTicketQueueReader.read(DelimitedReader(source: source, dialect: dialect), options: options, into: &sink)
        case .osticketHistory:
            return try OsTicketHistoryReader.read(DelimitedReader(source: source, dialect: dialect), options: options, into: &sink)
        case .osticketTickets:
            return try OsTicketTicketsReader.read(DelimitedReader(source: source, dialect: dialect), options: options, into: &sink)
        case .normalizedTickets:
            return try NormalizedReader.readTickets(DelimitedReader(source: source, dialect: dialect), options: options, into: &sink)
        case .normalizedEvents:
            return try NormalizedReader.readEvents(DelimitedReader(source: source, dialect: dialect), options: options, into: &sink)
        case .profile:
            fatalError("handled above")
        }
    }

    /// Reads `path` through a mapping profile: its encoding, delimiter (or the one the header
    /// line shows), quoting, columns and status rules.
    static func readProfile<Sink: ImportSink>(path: String, profile: MappingProfile, options: ImportOptions,
                                              into sink: inout Sink) throws -> ReadSummary {
        let (sniffed, _, _) = try sniff(path: path, encoding: profile.encoding)
        let dialect = Dialect(delimiter: profile.delimiter ?? sniffed.delimiter, quoted: profile.quoted,
                              phpBackslash: false, mysqlBatch: false)
        let source = try ByteSource(path: path, encoding: profile.encoding)
        return try ProfileReader.read(DelimitedReader(source: source, dialect: dialect), profile: profile,
                                      options: options, into: &sink)
    }
}
