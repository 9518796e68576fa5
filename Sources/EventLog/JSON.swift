/// A JSON value, as stored in an event's `data` and in a backup line.
///
/// Written in one canonical form (keys sorted, no spaces), so an event's data reads back and
/// exports byte for byte as it was appended, whichever store holds it.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// The canonical text: keys sorted by their UTF-8 bytes, no insignificant whitespace.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    public func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .string(let s): JSON.writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, key) in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if i > 0 { out += "," }
                JSON.writeString(key, to: &out)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    public subscript(key: String) -> JSON? {
        if case .object(let m) = self { return m[key] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var intValue: Int64? { if case .int(let n) = self { n } else { nil } }
}

/// JSON text that cannot be read: where and what.
public struct JSONError: Error, Sendable, CustomStringConvertible {
    /// Byte offset in the text.
    public var offset: Int
    public var message: String
    public var description: String { "at character \(offset + 1): \(message)" }
    @inlinable public init(offset: Int, message: String) { (self.offset, self.message) = (offset, message) }
}

/// A tree JSON text can be read into: the log's own ``JSON``, or a caller's value type (a
/// procedure's fields), read straight from the text with no JSON tree made and copied on the way.
public protocol JSONReadable {
    /// The value of `null`; nil where the type has none (the text is then refused at the null).
    static var jsonNull: Self? { get }
    static func jsonBool(_ b: Bool) -> Self
    static func jsonInt(_ n: Int64) -> Self
    static func jsonString(_ s: String) -> Self
    static func jsonArray(_ items: [Self]) -> Self
    static func jsonObject(_ members: [String: Self]) -> Self
}

extension JSON: JSONReadable {
    public static var jsonNull: JSON? { .null }
    public static func jsonBool(_ b: Bool) -> JSON { .bool(b) }
    public static func jsonInt(_ n: Int64) -> JSON { .int(n) }
    public static func jsonString(_ s: String) -> JSON { .string(s) }
    public static func jsonArray(_ items: [JSON]) -> JSON { .array(items) }
    public static func jsonObject(_ members: [String: JSON]) -> JSON { .object(members) }
}

extension JSON {
    /// Parses JSON text. Numbers must be integers (Aimak's data has no fractions).
    public init(parsing text: String) throws(JSONError) {
        self = try JSONParser<JSON>.parse(text) { p throws(JSONError) in try p.value(depth: 0) }
    }
}

extension JSONReadable {
    /// The members of a JSON object's text, as this type; nil if the text is JSON but not an object.
    @inlinable
    public static func members(parsing text: String) throws(JSONError) -> [String: Self]? {
        try JSONParser<Self>.parse(text) { p throws(JSONError) in
            guard p.i < p.bytes.count, p.bytes[p.i] == UInt8(ascii: "{") else {
                _ = try p.value(depth: 0)
                return nil
            }
            return try p.object(depth: 0)
        }
    }
}

// The parser is generic and inlinable so that each tree type gets its own specialized copy
// (procedure fields are read for every event of a rebuild).
@usableFromInline
struct JSONParser<Tree: JSONReadable> {
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline var i = 0

    @inlinable init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses the whole text with `body`; only space may follow what it reads.
    @inlinable
    static func parse<T>(_ text: String, _ body: (inout JSONParser) throws(JSONError) -> T) throws(JSONError) -> T {
        // Read in place from the string's own UTF-8 storage: no copy of every stored event's text.
        var text = text
        let result: Result<T, JSONError> = text.withUTF8 { bytes in
            var parser = JSONParser(bytes: bytes)
            do throws(JSONError) {
                parser.skipSpace()
                let value = try body(&parser)
                parser.skipSpace()
                if parser.i != parser.bytes.count { throw JSONError(offset: parser.i, message: "unexpected text after the value") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    @inlinable func fail(_ message: String) -> JSONError { JSONError(offset: i, message: message) }

    @inlinable mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    @inlinable mutating func literal(_ word: StaticString, _ value: Tree?) throws(JSONError) -> Tree {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count, (0..<n).allSatisfy({ bytes[i + $0] == word.utf8Start[$0] }) else { throw fail("expected a value") }
        guard let value else { throw fail("null is not allowed here") }
        i += n
        return value
    }

    /// An object's members; `i` is at its opening brace.
    @inlinable mutating func object(depth: Int) throws(JSONError) -> [String: Tree] {
        guard depth < 64 else { throw fail("nested too deeply") }
        i += 1
        var members: [String: Tree] = [:]
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return members }
        // Room for the few fields an event has, allocated once instead of grown key by key.
        members.reserveCapacity(4)
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key in quotes") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after the key \"\(key)\"") }
            i += 1
            skipSpace()
            let valueStart = i
            // One hash of the key: stored, and refused if it was there already.
            if members.updateValue(try value(depth: depth + 1), forKey: key) != nil {
                throw JSONError(offset: valueStart, message: "the key \"\(key)\" appears twice")
            }
            skipSpace()
            guard i < bytes.count else { throw fail("the object is not closed") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return members }
            throw fail("expected ',' or '}'")
        }
    }

    @inlinable mutating func value(depth: Int) throws(JSONError) -> Tree {
        guard depth < 64 else { throw fail("nested too deeply") }
        guard i < bytes.count else { throw fail("the text ends where a value was expected") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            return .jsonObject(try object(depth: depth))
        case UInt8(ascii: "["):
            i += 1
            var items: [Tree] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .jsonArray(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw fail("the list is not closed") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .jsonArray(items) }
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "\""): return .jsonString(try string())
        case UInt8(ascii: "t"): return try literal("true", .jsonBool(true))
        case UInt8(ascii: "f"): return try literal("false", .jsonBool(false))
        case UInt8(ascii: "n"): return try literal("null", Tree.jsonNull)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                throw fail("only whole numbers are allowed")
            }
            // Digits summed with overflow checks: no text made for each number.
            let negative = bytes[start] == UInt8(ascii: "-")
            var n: Int64 = 0
            var overflow = i == start + (negative ? 1 : 0)
            for b in bytes[(start + (negative ? 1 : 0))..<i] where !overflow {
                let (times10, o1) = n.multipliedReportingOverflow(by: 10)
                let (sum, o2) = negative ? times10.subtractingReportingOverflow(Int64(b - 0x30)) : times10.addingReportingOverflow(Int64(b - 0x30))
                (n, overflow) = (sum, o1 || o2)
            }
            guard !overflow else {
                i = start
                throw fail("not a number, or out of range")
            }
            return .jsonInt(n)
        default:
            throw fail("expected a value")
        }
    }

    @inlinable mutating func string() throws(JSONError) -> String {
        i += 1  // opening quote
        // Most strings have no escape: made straight from the bytes between the quotes.
        var end = i
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            defer { i = end + 1 }
            return String(decoding: bytes[i..<end], as: UTF8.self)
        }
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw fail("a control character inside a string") }
            if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail("a lone surrogate in \\u escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("a bad surrogate pair") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw fail("a bad \\u escape") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw fail("a bad escape in a string")
            }
        }
        throw fail("the string is not closed")
    }

    @inlinable mutating func hex4() throws(JSONError) -> UInt32 {
        guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else {
            throw fail("a bad \\u escape")
        }
        i += 4
        return v
    }
}
