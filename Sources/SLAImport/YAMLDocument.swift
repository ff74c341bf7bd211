import Yams

/// A mistake found while reading a YAML (or JSON) file, with its line and column when known.
public struct YAMLDocumentError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The key path, such as `report.formats` or `plans[1]`; empty for the whole document.
    public var path: String
    public var message: String

    public var description: String {
        let place = [line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
        return "\(file)\(place.isEmpty ? "" : ":" + place): \(path.isEmpty ? "" : "at \(path): ")\(message)"
    }
}

/// Which keys a mapping may hold, so that a misspelled key (`polcy:`) is an error instead of
/// being ignored. Only mappings are checked; a value of another kind is left to the loader.
public indirect enum YAMLKeySchema: Sendable {
    /// Any value, with keys of any name (user-chosen names such as status names).
    case anything
    /// A mapping whose keys must be among these, each with its own schema.
    case mapping([String: YAMLKeySchema])
    /// A list whose items follow this schema (a single scalar instead of a list is left alone).
    case list(YAMLKeySchema)
}

/// A YAML (or JSON) document parsed with the positions of its nodes, bounded against
/// "billion laughs" alias bombs, ready to be checked against a key schema and turned into values.
///
/// Every configuration loader (run configuration, policy, mapping profile) reads its text here.
public struct YAMLDocument {
    /// Most nodes the document may expand to once aliases are followed. Real configurations
    /// have hundreds; a 600-byte alias bomb expands to billions.
    public static let maximumExpandedNodes = 100_000
    /// Deepest nesting accepted (the value constructor recurses once per level).
    public static let maximumDepth = 64

    public let file: String
    /// The root node; nil for an empty document.
    public let root: Node?

    /// Parses `text`, refusing documents whose aliases expand beyond `maximumExpandedNodes`
    /// or which nest deeper than `maximumDepth`.
    /// A syntax error at its line and column, without Yams' copy of the whole file (a duplicate
    /// key printed every line of the policy and pointed at the first of the two keys).
    static func syntaxError(_ error: YamlError, in text: String, file: String) -> YAMLDocumentError {
        func at(_ mark: Mark, _ message: String) -> YAMLDocumentError { at(mark.line, mark.column, message) }
        func at(_ line: Int, _ column: Int, _ message: String) -> YAMLDocumentError {
            YAMLDocumentError(file: file, line: line, column: column, path: "", message: "not valid YAML or JSON: " + message)
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            return at(mark, problem + (context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""))
        case let .duplicatedKeysInMapping(duplicates, context):
            // The second time the key starts a line of the mapping: Yams marks the mapping itself.
            let key = duplicates.first ?? ""
            var seen = 0
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where index + 1 >= context.mark.line {
                let trimmed = line.drop { $0 == " " }
                guard trimmed.hasPrefix(key + ":") || trimmed.hasPrefix("\"\(key)\":") || trimmed.hasPrefix("- " + key + ":") else { continue }
                seen += 1
                if seen == 2 {
                    return at(index + 1, line.count - trimmed.count + 1, "the key \"\(key)\" is given twice in one mapping; keep one")
                }
            }
            return at(context.mark, "the key \"\(key)\" is given twice in one mapping; keep one")
        default:
            return YAMLDocumentError(file: file, line: nil, column: nil, path: "", message: "not valid YAML or JSON: \(error)")
        }
    }

    public init(_ text: String, file: String) throws(YAMLDocumentError) {
        self.file = file
        if text.utf8.contains(0) {
            throw YAMLDocumentError(file: file, line: nil, column: nil, path: "", message: "contains a NUL byte (not a text file?)")
        }
        do {
            // Composing shares an anchored node between its aliases, so this step stays as small as the text.
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.syntaxError(error, in: text, file: file)
        } catch {
            throw YAMLDocumentError(file: file, line: nil, column: nil, path: "", message: "not valid YAML or JSON: \(error)")
        }
        if let root { try Self.checkSize(root, file: file) }
    }

