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
///     file     = magic documents tables
///     magic    = "AIMAK-COMPILED-DATA/1\n"
///     document = string(name) node
///     node     = 0 line string | 1 line string (quoted) | 2 line count (string node)* | 3 line count node*
///     table    = string(name) count row*      row = line count string*
///     string   = count utf8-bytes;  line, count = unsigned LEB128
public struct CompiledData: Sendable {
    /// A record of a table: the line of the file it starts on and its fields.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
        public init(line: Int, fields: [String]) { (self.line, self.fields) = (line, fields) }
    }

    /// YAML documents by their path in the law folder (`vocabulary.yaml`, `sources/2008-law-99.yaml` …).
    public var documents: [(name: String, node: DataNode)]
    /// CSV tables by their path in the law folder (`territory/kg-territory.csv`).
    public var tables: [(name: String, rows: [Row])]

    public init(documents: [(name: String, node: DataNode)] = [], tables: [(name: String, rows: [Row])] = []) {
        (self.documents, self.tables) = (documents, tables)
    }

    public func document(_ name: String) -> DataNode? { documents.first { $0.name == name }?.node }
    public func table(_ name: String) -> [Row]? { tables.first { $0.name == name }?.rows }

    /// The documents whose path starts with `folder/`, in the order they were compiled (sorted by name).
    public func documents(in folder: String) -> [(name: String, node: DataNode)] {
        documents.filter { $0.name.hasPrefix(folder + "/") }
    }

    static let magic = Array("AIMAK-COMPILED-DATA/1\n".utf8)

    /// Why a compiled file could not be read: it was cut short or written by another version.
    public struct Corrupt: Error, CustomStringConvertible {
        public var offset: Int
        public var description: String { "the compiled law data is damaged or from another version of Aimak (at byte \(offset)): rebuild" }
    }

    // MARK: Writing

    public func encoded() -> [UInt8] {
        var out = Self.magic
        func number(_ n: Int) {
            var v = UInt(n)
            repeat {
                let byte = UInt8(v & 0x7f)
                v >>= 7
                out.append(v == 0 ? byte : byte | 0x80)
            } while v != 0
        }
        func string(_ s: String) {
            let bytes = Array(s.utf8)
            number(bytes.count)
            out += bytes
        }
        func node(_ n: DataNode) {
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
        number(documents.count)
        for (name, root) in documents { string(name); node(root) }
        number(tables.count)
        for (name, rows) in tables {
            string(name); number(rows.count)
            for row in rows {
                number(row.line); number(row.fields.count)
                for f in row.fields { string(f) }
            }
        }
        return out
    }

    // MARK: Reading

    public init(decoding bytes: [UInt8]) throws(Corrupt) {
        var reader = Reader(bytes: bytes)
        try reader.expectMagic()
        var documents: [(name: String, node: DataNode)] = []
        let documentCount = try reader.count()
        documents.reserveCapacity(documentCount)
        for _ in 0..<documentCount {
            let name = try reader.string()
            documents.append((name, try reader.node(depth: 0)))
        }
        var tables: [(name: String, rows: [Row])] = []
        for _ in 0..<(try reader.count()) {
            let name = try reader.string()
            let rowCount = try reader.count()
            var rows: [Row] = []
            rows.reserveCapacity(rowCount)
            for _ in 0..<rowCount {
                let line = try reader.number()
                let fieldCount = try reader.count()
                var fields: [String] = []
                fields.reserveCapacity(fieldCount)
                for _ in 0..<fieldCount { fields.append(try reader.string()) }
                rows.append(Row(line: line, fields: fields))
            }
            tables.append((name, rows))
        }
        guard reader.offset == bytes.count else { throw Corrupt(offset: reader.offset) }
        self.init(documents: documents, tables: tables)
    }

    /// Reads with every length checked against what is left, so a damaged file is an error, never a trap.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func expectMagic() throws(Corrupt) {
            guard bytes.count >= CompiledData.magic.count, bytes[0..<CompiledData.magic.count].elementsEqual(CompiledData.magic) else {
                throw Corrupt(offset: 0)
            }
            offset = CompiledData.magic.count
        }

        mutating func byte() throws(Corrupt) -> UInt8 {
            guard offset < bytes.count else { throw Corrupt(offset: offset) }
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
            guard n <= bytes.count - offset else { throw Corrupt(offset: offset) }
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
    }
}
