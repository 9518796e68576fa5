import Law
import WorkingDays

/// A change of the administrative-territorial structure, effective on a day, with its legal basis:
/// what a ministry's territorial office records so that the registry stays true between releases.
///
/// A change closes the versions it ends on the day before it takes effect and opens new versions on
/// that day, so the registry at a date is the bundled file plus every change recorded up to it. A
/// change that would break a rule of the file (a parent that does not exist then, a code valid twice
/// at once, a cycle) is refused and nothing is applied.
public struct TerritorialChange: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A new unit (`unit`).
        case create
        /// New names for a unit (`code`, `names`: only the languages given change).
        case rename
        /// A new type (status) for a unit, e.g. a town becoming a city of district significance (`code`, `type`).
        case changeType = "change-type"
        /// A new parent for a unit (`code`, `parent`).
        case changeParent = "change-parent"
        /// A unit ends (`code`).
        case abolish
        /// Several units end and one new unit takes their place; their children move to it (`codes`, `unit`).
        case merge
        /// One unit ends and several new units take its place (`code`, `units`); children named in `moves` go to the new units.
        case split
    }

    /// A unit a change creates.
    public struct NewUnit: Sendable, Codable, Equatable {
        public var code: String
        public var type: String
        /// Names by language code (`ky`, `ru`, `en`); at least one.
        public var names: [String: String]
        public var parent: String?
        public var adminCenter: String?

        public init(code: String, type: String, names: [String: String], parent: String? = nil, adminCenter: String? = nil) {
            (self.code, self.type, self.names, self.parent, self.adminCenter) = (code, type, names, parent, adminCenter)
        }

        enum CodingKeys: String, CodingKey { case code, type, names, parent, adminCenter = "admin_center" }
    }

    public var kind: Kind
    /// The first day the change is in force (YYYY-MM-DD).
    public var effective: String
    /// The legal basis: the act (an Akoma Ntoso id such as /akn/kg/act/2024/150, or its name and number).
    public var basis: String
    /// Where the act can be read.
    public var url: String?
    public var code: String?
    public var codes: [String]?
    public var names: [String: String]?
    public var type: String?
    public var parent: String?
    public var unit: NewUnit?
    public var units: [NewUnit]?
    /// Children moved by a split: child code → the new unit it now belongs to.
    public var moves: [String: String]?

    public init(kind: Kind, effective: String, basis: String, url: String? = nil, code: String? = nil, codes: [String]? = nil,
                names: [String: String]? = nil, type: String? = nil, parent: String? = nil, unit: NewUnit? = nil, units: [NewUnit]? = nil,
                moves: [String: String]? = nil) {
        (self.kind, self.effective, self.basis, self.url, self.code, self.codes, self.names) = (kind, effective, basis, url, code, codes, names)
        (self.type, self.parent, self.unit, self.units, self.moves) = (type, parent, unit, units, moves)
    }

    /// Every field a change may have (a file or a request with another is refused, not half-read).
    public static let fields: Set<String> = ["kind", "effective", "basis", "url", "code", "codes", "names", "type", "parent", "unit", "units", "moves"]

    /// The fields each kind needs, and those it may not carry.
    static let required: [Kind: Set<String>] = [
        .create: ["unit"], .rename: ["code", "names"], .changeType: ["code", "type"], .changeParent: ["code", "parent"],
        .abolish: ["code"], .merge: ["codes", "unit"], .split: ["code", "units"],
    ]
    static let allowed: [Kind: Set<String>] = [
        .create: ["unit"], .rename: ["code", "names"], .changeType: ["code", "type"], .changeParent: ["code", "parent"],
        .abolish: ["code"], .merge: ["codes", "unit"], .split: ["code", "units", "moves"],
    ]

    var given: Set<String> {
        var s = Set<String>()
        if code != nil { s.insert("code") }
        if codes != nil { s.insert("codes") }
        if names != nil { s.insert("names") }
        if type != nil { s.insert("type") }
        if parent != nil { s.insert("parent") }
        if unit != nil { s.insert("unit") }
        if units != nil { s.insert("units") }
        if moves != nil { s.insert("moves") }
        return s
    }
}

