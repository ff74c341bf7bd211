import Foundation
import Testing
import TestScratch
import SLAImport

/// What a file whose format is not recognized is told (a stranger's trial): the format it comes
/// close to and the required heading it lacks, or that it is UTF-16, instead of its first line
/// shown with the byte order mark or NULs between the letters.
@Suite struct FormatDetectionMessageTests {
    static let seedTickets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sample-data/osticket/seed-tickets.csv").path

    static func error(importing data: Data, named name: String, format: ImportFormat? = nil) throws -> String? {
        let folder = try TemporaryFolder("format-detection")
        let path = folder.path(name)
        try data.write(to: URL(fileURLWithPath: path))
        var sink = CollectingSink()
        do {
            _ = try FileImporter.read(path: path, format: format, options: ImportOptions(sourceZone: "UTC"), into: &sink)
            return nil
        } catch {
            return "\(error)".replacingOccurrences(of: path, with: name)
        }
    }

    @Test func aQueueExportWithoutDateCreatedIsToldWhatItLacks() throws {
        // osTicket's own export, its BOM kept, with "Date Created" (the second column) left out.
        let text = try String(contentsOfFile: Self.seedTickets, encoding: .utf8)
        let lines = text.split(separator: "\n").map { line in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false)
            fields.remove(at: 1)
            return fields.joined(separator: ",")
        }
        #expect(lines[0].hasPrefix("\"Ticket Number\",Subject,"))
        let bom = Data([0xEF, 0xBB, 0xBF])
        let message = try Self.error(importing: bom + Data((lines.joined(separator: "\n") + "\n").utf8), named: "queue.csv")
        #expect(message?.hasPrefix("queue.csv:1: expected an osTicket queue export, an osTicket tickets or history export or a "
                                   + "normalized tickets/events file; it looks like an osTicket queue export (24 of its columns) "
                                   + "without its \"Date Created\" column; the first line is \"\"Ticket Number\",Subject,From,") == true,
                "\(message ?? "no error")")
        // Cut after 120 characters, and said to be.
        #expect(message?.contains("…\" (pass --format to say which") == true, "\(message ?? "no error")")
    }

    @Test func aNormalizedEventsFileWithoutItsTimeIsToldWhatItLacks() throws {
        let message = try Self.error(importing: Data("ticket_number,kind,team,agent\nT1,created,,\n".utf8), named: "events.csv")
        #expect(message?.contains("it looks like a normalized events file (4 of its columns) without its \"time\" column;") == true,
                "\(message ?? "no error")")
    }

    @Test func aFileNoFormatComesCloseToNamesNone() throws {
        let message = try Self.error(importing: Data("a,b,c\n1,2,3\n".utf8), named: "other.csv")
        #expect(message == "other.csv:1: expected an osTicket queue export, an osTicket tickets or history export or a normalized "
                + "tickets/events file; the first line is \"a,b,c\" (pass --format to say which, or --profile FILE.yaml for another system's log)")
    }

    /// Excel's "Unicode Text" and a PowerShell redirect write UTF-16, with or without a byte order mark.
    @Test(arguments: [true, false])
    func aUTF16FileIsSaidToBeUTF16(withByteOrderMark: Bool) throws {
        let text = try String(contentsOfFile: Self.seedTickets, encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "")
        let data = (withByteOrderMark ? Data([0xFF, 0xFE]) : Data()) + text.data(using: .utf16LittleEndian)!
        let expected = "utf16.csv:1: expected UTF-8 text; this file is UTF-16 (Excel's \"Unicode Text\" or a PowerShell redirect): "
            + "save it as \"CSV UTF-8\", or convert it with iconv -f UTF-16 -t UTF-8"
        #expect(try Self.error(importing: data, named: "utf16.csv") == expected)
        #expect(try Self.error(importing: data, named: "utf16.csv", format: .osticketQueue) == expected)
    }
}
