/// Why a pipeline step stopped, as one plain message for a person and an exit code for cron.
public enum PipelineError: Error, CustomStringConvertible, Equatable {
    /// The input was wrong (a missing file, a bad row, an unknown zone): exit 2.
    case badInput(String)
    /// Another process held the database lock for the whole wait: exit 3.
    case locked(String)
    /// Anything else (a file that cannot be written, a store failure): exit 1.
    case failed(String)
    /// A failure after part of the work was done and kept (a report's first periods written, its
    /// index not): exit 1, said so that "nothing changed" is never claimed of it.
    case partlyDone(String)

    /// The message to print after `slareport: `.
    public var description: String {
        switch self {
        case .badInput(let message), .locked(let message), .failed(let message), .partlyDone(let message): return message
        }
    }

    /// The process exit code the executable uses for this error.
    public var exitCode: Int32 {
        switch self {
        case .badInput: return 2
        case .locked: return 3
        case .failed, .partlyDone: return 1
        }
    }

    /// The same kind of error with its message rewritten (a step names itself before the cause).
    public func withMessage(_ rewrite: (String) -> String) -> PipelineError {
        switch self {
        case .badInput(let message): return .badInput(rewrite(message))
        case .locked(let message): return .locked(rewrite(message))
        case .failed(let message): return .failed(rewrite(message))
        case .partlyDone(let message): return .partlyDone(rewrite(message))
        }
    }
}
