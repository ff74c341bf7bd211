import Foundation

/// Why a small file (a policy, a profile, a run configuration) could not be read, in the words
/// the import uses for its inputs ("no such file", "is a folder") rather than Foundation's.
enum FileReadFailure {
    static func reason(path: String, _ error: Error) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "is a folder; expected a file" }
        if !FileManager.default.isReadableFile(atPath: path) { return "cannot read the file (permission denied)" }
        // Read but not text: Foundation's message names no encoding.
        let cocoa = error as NSError
        if cocoa.domain == NSCocoaErrorDomain && cocoa.code == CocoaError.fileReadInapplicableStringEncoding.rawValue {
            return "cannot read the file as UTF-8 text"
        }
        return "cannot read the file (\(error.localizedDescription))"
    }
}
