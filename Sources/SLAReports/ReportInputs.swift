import SLAModel

/// Facts about where the data came from, which the executable reads from the store and
/// passes in (this module never opens the database).
public struct DataProvenance: Hashable, Sendable {
    /// One imported file.
    public struct ImportedFile: Hashable, Sendable {
        public var file: String
        public var format: String
        public var rowsRead: Int
        public var rowsRejected: Int
        public var finishedAt: Instant

        public init(file: String, format: String, rowsRead: Int, rowsRejected: Int, finishedAt: Instant) {
            self.file = file
            self.format = format
            self.rowsRead = rowsRead
            self.rowsRejected = rowsRejected
            self.finishedAt = finishedAt
        }
    }

    /// Number of import runs recorded in the database.
    public var importRuns: Int
    public var rowsRead: Int
    public var rowsRejected: Int
    /// When the last import finished: how fresh the data is.
    public var lastImportAt: Instant?
    /// The SLA policy's name, if known.
    public var policyName: String?
    /// The most recent imported files, newest first (the report lists a few).
    public var recentFiles: [ImportedFile]
    /// Valid rows of all imports that carried no lifecycle event, by kind (`viewed`, `edited: topic_id`).
    public var skippedByKind: [String: Int] = [:]

    public init(importRuns: Int = 0, rowsRead: Int = 0, rowsRejected: Int = 0, lastImportAt: Instant? = nil,
                policyName: String? = nil, recentFiles: [ImportedFile] = []) {
        self.importRuns = importRuns
        self.rowsRead = rowsRead
        self.rowsRejected = rowsRejected
        self.lastImportAt = lastImportAt
        self.policyName = policyName
        self.recentFiles = recentFiles
    }

    /// Nothing known (reports built from metrics alone, as in tests).
    public static let unknown = DataProvenance()
}

/// Choices that shape a report but do not come from the data.
public struct ReportOptions: Hashable, Sendable {
    /// Compliance below this percentage is flagged (red in HTML, conditional format in XLSX).
    public var complianceTargetPercent: Int
    /// How many periods the compliance trend covers, ending with the report's period.
    public var trendLength: Int

    public init(complianceTargetPercent: Int = 90, trendLength: Int = 12) {
        self.complianceTargetPercent = complianceTargetPercent
        self.trendLength = trendLength
    }

    public static let standard = ReportOptions()
}
