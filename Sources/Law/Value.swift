/// The value a statement gives to one fact: a small JSON-like tree, so new kinds of numbers in a
/// procedure (a quorum, a deadline) are data, not Swift.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case string(String)
    case list([Value])
    case map([String: Value])

    public var description: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .int(let n): return String(n)
        case .string(let s): return s
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.keys.sorted().map { "\($0): \(m[$0]!.description)" }.joined(separator: ", ") + "}"
        }
    }

    public subscript(key: String) -> Value? {
        if case .map(let m) = self { return m[key] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var intValue: Int? { if case .int(let n) = self { return n } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var listValue: [Value]? { if case .list(let l) = self { return l } else { return nil } }

    /// True when every field present in `expected` is equal here (lists compare as sets of
    /// strings when both sides are lists of names). Used by the scenario runner.
    public func matches(_ expected: Value) -> Bool {
        switch (self, expected) {
        case (.map(let mine), .map(let theirs)):
            return theirs.allSatisfy { key, value in mine[key].map { $0.matches(value) } ?? false }
        case (.list(let mine), .list(let theirs)):
            return Set(mine.map(\.description)) == Set(theirs.map(\.description))
        case (.list(let mine), .string(let s)) where mine.count == 1:
            return mine[0] == .string(s)
        case (.int(let n), .string(let s)), (.string(let s), .int(let n)):
            return String(n) == s
        case (.bool(let b), .string(let s)), (.string(let s), .bool(let b)):
            return (b ? "true" : "false") == s
        default:
            return self == expected
        }
    }

    /// Plain data for JSON encoding.
    public var jsonObject: Any {
        switch self {
        case .bool(let b): return b
        case .int(let n): return n
        case .string(let s): return s
        case .list(let l): return l.map(\.jsonObject)
        case .map(let m): return m.mapValues(\.jsonObject)
        }
    }
}

extension Value: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Int.self) { self = .int(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let l = try? c.decode([Value].self) { self = .list(l) }
        else { self = .map(try c.decode([String: Value].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .bool(let b): try c.encode(b)
        case .int(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .list(let l): try c.encode(l)
        case .map(let m): try c.encode(m)
        }
    }
}

extension DataNode {
    /// The node as a plain value (scalars that look like whole numbers or booleans become so).
    public var plainValue: Value {
        switch self {
        case .scalar(let s, let quoted, _):
            if !quoted, let n = Int(s) { return .int(n) }
            if !quoted, s == "true" || s == "false" { return .bool(s == "true") }
            return .string(s)
        case .sequence(let items, _): return .list(items.map(\.plainValue))
        case .mapping(let pairs, _):
            var m: [String: Value] = [:]
            for (k, v) in pairs { m[k] = v.plainValue }
            return .map(m)
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
