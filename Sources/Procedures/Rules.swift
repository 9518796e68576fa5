import Law
import WorkingDays

/// Where a rule or a step comes from.
public enum Basis: Sendable, Equatable {
    /// A statement of the legal model (index of its entry).
    case law(Int)
    /// The working-day calendar.
    case calendar
    /// The law in the data says nothing about it.
    case silent
    /// The law deals with it, but its value is not in the data ("unknown").
    case unknown(Int)
    /// Aimak's own reading, stated as such.
    case inference(String)
}

/// One rule of a procedure as read from the law on the procedure's date.
public enum Rule<T: Sendable>: Sendable {
    case given(T, Basis)
    /// The data says the law has a value but it was not read.
    case unknown(Basis)
    /// No statement in force speaks of it.
    case silent

    public var value: T? { if case .given(let v, _) = self { return v } else { return nil } }
    public var basis: Basis {
        switch self {
        case .given(_, let b), .unknown(let b): b
        case .silent: .silent
        }
    }
}

/// A quorum or a majority: "at least 2/3" or "more than 1/2" of a base.
public struct Threshold: Sendable, Equatable {
    public enum Base: String, Sendable { case totalSeats = "total-seats", present, elected, unstated }
    public var strict: Bool
    public var numerator: Int
    public var denominator: Int
    public var base: Base

    /// Reads `{at_least: 2/3, of: total-seats}` or `{more_than: 1/2, of: present}`.
    public init?(_ value: Value) {
        let strict: Bool
        let fraction: String
        if let f = value["more_than"]?.description { strict = true; fraction = f }
        else if let f = value["at_least"]?.description { strict = false; fraction = f }
        else { return nil }
        let parts = fraction.split(separator: "/")
        guard parts.count == 2, let n = Int(parts[0]), let d = Int(parts[1]), d > 0,
              let b = value["of"]?.stringValue.flatMap(Base.init(rawValue:)) else { return nil }
        (self.strict, numerator, denominator, base) = (strict, n, d, b)
    }

    /// The base count for a sitting, or nil when the law does not say which base it is.
    public func baseCount(seats: Int, present: Int, elected: Int?) -> Int? {
        switch base {
        case .totalSeats: seats
        case .present: present
        case .elected: elected
        case .unstated: nil
        }
    }

    /// The smallest count that meets the threshold for a base (integer arithmetic, no rounding doubt).
    public func minimum(of base: Int) -> Int {
        // at least n/d: smallest k with k*d >= n*base; more than: k*d > n*base.
        // Checked: numbers from law data or events must never trap; an overflowing product is a
        // threshold no count can reach.
        let (product, overflow) = numerator.multipliedReportingOverflow(by: base)
        guard !overflow, product <= Int.max - denominator, denominator > 0 else { return Int.max }
        return strict ? product / denominator + 1 : (product + denominator - 1) / denominator
    }

    public func isMet(_ count: Int, of base: Int) -> Bool { count >= minimum(of: base) }
}

/// Reads a procedure's rules from the law in force on one day, each with its basis.
public struct RuleReader: Sendable {
    public let system: SystemAtDate

    public init(system: SystemAtDate) { self.system = system }

    /// The raw rule for a fact key. "unknown" values become `.unknown`.
    public func value(_ key: FactKey) -> Rule<Value> {
        guard let f = system.facts[key], let v = f.value else { return .silent }
        if v == .string("unknown") { return .unknown(.unknown(f.entry)) }
        return .given(v, .law(f.entry))
    }

    public func names(_ key: FactKey) -> Rule<[String]> {
        switch value(key) {
        case .given(let v, let b):
            switch v {
            case .list(let l): return .given(l.map(\.description), b)
            default: return .given([v.description], b)
            }
        case .unknown(let b): return .unknown(b)
        case .silent: return .silent
        }
    }

    public func name(_ key: FactKey) -> Rule<String> {
        switch names(key) {
        case .given(let l, let b): return l.first.map { .given($0, b) } ?? .silent
        case .unknown(let b): return .unknown(b)
        case .silent: return .silent
        }
    }

    public func int(_ key: FactKey) -> Rule<Int> {
        switch value(key) {
        case .given(let v, let b): return v.intValue.map { .given($0, b) } ?? .silent
        case .unknown(let b): return .unknown(b)
        case .silent: return .silent
        }
    }

    public func threshold(_ key: FactKey) -> Rule<Threshold> {
        switch value(key) {
        case .given(let v, let b): return Threshold(v).map { .given($0, b) } ?? .silent
        case .unknown(let b): return .unknown(b)
        case .silent: return .silent
        }
    }

    /// `{within: 20, unit: working-days, actor: …, acts: …}`.
    public func deadline(_ key: FactKey) -> Rule<LegalDeadline> {
        switch value(key) {
        case .given(let v, let b):
            guard let n = v["within"]?.intValue else { return .silent }
            let unit = v["unit"]?.stringValue ?? "calendar-days"
            return .given(LegalDeadline(within: n, workingDays: unit == "working-days", actor: v["actor"]?.stringValue,
                                        acts: v["acts"]?.stringValue), b)
        case .unknown(let b): return .unknown(b)
        case .silent: return .silent
        }
    }

    /// Whether a body or post exists on the day.
    public func exists(_ body: String) -> Bool { system.facts["body/\(body)"]?.value != nil }

    /// Relations of one type in force, as (subject, object, topic, entry).
    public func relations(_ type: String) -> [(subject: String, object: String, topic: String?, entry: Int)] {
        system.present.compactMap { f in
            let p = f.key.split(separator: "/").map(String.init)
            guard p.count >= 4, p[0] == "relation", p[2] == type else { return nil }
            return (p[1], p[3], p.count > 4 ? p[4] : nil, f.entry)
        }.sorted { ($0.subject, $0.object) < ($1.subject, $1.object) }
    }
}

/// A deadline as the law states it.
public struct LegalDeadline: Sendable, Equatable {
    public var within: Int
    public var workingDays: Bool
    public var actor: String?
    public var acts: String?
}