    /// Walks the tree as the value constructor would (aliases expanded), stopping at the first limit.
    private static func checkSize(_ root: Node, file: String) throws(YAMLDocumentError) {
        var stack: [(node: Node, depth: Int)] = [(root, 1)]
        var count = 0
        while let (node, depth) = stack.popLast() {
            count += 1
            if count > maximumExpandedNodes {
                // No position: the node where counting stopped says nothing about where the bomb is.
                throw YAMLDocumentError(
                    file: file, line: nil, column: nil, path: "",
                    message: "expands to more than \(maximumExpandedNodes) values (aliases repeated into a \"billion laughs\" bomb?)")
            }
            if depth > maximumDepth {
                throw YAMLDocumentError(file: file, line: node.mark?.line, column: node.mark?.column, path: "",
                                        message: "nested more than \(maximumDepth) levels deep")
            }
            switch node {
            case .mapping(let mapping):
                for pair in mapping {
                    // A key written as a list or mapping (`? [a, b]: x`) has no name; the value
                    // constructor would stop the program on it.
                    guard case .scalar = pair.key else {
                        throw YAMLDocumentError(file: file, line: pair.key.mark?.line, column: pair.key.mark?.column, path: "",
                                                message: "a key must be a plain name, not a list or a mapping")
                    }
                    stack.append((pair.key, depth + 1))
                    stack.append((pair.value, depth + 1))
                }
            case .sequence(let sequence):
                for item in sequence { stack.append((item, depth + 1)) }
            default:
                break
            }
        }
    }

    /// The document as plain values (`[String: Any]`, `[Any]`, `String`, `Int`, ...), as `Yams.load` gives.
    public var value: Any? { root?.any }

    /// Throws for the first key (in document order) that `schema` does not allow, naming it,
    /// its line and column, and the keys that are allowed.
    public func checkKeys(_ schema: YAMLKeySchema) throws(YAMLDocumentError) {
        guard let root else { return }
        try check(root, schema, path: "")
    }

    private func check(_ node: Node, _ schema: YAMLKeySchema, path: String) throws(YAMLDocumentError) {
        switch (schema, node) {
        case (.mapping(let allowed), .mapping(let mapping)):
            for pair in mapping {
                let key = pair.key.string ?? ""
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                guard let inner = allowed[key] else {
                    var message = "unknown key \"\(key)\""
                    if let near = Self.nearest(to: key, among: allowed.keys) { message += " (did you mean \"\(near)\"?)" }
                    message += "; expected one of " + allowed.keys.sorted().joined(separator: ", ")
                    throw YAMLDocumentError(file: file, line: pair.key.mark?.line, column: pair.key.mark?.column,
                                            path: path, message: message)
                }
                try check(pair.value, inner, path: keyPath)
            }
        case (.list(let item), .sequence(let sequence)):
            for (index, element) in sequence.enumerated() {
                try check(element, item, path: "\(path)[\(index)]")
            }
        default:
            break
        }
    }

    /// Where the value at a key path such as `plans[1].resolution` is written, if it is in the
    /// document (a path through a key containing `.` or `[` is not found).
    public func mark(at path: String) -> Mark? {
        node(at: path)?.mark
    }

    /// The text of the scalar at a key path as written (`2025-09-01T00:00:00-04:00` stays that
    /// text, where `value` gives a date without its offset); nil when absent or not a scalar.
    public func scalarText(at path: String) -> String? {
        node(at: path)?.scalar?.string
    }

    /// Whether the value at a key path is YAML's null (`key:` with nothing after it, `~`, `null`).
    public func isNull(at path: String) -> Bool {
        node(at: path)?.null != nil
    }

    private func node(at path: String) -> Node? {
        guard var node = root else { return nil }
        if path.isEmpty { return node }
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(component)
            let key = rest.prefix { $0 != "[" }
            rest = rest.dropFirst(key.count)
            if !key.isEmpty {
                guard let next = node.mapping?[String(key)] else { return nil }
                node = next
            }
            while rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                      let sequence = node.sequence, sequence.indices.contains(index) else { return nil }
                node = sequence[index]
                rest = rest[rest.index(after: close)...]
            }
            guard rest.isEmpty else { return nil }
        }
        return node
    }

    /// The allowed key closest to a misspelled one, if it is within two edits.
    static func nearest(to key: String, among candidates: some Sequence<String>) -> String? {
        let best = candidates.map { ($0, editDistance(key, $0)) }.min { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best, best.1 <= 2, best.1 < key.count else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
