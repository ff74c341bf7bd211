/// Why a report file could not be written. Each message names the path and what to check.
public enum ReportWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The output directory does not exist and could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// The temporary file next to the target could not be created or written.
    case cannotWrite(path: String, reason: String)
    /// The finished temporary file could not be renamed over the target.
    case cannotReplace(path: String, reason: String)
    /// libxlsxwriter reported an error while building the workbook.
    case spreadsheet(XLSXWriterError)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            return "Cannot create the report directory \(path): \(Self.sentence(reason)) Check that the parent exists and is writable, or choose another output directory."
        case .cannotWrite(let path, let reason):
            return "Cannot write \(path): \(Self.sentence(reason)) Check free space and write permission on the directory."
        case .cannotReplace(let path, let reason):
            return "Cannot move the finished report into place at \(path): \(Self.sentence(reason)) Check that it is not a directory and that the directory is writable."
        case .spreadsheet(let error):
            return error.description
        }
    }

    /// `reason` ending in one full stop (Foundation's reasons often end in one already: "..").
    static func sentence(_ reason: String) -> String {
        var text = reason
        while text.hasSuffix(".") || text.hasSuffix(" ") { text.removeLast() }
        return text + "."
    }
}

/// An error from libxlsxwriter, with the call that failed.
public struct XLSXWriterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The libxlsxwriter function (and cell or object) that failed.
    public var operation: String
    /// libxlsxwriter's `lxw_error` code (0 when the call returned NULL instead).
    public var code: Int
    /// libxlsxwriter's description of the code.
    public var message: String

    public init(operation: String, code: Int, message: String) {
        self.operation = operation
        self.code = code
        self.message = message
    }

    public var description: String {
        "Writing the XLSX report failed in \(operation): \(message) (libxlsxwriter error \(code)). Check free space and permissions in the output and temporary directories."
    }
}
