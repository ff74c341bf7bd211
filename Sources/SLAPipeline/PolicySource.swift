import SLAModel
import SLAEngine
import SLAImport

/// Where a recompute's policy comes from.
public enum PolicySource {
    /// Loads the policy file, or osTicket's defaults (in `zone`) when none is given.
    public static func load(_ path: String?, zone: String) throws -> SLAPolicy {
        guard let path else { return BuiltIn.osTicketDefaultPolicy(timeZone: zone) }
        do { return try PolicyFile.load(path: path) } catch let error as PolicyFileError {
            throw PipelineError.badInput(error.description)
        }
    }
}
