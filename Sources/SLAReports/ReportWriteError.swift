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
    /// What the user can do about it.
    public var advice: String

    /// `advice` defaults to what `code` calls for (`advice(forCode:)`).
    public init(operation: String, code: Int, message: String, advice: String? = nil) {
        self.operation = operation
        self.code = code
        self.message = message
        self.advice = advice ?? Self.advice(forCode: code)
    }

    /// Free space and permissions for a failure to create, write or read a file (libxlsxwriter's
    /// codes 2 to 10, and 0: a file of slareport's own that could not be made or read back);
    /// memory for a failed allocation; for the rest (a sheet name, a string or a row past the
    /// format's limits) a report of the defect: the writer keeps within them (a row past a
    /// sheet's end failed a whole report, saying to check free space, until 2026-12-05).
    public static func advice(forCode code: Int) -> String {
        switch code {
        case 1: "The machine ran out of memory: stop other programs, or report a shorter period."
        case 11...: "slareport should have kept within this limit of the XLSX format: please report it, with the command that gave it. "
            + "Meanwhile leave xlsx out of --format (the CSV files hold the same figures)."
        default: "Check free space and permissions in the output and temporary directories."
        }
    }

    /// What a workbook larger than 4 GB says (the writer makes no ZIP64 records).
    public static let tooLargeAdvice = "A workbook this large is not written: leave xlsx out of --format for this period "
        + "(tickets-PERIOD.csv holds every ticket), or report shorter periods."

    public var description: String {
        "Writing the XLSX report failed in \(operation): \(message)\(code > 0 ? " (libxlsxwriter error \(code))" : ""). \(advice)"
    }
}
