import Foundation
import Testing

/// libxlsxwriter's temporary files go beside the output, so a full /tmp cannot cut a
/// workbook short; the finished workbook is read back before it is renamed into place.
@Suite struct XLSXTemporaryFilesTests {
    /// Whether this machine lets us mount a tiny /tmp in a private mount namespace.
    static let canMountPrivateTmp: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        probe.arguments = ["-m", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /tmp"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        do { try probe.run() } catch { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    @Test(.enabled(if: canMountPrivateTmp, "needs unshare -m and mount (root)"))
    func aFullTmpDoesNotCorruptTheWorkbook() throws {
        // Not under /tmp, which is replaced below.
        let scratch = try Scratch(under: URL(fileURLWithPath: "/var/tmp"))
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        #expect(try scratch.importAndRecomputeSampleDesk())
        // /tmp is a full 4 KiB tmpfs for this one report, in its own mount namespace.
        let result = try scratch.runUnshared("mount -t tmpfs -o size=4k tmpfs /tmp && dd if=/dev/zero of=/tmp/fill bs=1k count=8 2>/dev/null; "
            + "exec \"$0\" report -d desk.sqlite --output out --format xlsx --all-weeks --quiet")
        #expect(result.status == 0, "\(result.error)")
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path("out")).filter { $0.hasSuffix(".xlsx") }
        #expect(!files.isEmpty)
        for file in files {
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            check.arguments = ["python3", "-c", "import sys, zipfile, xml.dom.minidom as m; z = zipfile.ZipFile(sys.argv[1]); "
                + "[m.parseString(z.read(n)) for n in z.namelist() if n.endswith('.xml')]", scratch.path("out/" + file)]
            check.standardError = FileHandle.nullDevice
            try check.run()
            check.waitUntilExit()
            #expect(check.terminationStatus == 0, "\(file) is not a whole workbook")
        }
    }
}
