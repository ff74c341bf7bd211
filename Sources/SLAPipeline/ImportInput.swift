import SLAImport

/// One file to import, with its format (nil: detect) and mapping profile.
public struct ImportInput {
    public var path: String
    public var format: ImportFormat?
    public var profile: MappingProfile?
    /// What to call the input in output and `import_runs` (a pulled file: the database's address).
    public var label: String?
    /// The zone of this input's times when it is known better than `--source-zone` says (a pull read it from the server).
    public var sourceZone: String?

    public init(path: String, format: ImportFormat? = nil, profile: MappingProfile? = nil, label: String? = nil,
                sourceZone: String? = nil) {
        self.path = path
        self.format = format
        self.profile = profile
        self.label = label
        self.sourceZone = sourceZone
    }
}
