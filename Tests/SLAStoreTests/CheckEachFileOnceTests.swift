import Foundation
import Testing
import SLAModel
@testable import SLAStore

/// `run` checks its database once for its three steps; every other open still checks.
@Suite struct CheckEachFileOnceTests {
    @Test func aFileIsTrustedAfterItsFirstCheckOnlyInsideTheScope() throws {
        let workspace = try Workspace()
        let path = workspace.store.path
        let other = workspace.folder.appendingPathComponent("other.sqlite").path
        // The workspace's own open was outside any scope: nothing is remembered.
        #expect(!DatabaseFileCheck.trusts(path))
        try TicketStore.checkingEachFileOnce {
            #expect(!DatabaseFileCheck.trusts(path), "a scope starts with no file trusted")
            _ = try TicketStore(path: path)
            #expect(DatabaseFileCheck.trusts(path), "checked by its first open in the scope")
            #expect(!DatabaseFileCheck.trusts(other), "another file is not")
            // A nested scope (a run inside a run) keeps the outer scope's files.
            TicketStore.checkingEachFileOnce { #expect(DatabaseFileCheck.trusts(path)) }
            #expect(DatabaseFileCheck.trusts(path))
        }
        #expect(!DatabaseFileCheck.trusts(path), "outside the scope every open checks again")
    }

    @Test func aDamagedFileIsRefusedInsideTheScopeToo() throws {
        let workspace = try Workspace()
        let path = workspace.folder.appendingPathComponent("notes.sqlite").path
        try Data(String(repeating: "not a database\n", count: 400).utf8).write(to: URL(fileURLWithPath: path))
        TicketStore.checkingEachFileOnce {
            #expect(throws: StoreError.self) { _ = try TicketStore(path: path) }
            #expect(!DatabaseFileCheck.trusts(path))
        }
    }
}
