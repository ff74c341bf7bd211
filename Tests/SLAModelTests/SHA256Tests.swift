import Testing
import SLAModel

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func bufferPathMatchesByteByByte() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var a = SHA256(), b = SHA256()
        a.update(bytes)
        bytes.withUnsafeBytes { b.update(buffer: $0) }
        #expect(a.hexDigest == b.hexDigest)
    }
}

@Suite struct CivilDateTests {
    @Test func weekdaysAndRoundTrips() {
        #expect(CivilDate(year: 2025, month: 8, day: 5).isoWeekday == 2)  // a Tuesday
        #expect(CivilDate(year: 1970, month: 1, day: 1).isoWeekday == 4)
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(!CivilDate(year: 2025, month: 2, day: 29).isValid)
        #expect(CivilDate(year: 2024, month: 2, day: 29).isValid)
    }

    @Test func holidayRules() {
        #expect(HolidayDate.nthWeekday(month: 11, weekday: 4, n: 4).date(in: 2025) == CivilDate(year: 2025, month: 11, day: 27))
        #expect(HolidayDate.nthWeekday(month: 5, weekday: 1, n: -1).date(in: 2025) == CivilDate(year: 2025, month: 5, day: 26))
        #expect(HolidayDate.nthWeekday(month: 9, weekday: 1, n: 1).date(in: 2025) == CivilDate(year: 2025, month: 9, day: 1))
        #expect(HolidayDate.nthWeekday(month: 1, weekday: 1, n: 3).date(in: 2024) == CivilDate(year: 2024, month: 1, day: 15))
    }
}
