import SLAImport
import SLAStore

/// What one import did: per input, the run as recorded in `import_runs` and what the reader saw.
public struct ImportOutcome {
    /// One imported input.
    public struct File {
        /// The run as stored (file or label, format, rows, tickets and events inserted or updated).
        public var run: ImportRunFigures
        /// The reader's own figures (cases and events of a profile, rejected rows).
        public var summary: ReadSummary
        /// True when the format was detected rather than named.
        public var formatDetected: Bool
    }

    /// The inputs in the order they were imported.
    public var files: [File]
    /// The rows rejected under `--on-error skip` (0 otherwise).
    public var rejectedRows: Int
    /// Where the rejected rows were written (beside the database), when there were any.
    public var rejectsPath: String
    /// What the user should know although the import succeeded (a file read in another zone than
    /// its previous import), one sentence each.
    public var notes: [String] = []
}
