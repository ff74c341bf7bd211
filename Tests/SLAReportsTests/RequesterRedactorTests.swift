import Foundation
import SLAModel
import Testing
@testable import SLAReports

/// `--redact requesters`: names and e-mail addresses become stable keyed pseudonyms in every
/// format, because reports are built from redacted metrics.
@Suite struct RequesterRedactorTests {
    let key = Array("0123456789abcdef0123456789abcdef".utf8)
    let people: [(name: String?, email: String?)] = [("Ada Lovelace", "ada@example.com"), ("Bob", nil), (nil, "cy@example.org"), ("Al", "al@example.com")]

    @Test func samePersonSamePseudonymAcrossRedactorsAndFields() {
        let a = RequesterRedactor(key: key, requesters: people)
        let b = RequesterRedactor(key: key, requesters: people.reversed())
        let pseudonym = a.redact("Ada Lovelace")
        #expect(pseudonym.hasPrefix("Requester ") && pseudonym.count == "Requester ".count + 6)
        #expect(a.redact("ada@example.com") == pseudonym && a.redact("ADA@EXAMPLE.COM") == pseudonym)
        #expect(b.redact("Ada Lovelace") == pseudonym)
        #expect(a.redact("Bob") != pseudonym && a.redact("Bob").hasPrefix("Requester "))
        let other = RequesterRedactor(key: Array("another key, another mapping....".utf8), requesters: people)
        #expect(other.redact("Ada Lovelace") != pseudonym)
    }

    @Test func namesAndAddressesInsideTextAreReplaced() {
        let redactor = RequesterRedactor(key: key, requesters: people)
        let ada = redactor.redact("Ada Lovelace")
        #expect(redactor.redact("VPN down for ada lovelace, see ada@example.com.") == "VPN down for \(ada), see \(ada).")
        // Unknown addresses are pseudonymized too; short names (Al) are left as words.
        let text = redactor.redact("Forwarded from stranger@corp.example (Al in accounting)")
        #expect(!text.contains("stranger@") && text.contains("Requester ") && text.contains("(Al in accounting)"))
        #expect(redactor.redact("Printer on floor 3") == "Printer on floor 3")
        #expect(redactor.redact("Bobby tables") == "Bobby tables")
    }

    /// A name ending a clause (before `:` `.` `!` `?`) is replaced and keeps its punctuation; a
    /// short name is replaced when it is the whole field, left as a word inside text.
    @Test func namesBeforePunctuationAndShortWholeFieldsAreReplaced() {
        let redactor = RequesterRedactor(key: key, requesters: people)
        let ada = redactor.redact("Ada Lovelace"), bob = redactor.redact("Bob"), al = redactor.redact("al@example.com")
        #expect(redactor.redact("Ada Lovelace: wire transfer") == "\(ada): wire transfer")
        #expect(redactor.redact("wire for Ada Lovelace.") == "wire for \(ada).")
        #expect(redactor.redact("Is Bob?!") == "Is \(bob)?!")
        #expect(redactor.redact("Al") == al && redactor.redact(" al ") == al)
        #expect(redactor.redact("Al said hello") == "Al said hello")
        #expect(redactor.redact("Bob.smith") == "Bob.smith")
    }

    /// A two-character Chinese name is as wide as five Latin letters: it was left in subjects
    /// (`王芳 cannot log in`, a stranger's trial) because it counted as a two-letter name.
    @Test func aTwoCharacterChineseNameIsReplacedInsideText() {
        let redactor = RequesterRedactor(key: key, requesters: people + [("王芳", nil)])
        let wang = redactor.redact("王芳")
        #expect(wang.hasPrefix("Requester "))
        #expect(redactor.redact("王芳 cannot log in") == "\(wang) cannot log in")
        #expect(redactor.redact("Al said hello") == "Al said hello")
    }

    @Test func reportsBuiltFromRedactedMetricsHoldNoNames() throws {
        var metrics = Fixtures.helpDesk
        metrics[1].subject = "Refund for Ada Lovelace <ada@example.com>"
        metrics[1].breachAgent = "Bob"
        let plain = Fixtures.helpDeskReport(metrics)
        #expect(CSVReportWriter.tickets(plain).contains("ada@example.com"))
        let redactor = RequesterRedactor(key: key, requesters: people)
        let report = Fixtures.helpDeskReport(metrics.map(redactor.redact))
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try ReportWriter.write(report, formats: Set(ReportFormat.allCases), to: directory)
        var withPseudonym: [String] = []
        for file in files where file.pathExtension != "xlsx" {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("Lovelace") && !text.contains("ada@example.com"), "\(file.lastPathComponent)")
            if text.contains(redactor.redact("Ada Lovelace")) { withPseudonym.append(file.pathExtension) }
        }
        // The tickets CSV and the HTML breach list show the subject.
        #expect(Set(withPseudonym).isSuperset(of: ["csv", "html"]), "\(withPseudonym)")
        #expect(!CSVReportWriter.tickets(report).contains("Bob,"))
    }
}

extension RequesterRedactorTests {
    /// A requester recorded as the holder when an earlier cycle breached (a reopened ticket) is
    /// replaced too: that breach is a row of its own in the breach list and the agent table.
    @Test func anEarlierCyclesBreachHolderIsReplaced() {
        var metrics = Fixtures.helpDesk[1]
        metrics.earlierResolutionBreaches = [EarlierResolutionBreach(
            cycle: 1, dueAt: nil, breachedAt: Fixtures.week32.start.adding(seconds: 3600), secondsLate: 60,
            team: "Level 1", agent: "Ada Lovelace", reason: nil)]
        let redactor = RequesterRedactor(key: key, requesters: people)
        let redacted = redactor.redact(metrics)
        #expect(redacted.earlierResolutionBreaches.map(\.agent) == [redactor.redact("Ada Lovelace")])
        #expect(redacted.earlierResolutionBreaches.first?.team == "Level 1")
    }
}
