import Foundation

/// Helpers that read the reports back without the module's own code, so that tests
/// check the output against an independent reading.
enum TestSupport {
    /// Parses RFC 4180 CSV text (quoted fields, doubled quotes, CRLF records) into records.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",": record.append(field); field = ""
            case "\r":
                if scalars.first == "\n" { scalars.removeFirst() }
                record.append(field); records.append(record); record = []; field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    /// The CSV as dictionaries keyed by the header row.
    static func csvRows(_ text: String) -> [[String: String]] {
        let records = parseCSV(text)
        guard let header = records.first else { return [] }
        return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// Seconds since 1970 of `2025-08-05T17:26:52-04:00` (offset required); nil for "".
    static func epoch(_ text: String) -> Int64? {
        let s = Array(text.utf8)
        guard s.count == 25 else { return nil }
        func number(_ range: Range<Int>) -> Int64 { Int64(String(decoding: s[range], as: UTF8.self))! }
        let year = number(0 ..< 4), month = number(5 ..< 7), day = number(8 ..< 10)
        let hour = number(11 ..< 13), minute = number(14 ..< 16), second = number(17 ..< 19)
        let sign: Int64 = s[19] == UInt8(ascii: "-") ? -1 : 1
        let offset = sign * (number(20 ..< 22) * 3600 + number(23 ..< 25) * 60)
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86_400 + hour * 3600 + minute * 60 + second - offset
    }

    /// The lower-middle median of integers (nearest rank).
    static func median(_ values: [Int64]) -> Int64? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[(sorted.count + 1) / 2 - 1]
    }

    /// `met * 100 / judged` with two decimals, rounded half up, computed in Double and
    /// checked against the writer's exact integer rounding.
    static func percent(_ met: Int, _ judged: Int) -> String {
        guard judged > 0 else { return "" }
        let value = (Double(met) * 100 / Double(judged) * 100).rounded() / 100
        return String(format: "%.2f", value)
    }

    /// Runs a program and returns its exit status and combined output.
    static func run(_ arguments: [String], environment: [String: String] = [:]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The package root (this file is Tests/SLAReportsTests/TestSupport.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Whether a program is on PATH.
    static func hasProgram(_ name: String) -> Bool {
        run(["sh", "-c", "command -v \(name)"]).status == 0
    }
}
