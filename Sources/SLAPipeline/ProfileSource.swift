import SLAImport

/// Where an import's mapping profile comes from.
public enum ProfileSource {
    /// Loads a mapping profile (YAML or JSON).
    /// - Throws: `PipelineError.badInput` with the profile's own message.
    public static func load(_ path: String) throws -> MappingProfile {
        do { return try MappingProfile.load(path: path) } catch let error as ProfileError {
            throw PipelineError.badInput(error.description)
        }
    }
}
