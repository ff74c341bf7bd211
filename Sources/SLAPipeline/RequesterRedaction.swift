import Foundation
import SLAReports
import SLAStore

/// `--redact requesters`: pseudonyms instead of requester names and e-mail addresses.
public enum RequesterRedaction {
    /// The redactor for `store` when `mode` is `requesters`, nil when `mode` is nil.
    /// - Throws: `PipelineError.badInput` for another mode, `.failed` when the key cannot be created.
    public static func redactor(mode: String?, store: TicketStore, database: String) throws -> RequesterRedactor? {
        guard let mode else { return nil }
        guard mode == "requesters" else {
            throw PipelineError.badInput("--redact \(mode): expected requesters")
        }
        return RequesterRedactor(key: try key(beside: database), requesters: try store.requesters())
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
            throw PipelineError.failed("\(path): cannot create the redaction key (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        guard write(descriptor, key, key.count) == key.count, fsync(descriptor) == 0 else {
            throw PipelineError.failed("\(path): cannot write the redaction key (\(String(cString: strerror(errno))))")
        }
        return key
    }
}