/// Why a territorial change is refused.
public struct TerritorialChangeError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension TerritorialRegistry {
    /// The registry with a change applied, validated by the rules of the file; refused whole otherwise.
    public func applying(_ change: TerritorialChange) throws(TerritorialChangeError) -> TerritorialRegistry {
        guard let day = Day(iso: change.effective) else {
            throw TerritorialChangeError("'\(change.effective.prefix(40))' is not a date: the change takes effect on YYYY-MM-DD")
        }
        guard day > earliestDate else {
            throw TerritorialChangeError("a change must take effect after \(earliestDate), the earliest date the dataset states")
        }
        let basis = change.basis.trimmingSpaces
        guard !basis.isEmpty, basis.count <= 300 else { throw TerritorialChangeError("a change needs its legal basis (the act; at most 300 characters)") }
        // Bounds on what a request may carry: no act's link, seat name or list of units is longer.
        if let url = change.url, url.count > 500 { throw TerritorialChangeError("the act's link is at most 500 characters") }
        if (change.codes?.count ?? 0) > 100 || (change.units?.count ?? 0) > 100 || (change.moves?.count ?? 0) > 10_000 {
            throw TerritorialChangeError("a change names at most 100 units and moves at most 10000")
        }
        if (change.unit.map { [$0] } ?? []).contains(where: { ($0.adminCenter?.count ?? 0) > 200 }) || (change.units ?? []).contains(where: { ($0.adminCenter?.count ?? 0) > 200 }) {
            throw TerritorialChangeError("a seat's name is at most 200 characters")
        }
        let given = change.given
        if let missing = TerritorialChange.required[change.kind]!.subtracting(given).sorted().first {
            throw TerritorialChangeError("a '\(change.kind.rawValue)' change needs '\(missing)'")
        }
        if let extra = given.subtracting(TerritorialChange.allowed[change.kind]!).sorted().first {
            throw TerritorialChangeError("a '\(change.kind.rawValue)' change does not take '\(extra)'")
        }
        let dayBefore = LegalDate(exact: day.adding(days: -1))
        let from = LegalDate(exact: day)
        var list = units
        let sources = [basis]

        // The version of `code` in force on the day, certainly (a version whose dates are only
        // known to the year cannot be cut at a day).
        func current(_ code: String) throws(TerritorialChangeError) -> Int {
            guard versions[code] != nil else { throw TerritorialChangeError("no unit with code \(code)") }
            guard let i = (versions[code] ?? []).first(where: { list[$0].existence(on: day) != nil }) else {
                throw TerritorialChangeError("unit \(code) does not exist on \(day)")
            }
            // Changes are recorded in the order they take effect: a later version already recorded
            // would otherwise be cut off silently.
            if let later = (versions[code] ?? []).compactMap({ list[$0].validFrom }).first(where: { $0.earliest > day }) {
                throw TerritorialChangeError("unit \(code) already has a version from \(later.written): record changes of a unit in the order they take effect")
            }
            if let start = list[i].validFrom, start.latest >= day {
                throw TerritorialChangeError("unit \(code) begins on \(start.written), not before \(day): a change cannot end it then")
            }
            // An end known only to the year (the file's "by the end of 2024") is made exact by the
            // change's act; an uncertain start is not (the unit might not exist yet).
            if let start = list[i].validFrom, !start.isExact, day <= start.latest {
                throw TerritorialChangeError("unit \(code) begins in \(start.written): its start is not known to the day, so a change on \(day) cannot follow it")
            }
            return i
        }
        func close(_ i: Int) { list[i].validTo = dayBefore }
        func successor(_ i: Int, _ edit: (inout TerritorialUnit) throws(TerritorialChangeError) -> Void) throws(TerritorialChangeError) {
            var next = list[i]
            next.validFrom = from
            next.sources = sources
            next.notes = change.url.map { "\(basis) \($0)" } ?? basis
            next.line = 0
            try edit(&next)
            close(i)
            list.append(next)
        }
        func names(_ given: [String: String]) throws(TerritorialChangeError) -> [Language: String] {
            var out: [Language: String] = [:]
            for (k, v) in given {
                guard let l = Language(rawValue: k) else { throw TerritorialChangeError("'\(k)' is not a language of the registry (ky, ru, en)") }
                let n = v.trimmingSpaces
                guard !n.isEmpty, n.count <= 200 else { throw TerritorialChangeError("a name is 1-200 characters") }
                // A name is shown on pages, in exports and on terminals: no control characters (a bell, an escape).
                guard !n.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
                    throw TerritorialChangeError("a name may not hold control characters")
                }
                out[l] = n
            }
            return out
        }
        func unitType(_ raw: String) throws(TerritorialChangeError) -> UnitType {
            guard let t = UnitType(rawValue: raw) else {
                throw TerritorialChangeError("unknown type '\(raw.prefix(40))' (\(UnitType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return t
        }
        func create(_ u: TerritorialChange.NewUnit) throws(TerritorialChangeError) {
            guard Self.isCode(u.code) else { throw TerritorialChangeError("'\(u.code.prefix(40))' is not a 14-digit СОАТЕ code starting with 417") }
            if (versions[u.code] ?? []).contains(where: { list[$0].existence(on: day) != nil }) || list.contains(where: { $0.code == u.code && $0.line == 0 && $0.existence(on: day) != nil }) {
                throw TerritorialChangeError("code \(u.code) is already in use on \(day)")
            }
            let n = try names(u.names)
            guard !n.isEmpty else { throw TerritorialChangeError("a new unit needs a name in at least one language") }
            if let p = u.parent, !Self.isCode(p) { throw TerritorialChangeError("'\(p.prefix(40))' is not a 14-digit СОАТЕ code") }
            list.append(TerritorialUnit(code: u.code, iso3166: nil, type: try unitType(u.type), names: n, parentCode: u.parent,
                                        adminCenter: u.adminCenter?.trimmingSpaces, validFrom: from, validTo: nil, sources: sources,
                                        notes: change.url.map { "\(basis) \($0)" } ?? basis, line: 0))
        }
        // Units whose version in force on the day has `code` as its parent.
        func childrenInForce(of code: String) -> [String] {
            Set((children[code] ?? []).map { units[$0].code }).sorted().filter { c in
                (versions[c] ?? []).contains { list[$0].existence(on: day) != nil && list[$0].parentCode == code }
            }
        }
        // Children of `code` in force on the day, moved to a new parent.
        func move(childrenOf code: String, to newParent: (String) -> String?) throws(TerritorialChangeError) {
            for c in childrenInForce(of: code) {
                guard let target = newParent(c), let i = (versions[c] ?? []).first(where: { list[$0].existence(on: day) != nil }) else { continue }
                try successor(i) { (u: inout TerritorialUnit) throws(TerritorialChangeError) in u.parentCode = target }
            }
        }

        switch change.kind {
        case .create:
            try create(change.unit!)
        case .rename:
            let n = try names(change.names!)
            guard !n.isEmpty else { throw TerritorialChangeError("a rename needs at least one new name") }
            try successor(try current(change.code!)) { (u: inout TerritorialUnit) throws(TerritorialChangeError) in u.names.merge(n) { $1 } }
        case .changeType:
            let t = try unitType(change.type!)
            try successor(try current(change.code!)) { (u: inout TerritorialUnit) throws(TerritorialChangeError) in
                guard u.type != t else { throw TerritorialChangeError("unit \(u.code) is already a \(t.rawValue)") }
                u.type = t
            }
        case .changeParent:
            let p = change.parent!
            guard Self.isCode(p) else { throw TerritorialChangeError("'\(p.prefix(40))' is not a 14-digit СОАТЕ code") }
            try successor(try current(change.code!)) { (u: inout TerritorialUnit) throws(TerritorialChangeError) in
                guard u.parentCode != p else { throw TerritorialChangeError("unit \(u.code) is already part of \(p)") }
                u.parentCode = p
            }
        case .abolish:
            let i = try current(change.code!)
            let kids = childrenInForce(of: change.code!)
            guard kids.isEmpty else {
                throw TerritorialChangeError("unit \(change.code!) still has \(kids.count) units within it on \(day) (\(kids.prefix(3).joined(separator: ", "))…): move or abolish them first, or record a merge")
            }
            close(i)
        case .merge:
            let old = change.codes!
            guard old.count >= 2, Set(old).count == old.count else { throw TerritorialChangeError("a merge joins two or more different units") }
            let indices = try old.map { (c: String) throws(TerritorialChangeError) -> Int in try current(c) }
            try create(change.unit!)
            for i in indices { close(i) }
            for c in old { try move(childrenOf: c) { _ in change.unit!.code } }
        case .split:
            let i = try current(change.code!)
            let new = change.units!
            guard new.count >= 2 else { throw TerritorialChangeError("a split makes two or more units") }
            for u in new { try create(u) }
            close(i)
            let targets = Set(new.map(\.code))
            let kids = Set(childrenInForce(of: change.code!))
            for (child, target) in change.moves ?? [:] {
                guard targets.contains(target) else { throw TerritorialChangeError("\(child) is moved to \(target), which is not one of the units the split makes") }
                guard kids.contains(child) else { throw TerritorialChangeError("\(child) is not within \(change.code!) on \(day): only its units can be moved") }
            }
            if let left = kids.subtracting((change.moves ?? [:]).keys).sorted().first {
                throw TerritorialChangeError("\(left) is within \(change.code!) on \(day): say in 'moves' which new unit each of its \(kids.count) units goes to")
            }
            try move(childrenOf: change.code!) { change.moves?[$0] }
        }
        let result: TerritorialRegistry
        do { result = try TerritorialRegistry(units: list, file: "change") } catch {
            throw TerritorialChangeError("the change would break a rule of the registry: " + error.errors.map(\.rule).joined(separator: "; "))
        }
        // The file's cycle rule follows each code's last parent; a change takes effect on a day, so
        // the parents are followed as they are on that day and on every later day a version starts.
        let days = Set([day] + result.units.compactMap { $0.validFrom?.latest }.filter { $0 > day }).sorted()
        for d in days {
            for (u, _) in result.units(on: d) where u.parentCode != nil {
                var seen: Set<String> = [u.code]
                var p = u.parentCode
                while let code = p, let parent = result.unit(code, on: d)?.0 {
                    guard seen.insert(code).inserted else {
                        throw TerritorialChangeError("the change would make \(u.code) a unit within itself on \(d) (a cycle of parents)")
                    }
                    p = parent.parentCode
                }
            }
        }
        return result
    }

    /// The registry with every change applied in order; the first refused change stops it.
    public func applying(_ changes: [TerritorialChange]) throws(TerritorialChangeError) -> TerritorialRegistry {
        var r = self
        for (n, c) in changes.enumerated() {
            do { r = try r.applying(c) } catch { throw TerritorialChangeError("change \(n + 1) (\(c.kind.rawValue), \(c.effective)): \(error.message)") }
        }
        return r
    }
}

extension LegalDate {
    /// A day known exactly.
    public init(exact day: Day) { self.init(earliest: day, latest: day, written: day.description) }
}
