import ArgumentParser
import Foundation
import SLAModel
import SLAEngine
import SLAImport
import SLAStore

/// Options shared by the commands that open the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: [.customShort("d"), .long], help: "The SQLite database file.")
    var database: String = "slareport.sqlite"
}

/// An error printed as one plain message, with the exit code for cron: 2 for bad input,
/// 1 for everything else.
struct UserFacingError: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32 = 1
}

/// Writes to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Parses `--as-of`: an ISO 8601 instant (offset or Z), `now`, or `data` (the latest
/// instant in the database, so reruns of old exports are reproducible).
func parseAsOf(_ text: String, store: TicketStore?) throws -> Instant {
    switch text {
    case "now":
        return Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
    case "data":
        guard let store, let latest = try store.latestDataInstant() else {
            throw UserFacingError(description: "--as-of data: the database has no tickets yet", exitCode: 2)
        }
        return latest
    default:
        guard let parsed = TimestampParser.parse(text), parsed.offset != nil else {
            throw UserFacingError(description: "--as-of \(text): expected now, data, or an ISO 8601 instant with an offset such as 2025-09-01T00:00:00-04:00", exitCode: 2)
        }
        return parsed.instant(in: .utc)
    }
}

/// Loads the policy file, or osTicket's defaults when none is given.
func loadPolicy(_ path: String?, zone: String) throws -> SLAPolicy {
    guard let path else { return BuiltIn.osTicketDefaultPolicy(timeZone: zone) }
    do { return try PolicyFile.load(path: path) } catch let error as PolicyFileError {
        throw UserFacingError(description: error.description, exitCode: 2)
    }
}

/// SHA-256 of a file's bytes as stored (compressed files are hashed compressed).
func fileChecksum(_ path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw UserFacingError(description: "\(path): cannot read the file", exitCode: 2)
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        chunk.withUnsafeBytes { hasher.update(buffer: $0) }
    }
    return hasher.hexDigest
}

extension Instant {
    static var now: Instant { Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }
}
