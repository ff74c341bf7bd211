import Foundation
import SLAEngine

/// A report's per-ticket CSV written on a thread of its own, from the period's tickets alone (as
/// they are read, or held), while the report is assembled and its other files written: straight
/// to its temporary file in pieces of a megabyte, so the text is never held whole (a month at a
/// million tickets is 35 MB of it).
enum BackgroundTicketsCSV {
    /// Starts writing the CSV of `rows` (instants in `zone`) beside `target`.
    static func start(rows: PeriodTicketRows, zone: ZoneRules, besides target: URL) -> BackgroundFile {
        BackgroundFile(AtomicFile.temporaryURL(for: target)) { file throws(ReportWriteError) in
            defer { rows.stopReading() }
            var abandoned = false
            try AtomicFile.writeNew(to: file) { writeWhole in
                do {
                    return try CSVReportWriter.tickets(rows, zone: zone, inPiecesOf: 1 << 20) { piece in
                        var piece = piece
                        return piece.withUTF8 { writeWhole(UnsafeRawBufferPointer($0)) }
                    }
                } catch {
                    abandoned = true
                    return true
                }
            }
            if abandoned {
                unlink(file.path)
                throw .cannotWrite(path: file.path, reason: "the report stopped before its ticket list was complete")
            }
        }
    }
}
