import Foundation

/// Writes rows the way `mysql --batch` prints them: a header line, tab-separated fields, `NULL`
/// for SQL NULL, and `\\`, `\t`, `\n`, `\r`, `\0` escapes inside values. The readers of
/// `osticket-tickets` and `osticket-history` read exactly this, so a pull and a file import
/// go through the same code.
final class MySQLBatchFile {
    let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []

    init(path: String) throws(OsTicketDatabaseError) {
        // The rows are the help desk's data: readable by this user only.
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0, let file = fdopen(descriptor, "w") else {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        self.path = path
        self.file = file
        buffer.reserveCapacity(1 << 16)
    }

    deinit { fclose(file) }

    func write(_ fields: [String?]) throws(OsTicketDatabaseError) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard let field else { buffer.append(contentsOf: "NULL".utf8); continue }
            for byte in field.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [0x5C, 0x5C])
                case UInt8(ascii: "\t"): buffer.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): buffer.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): buffer.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0: buffer.append(contentsOf: [0x5C, UInt8(ascii: "0")])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { try flush() }
    }

    func finish() throws(OsTicketDatabaseError) {
        try flush()
        guard fflush(file) == 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    }

    private func flush() throws(OsTicketDatabaseError) {
        guard !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        buffer.removeAll(keepingCapacity: true)
    }
}
