/// Escaping for text placed in HTML or SVG, in element content or in quoted attributes.
public enum HTMLEscaping {
    /// `value` with `&` `<` `>` `"` `'` replaced by character references, and control
    /// characters that HTML forbids (C0 except tab, LF, CR; and DEL) replaced by U+FFFD.
    /// Works on Unicode scalars, so combining marks cannot hide a `<` or a quote.
    public static func escape(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            case "\t", "\n", "\r": out.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out.append("\u{FFFD}")
                } else {
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }
}
