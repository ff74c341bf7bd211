import ArgumentParser

/// `--redact requesters`: pseudonyms instead of requester names and e-mail addresses.
struct RedactionOptions: ParsableArguments {
    @Option(help: "Replace requester names and e-mail addresses with stable pseudonyms (\"Requester 3f9a2c\"); the only value is requesters. The key lives in DB.redact-key (created owner-only on first use).")
    var redact: String?
}
