#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The data files of a law folder as the build compiles them: every YAML document already parsed
/// into `DataNode`s and every CSV table already split into records, in one compact binary file.
///
/// The YAML and CSV files stay what a jurist edits and reviews; this form is derived from them at
/// build time (the `CompileLaw` plugin) and bundled into the binary, so a process reads the law
/// without parsing YAML. It keeps the lines of the files it came from, so the model built from it
/// goes through the same checks, and names the same file and line, as a model read from YAML.
///
/// The format is Aimak's own rather than JSON or a property list: reading it is a walk over bytes
/// that makes each string once, which is what makes a cold command fast (Foundation's decoders
/// would cost about as much as the YAML parse this replaces). Nobody edits it.
///
/// A command decodes only the files it needs: a directory at the start gives each file's bytes.
/// Opened from a file (`init(file:)`), only the directory is read at once; each body is read when it
/// is decoded and let go after, so `aimak calendar add` holds the calendar's 11 KB, not the whole
/// 0.7 MB (of which the territory is half), and the process stays smaller.
///
///     file     = magic count entry* body*
///     magic    = "AIMAK-COMPILED-DATA/2\n"
///     entry    = kind(0 document | 1 table) string(name) count(bytes of its body)
///     document = node
///     node     = 0 line string | 1 line string (quoted) | 2 line count (string node)* | 3 line count node*
///     table    = count row*      row = line count string*
///     string   = count utf8-bytes;  line, count = unsigned LEB128
public struct CompiledData: Sendable {
    /// A record of a table: the line of the file it starts on and its fields.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
        public init(line: Int, fields: [String]) { (self.line, self.fields) = (line, fields) }
    }

    /// Why a compiled file could not be read: it was cut short or written by another version.
    public struct Corrupt: Error, CustomStringConvertible {
        public var offset: Int
        public var description: String { "the compiled law data is damaged or from another version of Aimak (at byte \(offset)): rebuild" }
    }

    private enum Kind: UInt8 { case document = 0, table = 1 }

    /// Where the bodies are: all in memory, or in a file read a body at a time.
    private enum Storage: Sendable {
        case bytes([UInt8])
        case file(OpenFile)
    }

    /// A file kept open for the process's life, so the bodies read later come from the same file
    /// even if the path is replaced meanwhile (a rebuild writes a new file).
    private final class OpenFile: Sendable {
        let descriptor: Int32
        let size: Int
        init(descriptor: Int32, size: Int) { (self.descriptor, self.size) = (descriptor, size) }
        deinit { close(descriptor) }

        /// The bytes of `range`; short (then decoding fails with `Corrupt`) if the file was cut since.
        func read(_ range: Range<Int>) -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: range.count) { buffer, count in
                count = 0
                while count < range.count {
                    let n = pread(descriptor, buffer.baseAddress! + count, range.count - count, off_t(range.lowerBound + count))
                    if n < 0, errno == EINTR { continue }  // interrupted by a signal: read again
                    if n <= 0 { break }
                    count += n
                }
            }
        }
    }

    private let storage: Storage
    /// Each file's kind, path in the law folder and the bytes of its body.
    private let entries: [(kind: Kind, name: String, body: Range<Int>)]

    static let magic = Array("AIMAK-COMPILED-DATA/2\n".utf8)

    /// The largest compiled file opened: 256 MB, hundreds of times the bundled law.
    static let maximumFileSize = 256 << 20

    /// YAML documents and CSV tables by their path in the law folder (`vocabulary.yaml`,
    /// `sources/2008-law-99.yaml`, `territory/kg-territory.csv`).
    public init(documents: [(name: String, node: DataNode)] = [], tables: [(name: String, rows: [Row])] = []) {
        var bodies: [(Kind, String, [UInt8])] = []
        for (name, node) in documents { var w = Writer(); w.node(node); bodies.append((.document, name, w.out)) }
        for (name, rows) in tables { var w = Writer(); w.rows(rows); bodies.append((.table, name, w.out)) }
        var w = Writer()
        w.out = Self.magic
        w.number(bodies.count)
        for (kind, name, body) in bodies { w.out.append(kind.rawValue); w.string(name); w.number(body.count) }
        var offset = w.out.count
        var entries: [(kind: Kind, name: String, body: Range<Int>)] = []
        for (kind, name, body) in bodies {
            w.out += body
            entries.append((kind, name, offset..<offset + body.count))
            offset += body.count
        }
        (self.storage, self.entries) = (.bytes(w.out), entries)
    }

    /// Reads the directory of a compiled file; each file's body is read when it is asked for.
    public init(decoding bytes: [UInt8]) throws(Corrupt) {
        (storage, entries) = (.bytes(bytes), try Self.directory(bytes, fileSize: bytes.count))
    }

    /// Opens a compiled file and reads its directory; each body is read from the file when it is
    /// decoded. Nil when the file cannot be opened; `Corrupt` when it is not a compiled file.
    public init?(file path: String) throws(Corrupt) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0 else { close(fd); return nil }
        // The bundled law is 0.7 MB; a file of gigabytes is not one, and is refused before any of
        // it is read into memory.
        guard info.st_size <= Self.maximumFileSize else { close(fd); throw Corrupt(offset: Self.maximumFileSize) }
        let file = OpenFile(descriptor: fd, size: Int(info.st_size))
        // The directory is at the start: its size is not written, but 64 KB holds a thousand files'
        // entries (a bigger one is read whole).
        var head = file.read(0..<min(file.size, 64 << 10))
        var entries: [(kind: Kind, name: String, body: Range<Int>)]
        do {
            entries = try Self.directory(head, fileSize: file.size)
        } catch where head.count < file.size {
            head = file.read(0..<file.size)
            entries = try Self.directory(head, fileSize: file.size)
        }
        (storage, self.entries) = (.file(file), entries)
    }

    /// The directory at the start of `bytes`, the first bytes of a compiled file of `fileSize` bytes.
    private static func directory(_ bytes: [UInt8], fileSize: Int) throws(Corrupt) -> [(kind: Kind, name: String, body: Range<Int>)] {
        var r = Reader(bytes: bytes)
        try r.expectMagic()
        var directory: [(Kind, String, Int)] = []
        for _ in 0..<(try r.count()) {
            guard let kind = Kind(rawValue: try r.byte()) else { throw Corrupt(offset: r.offset - 1) }
            directory.append((kind, try r.string(), try r.count()))
        }
        var offset = r.offset
        var entries: [(kind: Kind, name: String, body: Range<Int>)] = []
        for (kind, name, size) in directory {
            guard size <= fileSize - offset else { throw Corrupt(offset: offset) }
            entries.append((kind, name, offset..<offset + size))
            offset += size
        }
        guard offset == fileSize else { throw Corrupt(offset: offset) }
        return entries
    }

    public func encoded() -> [UInt8] {
        switch storage {
        case .bytes(let bytes): bytes
        case .file(let file): file.read(0..<file.size)
        }
    }

    /// The paths of the files it holds, in the order they were compiled.
    public var names: [String] { entries.map(\.name) }

    public func document(_ name: String) throws(Corrupt) -> DataNode? {
        guard let e = entries.first(where: { $0.kind == .document && $0.name == name }) else { return nil }
        return try read(e.body) { r throws(Corrupt) in try r.node(depth: 0) }
    }

    /// The documents whose path starts with `folder/`, in the order they were compiled (sorted by name).
    public func documents(in folder: String) throws(Corrupt) -> [(name: String, node: DataNode)] {
        var out: [(name: String, node: DataNode)] = []
        for e in entries where e.kind == .document && e.name.hasPrefix(folder + "/") {
            out.append((e.name, try read(e.body) { r throws(Corrupt) in try r.node(depth: 0) }))
        }
        return out
    }

    /// The documents of `documents(in:)`, each decoded when its reader is called (so several
    /// threads can decode them at once).
    public func documentReaders(in folder: String) -> [(name: String, read: @Sendable () throws -> DataNode)] {
        entries.filter { $0.kind == .document && $0.name.hasPrefix(folder + "/") }.map { e in
            (e.name, { [self] in try read(e.body) { r throws(Corrupt) in try r.node(depth: 0) } })
        }
    }

    public func table(_ name: String) throws(Corrupt) -> [Row]? {
        guard let e = entries.first(where: { $0.kind == .table && $0.name == name }) else { return nil }
        return try read(e.body) { r throws(Corrupt) in try r.rows() }
    }

    private func read<T>(_ body: Range<Int>, _ decode: (inout Reader) throws(Corrupt) -> T) throws(Corrupt) -> T {
        switch storage {
        case .bytes(let bytes):
            var r = Reader(bytes: bytes, offset: body.lowerBound, end: body.upperBound)
            let value = try decode(&r)
            guard r.offset == body.upperBound else { throw Corrupt(offset: r.offset) }
            return value
        case .file(let file):
            let chunk = file.read(body)
            guard chunk.count == body.count else { throw Corrupt(offset: body.lowerBound + chunk.count) }
            var r = Reader(bytes: chunk)
            do throws(Corrupt) {
                let value = try decode(&r)
                guard r.offset == chunk.count else { throw Corrupt(offset: r.offset) }
                return value
            } catch {
                throw Corrupt(offset: body.lowerBound + error.offset)  // where in the file, not in the chunk
            }
        }
    }

    private struct Writer {
        var out: [UInt8] = []

        mutating func number(_ n: Int) {
            var v = UInt(n)
            repeat {
                let byte = UInt8(v & 0x7f)
                v >>= 7
                out.append(v == 0 ? byte : byte | 0x80)
            } while v != 0
        }

        mutating func string(_ s: String) {
            number(s.utf8.count)
            out += s.utf8
        }

        mutating func node(_ n: DataNode) {
            switch n {
            case .scalar(let s, let quoted, let line):
                out.append(quoted ? 1 : 0); number(line); string(s)
            case .mapping(let pairs, let line):
                out.append(2); number(line); number(pairs.count)
                for (k, v) in pairs { string(k); node(v) }
            case .sequence(let items, let line):
                out.append(3); number(line); number(items.count)
                for item in items { node(item) }
            }
        }

        mutating func rows(_ rows: [Row]) {
            number(rows.count)
            for row in rows {
                number(row.line); number(row.fields.count)
                for f in row.fields { string(f) }
            }
        }
    }

    /// Reads with every length checked against what is left, so a damaged file is an error, never a trap.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0
        var end: Int

        init(bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
            (self.bytes, self.offset, self.end) = (bytes, offset, end ?? bytes.count)
        }

        mutating func expectMagic() throws(Corrupt) {
            guard bytes.count >= CompiledData.magic.count, bytes[0..<CompiledData.magic.count].elementsEqual(CompiledData.magic) else {
                throw Corrupt(offset: 0)
            }
            offset = CompiledData.magic.count
        }

        mutating func byte() throws(Corrupt) -> UInt8 {
            guard offset < end else { throw Corrupt(offset: offset) }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func number() throws(Corrupt) -> Int {
            var value = 0, shift = 0
            while true {
                let b = try byte()
                guard shift < 56 else { throw Corrupt(offset: offset) }
                value |= Int(b & 0x7f) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
            }
        }

        /// A count of things that each take at least one byte: never more than the bytes left.
        mutating func count() throws(Corrupt) -> Int {
            let n = try number()
            guard n >= 0, n <= end - offset else { throw Corrupt(offset: offset) }
            return n
        }

        mutating func string() throws(Corrupt) -> String {
            let n = try count()
            let start = offset
            offset += n
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + n]), as: UTF8.self) }
        }

        mutating func node(depth: Int) throws(Corrupt) -> DataNode {
            guard depth < 200 else { throw Corrupt(offset: offset) }
            let kind = try byte()
            let line = try number()
            switch kind {
            case 0, 1:
                return .scalar(try string(), quoted: kind == 1, line: line)
            case 2:
                let n = try count()
                var pairs: [(key: String, value: DataNode)] = []
                pairs.reserveCapacity(n)
                for _ in 0..<n {
                    let key = try string()
                    pairs.append((key, try node(depth: depth + 1)))
                }
                return .mapping(pairs, line: line)
            case 3:
                let n = try count()
                var items: [DataNode] = []
                items.reserveCapacity(n)
                for _ in 0..<n { items.append(try node(depth: depth + 1)) }
                return .sequence(items, line: line)
            default:
                throw Corrupt(offset: offset - 1)
            }
        }

        mutating func rows() throws(Corrupt) -> [Row] {
            let rowCount = try count()
            var rows: [Row] = []
            rows.reserveCapacity(rowCount)
            for _ in 0..<rowCount {
                let line = try number()
                let fieldCount = try count()
                var fields: [String] = []
                fields.reserveCapacity(fieldCount)
                for _ in 0..<fieldCount { fields.append(try string()) }
                rows.append(Row(line: line, fields: fields))
            }
            return rows
        }
    }
}
