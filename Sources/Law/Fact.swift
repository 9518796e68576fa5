/// One slot of the legal system that statements give a value to, written as a path:
///
/// - `body/<body>`: the body or post exists (level, branch, head of)
/// - `formation/<body>/<field>`: how it is formed (method, by, on_proposal_of, with_consent_of, term_years …)
/// - `power/<holder>/<power>`: it holds a power
/// - `relation/<subject>/<type>/<object>[/<topic>]`: a relation between two bodies
/// - `procedure/<name>/<parameter>`: a number of a procedure (quorum, majority, deadline …)
/// - `principle/<id>`: a constitutional principle holds
/// - `unit/<level>/<field>`: a type of administrative-territorial unit (comprises, governed_by, created_by)
///
/// Two statements in force on one day that give one key different values disagree; the
/// resolution picks one the way lawyers do, or reports the conflict.
public typealias FactKey = String

/// What one statement says about one key. `value == nil` means the statement denies it
/// (a body abolished, a power withdrawn, a relation that no longer holds).
public struct Fact: Sendable {
    public var key: FactKey
    public var value: Value?
    /// Index of the statement's entry in the model.
    public var entry: Int
}

extension Statement {
    /// The keys this statement speaks of, with the value it gives each (nil: it denies it).
    public var factsAsserted: [(key: FactKey, value: Value?)] { facts(entry: 0).map { ($0.key, $0.value) } }

    /// The facts this statement asserts.
    func facts(entry: Int) -> [Fact] {
        switch content {
        case .establishes(let body, let levels, let branch, let headOf, let abolished):
            var m: [String: Value] = ["levels": .list(levels.map { .string($0) }), "branch": .string(branch)]
            if let headOf { m["head_of"] = .string(headOf) }
            return [Fact(key: "body/\(body)", value: abolished ? nil : .map(m), entry: entry)]
        case .formation(let body, let fields):
            return fields.keys.sorted().map { Fact(key: "formation/\(body)/\($0)", value: fields[$0]!, entry: entry) }
        case .power(let holder, let power, let held, let jointly):
            var m: [String: Value] = [:]
            if !jointly.isEmpty { m["jointly_with"] = .list(jointly.map { .string($0) }) }
            return [Fact(key: "power/\(holder)/\(power)", value: held ? .map(m) : nil, entry: entry)]
        case .relation(let subject, let type, let object, let about, let holds, let frequency):
            var m: [String: Value] = [:]
            if let frequency { m["frequency"] = .string(frequency) }
            let key = "relation/\(subject)/\(type)/\(object)" + (about.map { "/\($0)" } ?? "")
            return [Fact(key: key, value: holds ? .map(m) : nil, entry: entry)]
        case .procedure(let name, let params):
            return params.keys.sorted().map { Fact(key: "procedure/\(name)/\($0)", value: params[$0]!, entry: entry) }
        case .principle(let id, let holds):
            return [Fact(key: "principle/\(id)", value: holds ? .bool(true) : nil, entry: entry)]
        case .unit(let level, let fields):
            return fields.keys.sorted().map { Fact(key: "unit/\(level)/\($0)", value: fields[$0]!, entry: entry) }
        case .repeal:
            return []
        }
    }
}

/// The parts of a fact key.
public struct FactPath: Sendable {
    public var parts: [Substring]
    public init(_ key: FactKey) { parts = key.split(separator: "/") }
    public var kind: Substring { parts.first ?? "" }
    /// The body the fact is about (the holder, subject, or formed body); nil for procedures and principles.
    public var body: String? {
        switch kind {
        case "body", "formation", "power", "relation": parts.count > 1 ? String(parts[1]) : nil
        default: nil
        }
    }
}
