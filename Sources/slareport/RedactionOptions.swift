import ArgumentParser
import Foundation
import SLAReports
import SLAStore

/// `--redact requesters`: pseudonyms instead of requester names and e-mail addresses.
struct RedactionOptions: ParsableArguments {
    @Option(help: "Replace requester names and e-mail addresses with stable pseudonyms (\"Requester 3f9a2c\"); the only value is requesters. The key lives in DB.redact-key (created owner-only on first use).")
    var redact: String?

    /// The redactor for `store`, or nil when not asked for.
    func redactor(store: TicketStore, database: String) throws -> RequesterRedactor? {
        guard let redact else { return nil }
        guard redact == "requesters" else {
            throw UserFacingError(description: "--redact \(redact): expected requesters", exitCode: 2)
        }
        return RequesterRedactor(key: try Self.key(beside: database), requesters: try store.requesters())
    }

    /// The keyed hash's key, so that a person gets the same pseudonym in every report of a
    /// database: 32 random bytes in `DATABASE.redact-key`, created on first use.
    static func key(beside database: String) throws -> [UInt8] {
        let path = database + ".redact-key"
        if let data = FileManager.default.contents(atPath: path), data.count >= 16 { return Array(data) }
        var key = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in key.indices { key[index] = generator.next() }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            // Another process may have just created it: use theirs.
            if errno == EEXIST, let data = FileManager.default.contents(atPath: path), data.count >= 16 { return Array(data) }
            throw UserFacingError(description: "\(path): cannot create the redaction key (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        guard write(descriptor, key, key.count) == key.count, fsync(descriptor) == 0 else {
            throw UserFacingError(description: "\(path): cannot write the redaction key (\(String(cString: strerror(errno))))")
        }
        return key
    }
}
