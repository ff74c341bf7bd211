import Foundation
import SLAModel
import SLAImport
import SLAStore

/// The instant open tickets are judged at (`--as-of`).
public enum AsOfInstant {
    /// Parses an ISO 8601 instant (offset or Z), `now`, or `data` (the latest instant in the
    /// database, so reruns of old exports are reproducible).
    public static func parse(_ text: String, store: TicketStore?) throws -> Instant {
        switch text {
        case "now":
            return .now
        case "data":
            guard let store, let latest = try store.latestDataInstant() else {
                throw PipelineError.badInput("--as-of data: the database has no tickets yet")
            }
            return latest
        default:
            guard let parsed = TimestampParser.parse(text), parsed.offset != nil else {
                throw PipelineError.badInput("--as-of \(text): expected now, data, or an ISO 8601 instant with an offset such as 2025-09-01T00:00:00-04:00")
            }
            return parsed.instant(in: .utc)
        }
    }
}
