import Yams

/// Where each key of a YAML document is (`columns.case` -> line, column), so that a profile
/// mistake can name its place; list items are numbered from 1 (`skip_rows.2`).
enum YAMLKeyMarks {
    static func marks(of root: Node?) -> [String: Mark] {
        guard let root else { return [:] }
        var marks: [String: Mark] = [:]
        func walk(_ node: Node, _ path: String) {
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    guard let name = key.string else { continue }
                    let child = path.isEmpty ? name : path + "." + name
                    if let mark = key.mark { marks[child] = mark }
                    walk(value, child)
                }
            case .sequence(let sequence):
                for (index, item) in sequence.enumerated() {
                    let child = path + "." + String(index + 1)
                    if let mark = item.mark { marks[child] = mark }
                    walk(item, child)
                }
            default:
                break
            }
        }
        walk(root, "")
        return marks
    }

    /// The mark of `path`, or of its nearest enclosing key that is in the file.
    static func mark(_ path: String, in marks: [String: Mark]) -> Mark? {
        var current = Substring(path)
        while !current.isEmpty {
            if let mark = marks[String(current)] { return mark }
            guard let dot = current.lastIndex(of: ".") else { break }
            current = current[..<dot]
        }
        return nil
    }
}
