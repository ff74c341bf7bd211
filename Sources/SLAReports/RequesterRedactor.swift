import Foundation
import SLAModel

/// Replaces requester names and e-mail addresses with stable pseudonyms ("Requester 3f9a2c")
/// before a report is built, since weekly reports are forwarded widely.
///
/// A pseudonym is a keyed hash (HMAC-SHA256) of the person's e-mail address (or name when the
/// address is unknown): the same person maps to the same pseudonym in every report made with
/// the same key, and without the key the pseudonyms cannot be turned back into names.
public struct RequesterRedactor: Sendable {
    private let key: [UInt8]
    /// Lowercased name or e-mail address -> pseudonym.
    private let known: [String: String]
    /// Names narrower than 3 letters -> pseudonym: replaced only when they are a whole field.
    private let shortNames: [String: String]
    /// Longest known name, in words (names inside longer text are looked up by word runs).
    private let longestName: Int

    /// `requesters` are the (name, e-mail) pairs of the tickets; either may be nil.
    public init(key: [UInt8], requesters: [(name: String?, email: String?)]) {
        self.key = key
        var known: [String: String] = [:], shortNames: [String: String] = [:]
        var longest = 1
        for requester in requesters {
            let email = requester.email.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
            let name = requester.name.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
            guard let identity = email ?? name else { continue }
            let pseudonym = Self.pseudonym(of: identity, key: key)
            if let email { known[email] = pseudonym }
            // A name shared by two people keeps its first pseudonym; names narrower than 3
            // letters are too likely to be ordinary words to replace inside text. Measured in
            // display cells, so a two-character Chinese name (王芳, four cells) is a name: counted
            // in characters it stayed in subjects (a stranger's trial).
            if let name, DisplayWidth.cells(of: name) >= 3, known[name] == nil {
                known[name] = pseudonym
                longest = max(longest, name.split(separator: " ").count)
            } else if let name, DisplayWidth.cells(of: name) < 3, shortNames[name] == nil {
                shortNames[name] = pseudonym
            }
        }
        self.known = known
        self.shortNames = shortNames
        longestName = longest
    }

    /// "Requester " and the first six hex digits of HMAC-SHA256(key, identity).
    static func pseudonym(of identity: String, key: [UInt8]) -> String {
        "Requester " + String(hmacSHA256(key: key, message: Array(identity.utf8)).prefix(6))
    }

    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> String {
        var block = key.count > 64 ? hexBytes(SHA256.hex(String(decoding: key, as: UTF8.self))) : key
        block += Array(repeating: 0, count: 64 - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5C })
        outer.update(hexBytes(inner.hexDigest))
        return outer.hexDigest
    }

    private static func hexBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)!
        }
    }

    /// `text` with every e-mail address and every known requester name replaced.
    public func redact(_ text: String) -> String {
        let field = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let whole = known[field] ?? shortNames[field] { return whole }
        guard text.contains("@") || !known.isEmpty else { return text }
        // Split into words and separators; try runs of up to `longestName` words against the names.
        var pieces: [(text: Substring, isWord: Bool)] = []
        var start = text.startIndex
        var inWord = false
        for index in text.indices {
            let wordCharacter = !text[index].isWhitespace && !",;()<>\"'[]".contains(text[index])
            if index == text.startIndex { inWord = wordCharacter; continue }
            if wordCharacter != inWord {
                pieces.append((text[start..<index], inWord))
                start = index
                inWord = wordCharacter
            }
        }
        if start < text.endIndex { pieces.append((text[start...], inWord)) }
        var result = ""
        var i = 0
        pieceLoop: while i < pieces.count {
            if pieces[i].isWord {
                // An e-mail address, known or not.
                var core = pieces[i].text
                var trailing = ""
                while let last = core.last, ".:!?".contains(last) { trailing = String(last) + trailing; core = core.dropLast() }
                if Self.looksLikeEmail(core) {
                    let email = core.lowercased()
                    result += (known[email] ?? Self.pseudonym(of: email, key: key)) + trailing
                    i += 1
                    continue
                }
                // The longest run of words that is a known name.
                var words = 0, end = i
                var candidate = ""
                var best: (end: Int, pseudonym: String)?
                while end < pieces.count, words < longestName {
                    if pieces[end].isWord {
                        // A name ending a clause keeps its punctuation: "Noah Chen: wire", "for Noah Chen."
                        let word = pieces[end].text.lowercased()
                        let trimmed = String(word.reversed().drop { ".:!?".contains($0) }.reversed())
                        if let pseudonym = known[candidate + word] {
                            best = (end, pseudonym)
                        } else if trimmed.count < word.count, let pseudonym = known[candidate + trimmed] {
                            best = (end, pseudonym + word.dropFirst(trimmed.count))
                        }
                        candidate += word
                        words += 1
                    } else {
                        candidate += " "
                    }
                    end += 1
                }
                if let best {
                    result += best.pseudonym
                    i = best.end + 1
                    continue pieceLoop
                }
            }
            result += pieces[i].text
            i += 1
        }
        return result
    }

    static func looksLikeEmail(_ word: Substring) -> Bool {
        guard let at = word.firstIndex(of: "@"), at != word.startIndex else { return false }
        let domain = word[word.index(after: at)...]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("@")
    }

    /// The metrics with every free-text field a requester could appear in redacted.
    public func redact(_ metrics: TicketMetrics) -> TicketMetrics {
        var copy = metrics
        copy.subject = metrics.subject.map(redact)
        // osTicket records the acting person as the holder on some rows: a requester can appear there.
        copy.agent = metrics.agent.map(redact)
        copy.breachAgent = metrics.breachAgent.map(redact)
        copy.firstResponseBreachAgent = metrics.firstResponseBreachAgent.map(redact)
        copy.segments = metrics.segments.map { segment in
            var segment = segment
            segment.agent = segment.agent.map(redact)
            return segment
        }
        // An earlier cycle's breach names its holder too (the breached tickets list, the agent table).
        copy.earlierResolutionBreaches = metrics.earlierResolutionBreaches.map { breach in
            var breach = breach
            breach.agent = breach.agent.map(redact)
            return breach
        }
        return copy
    }
}
