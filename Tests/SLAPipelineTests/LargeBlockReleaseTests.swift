import Testing
@testable import SLAPipeline

/// A report lowers glibc's threshold for mapping large blocks on their own; the setting must
/// be one glibc accepts (`mallopt` returns 0 for an option or value it refuses).
@Suite struct LargeBlockReleaseTests {
    @Test func glibcTakesTheThreshold() {
        #if os(Linux)
        #expect(LargeBlockRelease.start())
        #endif
    }
}
