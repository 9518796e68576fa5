import Law
import WorkingDays

/// A problem in the territorial data file, naming the line and column.
public struct TerritoryError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var field: String
    public var rule: String
    public var description: String { "\(file):\(line) [\(field)]: \(rule)" }
}

/// All the problems of one file: nothing is loaded when there is any.
public struct TerritoryErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [TerritoryError]
    public var description: String { "\(errors.count) error(s):\n" + errors.map(\.description).joined(separator: "\n") }
}

/// The administrative-territorial units of the Kyrgyz Republic with their history.
///
/// Loading checks every rule and refuses the file as a whole when one fails: a malformed СОАТЕ code,
/// an unknown type, a malformed or reversed date, two versions of one code valid at once, the same
/// (code, valid from) twice, a parent code not in the file or not existing when its child starts,
/// a cycle of parents. Dates given only as a year or month are ranges: a day inside one answers
/// "uncertain", never a guess.
public struct TerritorialRegistry: Sendable {
    public let units: [TerritorialUnit]
    /// Versions of each code, oldest first.
    public let versions: [String: [Int]]
    /// Children (all versions) of each code.
    public let children: [String: [Int]]
    /// Every code, sorted: the order units are listed in.
    public let codes: [String]
    /// The earliest date the dataset states; a question about an earlier day is refused.
    public let earliestDate: Day
    /// Empty `valid_from` means "existed before the period the dataset covers" (README §1): before this
    /// day, the existence of such units is assumed, not recorded.
    public static let coverageStart = Day(year: 2021, month: 1, day: 1)!

    public static let columns = ["code", "iso_3166_2", "type", "name_ky", "name_ru", "name_en", "parent_code",
                                 "admin_center", "valid_from", "valid_to", "source", "notes"]

    /// A row's fields by column, in the order of ``columns`` (which the header is checked against):
    /// a dictionary per row, and then a look-up by name per field, cost more than the row's checks.
    struct Fields {
        enum Column: Int { case code, iso, type, nameKy, nameRu, nameEn, parentCode, adminCenter, validFrom, validTo, source, notes }
        var values: [String]
        subscript(_ column: Column) -> String { values[column.rawValue] }
    }

    public init(csv text: String, file: String = "kg-territory.csv") throws(TerritoryErrors) {
        try self.init(records: try Self.records(csv: text, file: file), file: file)
    }

    /// The records of a registry CSV file (the header first), each with the line it starts on.
    public static func records(csv text: String, file: String = "kg-territory.csv") throws(TerritoryErrors) -> [CompiledData.Row] {
        do { return try parseCSV(text).map { CompiledData.Row(line: $0.line, fields: $0.fields) } } catch {
            switch error {
            case .unterminatedQuote(let line): throw TerritoryErrors(errors: [TerritoryError(file: file, line: line, field: "-", rule: "a quoted field is never closed")])
            case .textAfterQuote(let line): throw TerritoryErrors(errors: [TerritoryError(file: file, line: line, field: "-", rule: "text after a closing quote")])
            }
        }
    }

    /// A registry from the records of its CSV file (the compiled form of the bundled file): the same
    /// checks, with the same lines, as from the text.
    public init(records: [CompiledData.Row], file: String = "kg-territory.csv") throws(TerritoryErrors) {
        var errors: [TerritoryError] = []
        func fail(_ line: Int, _ field: String, _ rule: String) { errors.append(TerritoryError(file: file, line: line, field: field, rule: rule)) }
        guard let header = records.first else { throw TerritoryErrors(errors: [TerritoryError(file: file, line: 1, field: "-", rule: "the file is empty")]) }
        guard header.fields == Self.columns else {
            throw TerritoryErrors(errors: [TerritoryError(file: file, line: 1, field: "header",
                rule: "expected the columns \(Self.columns.joined(separator: ",")), found \(header.fields.joined(separator: ","))")])
        }
        var units: [TerritorialUnit] = []
        // Codes of every row, valid or not, so that one bad row is not reported again through its children.
        let codesInFile = Set(records.dropFirst().compactMap { $0.fields.first?.trimmingSpaces })
        for r in records.dropFirst() {
            guard r.fields.count == Self.columns.count else {
                fail(r.line, "-", "\(r.fields.count) columns, expected \(Self.columns.count)"); continue
            }
            let f = Fields(values: r.fields.map { $0.trimmingSpaces })
            var ok = true
            let code = f[.code]
            if !Self.isCode(code) { fail(r.line, "code", "'\(code)' is not a 14-digit СОАТЕ code starting with 417"); ok = false }
            guard let type = UnitType(rawValue: f[.type]) else {
                fail(r.line, "type", "unknown type '\(f[.type])' (\(UnitType.allCases.map(\.rawValue).joined(separator: ", ")))"); continue
            }
            let iso = f[.iso].nilIfEmpty
            if let iso, !(iso.hasPrefix("KG-") && (4...5).contains(iso.count) && iso.dropFirst(3).allSatisfy({ $0.isASCII && $0.isUppercase })) { fail(r.line, "iso_3166_2", "'\(iso)' is not an ISO 3166-2:KG code such as KG-Y"); ok = false }
            let parent = f[.parentCode].nilIfEmpty
            if let parent, !Self.isCode(parent) { fail(r.line, "parent_code", "'\(parent)' is not a 14-digit СОАТЕ code"); ok = false }
            if parent == code { fail(r.line, "parent_code", "a unit cannot be its own parent"); ok = false }
            func date(_ column: Fields.Column, _ name: String) -> LegalDate? {
                guard let text = f[column].nilIfEmpty else { return nil }
                guard let d = LegalDate(parsing: text) else {
                    fail(r.line, name, "'\(text)' is not a date (YYYY-MM-DD, or YYYY-MM / YYYY when only that is known)"); ok = false; return nil
                }
                return d
            }
            let validFrom = date(.validFrom, "valid_from"), validTo = date(.validTo, "valid_to")
            if let a = validFrom, let b = validTo, b.latest < a.earliest {
                fail(r.line, "valid_to", "valid until \(b.written) but only from \(a.written)"); ok = false
            }
            var names = [Language: String](minimumCapacity: 3)
            for (l, column) in [(Language.ky, Fields.Column.nameKy), (.ru, .nameRu), (.en, .nameEn)] { if let n = f[column].nilIfEmpty { names[l] = n } }
            if names.isEmpty { fail(r.line, "name_ru", "a unit needs a name in at least one language"); ok = false }
            guard ok else { continue }
            // Split by bytes when the list is ASCII (source ids always are): splitting by Characters
            // was a sixth of loading the registry. The same pieces: '+' is one byte in UTF-8.
            let source = f[.source]
            let sources = source.utf8.allSatisfy({ $0 < 0x80 })
                ? source.utf8.split(separator: UInt8(ascii: "+")).map { String(Substring($0)) }
                : source.split(separator: "+").map(String.init)
            units.append(TerritorialUnit(
                code: code, iso3166: iso, type: type, names: names, parentCode: parent,
                adminCenter: f[.adminCenter].nilIfEmpty, validFrom: validFrom, validTo: validTo,
                sources: sources, notes: f[.notes].nilIfEmpty, line: r.line))
        }
        self = try Self(units: units, file: file, codesInFile: codesInFile, errors: errors)
    }

    /// A registry of versions already read (the file's, and those territorial changes made),
    /// checked by the rules of the file: one version of a code at a time, parents that exist when a
    /// unit starts, no cycle.
    public init(units: [TerritorialUnit], file: String) throws(TerritoryErrors) {
        try self.init(units: units, file: file, codesInFile: Set(units.map(\.code)), errors: [])
    }

    init(units: [TerritorialUnit], file: String, codesInFile: Set<String>, errors: [TerritoryError]) throws(TerritoryErrors) {
        var errors = errors
        func fail(_ line: Int, _ field: String, _ rule: String) { errors.append(TerritoryError(file: file, line: line, field: field, rule: rule)) }
        var versions: [String: [Int]] = [:]
        for (i, u) in units.enumerated() { versions[u.code, default: []].append(i) }
        for (code, list) in versions where list.count > 1 {
            let sorted = list.sorted { (units[$0].validFrom?.earliest ?? Day(ordinal: .min)) < (units[$1].validFrom?.earliest ?? Day(ordinal: .min)) }
            versions[code] = sorted
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                let ua = units[a], ub = units[b]
                if ua.id == ub.id {
                    fail(ub.line, "code", "\(code) with valid_from '\(ub.id.validFrom)' appears twice (first at line \(ua.line)): (code, valid_from) must be unique")
                } else if ua.validTo == nil || ub.validFrom == nil || ua.validTo!.earliest >= ub.validFrom!.latest {
                    fail(ub.line, "valid_from", "\(code) is valid twice at once: this version starts \(ub.validFrom?.written ?? "(open)") before the version at line \(ua.line) ends (\(ua.validTo?.written ?? "open"))")
                }
            }
        }
        var children: [String: [Int]] = [:]
        for (i, u) in units.enumerated() {
            guard let p = u.parentCode else { continue }
            children[p, default: []].append(i)
            guard let parents = versions[p] else {
                if !codesInFile.contains(p) { fail(u.line, "parent_code", "parent \(p) is not in the file") }
                continue
            }
            // The parent must exist when the child starts (a village may outlive its parent: the dataset
            // keeps villages under their pre-reform ayil aimak; that is shown as a gap, not an error).
            let overlaps = parents.contains { j in
                let pu = units[j]
                let childStart = u.validFrom?.latest, parentEnd = pu.validTo?.latest
                let parentStart = pu.validFrom?.earliest, childEnd = u.validTo?.earliest
                if let childStart, let parentStart, childStart < parentStart { return false }
                if let childStart, let parentEnd, childStart > parentEnd { return false }
                if let childEnd, let parentStart, childEnd < parentStart { return false }
                return true
            }
            if !overlaps {
                fail(u.line, "parent_code", "parent \(p) does not exist when this unit starts (\(u.validFrom?.written ?? "before the period covered"))")
            }
        }
        // Cycles: follow parents by code.
        var parentOf: [String: String] = [:]
        for u in units { if let p = u.parentCode { parentOf[u.code] = p } }
        // A unit is in a cycle when following parents leads back to it; a chain longer than the
        // number of codes has looped elsewhere (that loop is reported at its own units). No set per
        // unit: chains are a few steps long.
        var reported = Set<String>()
        for u in units {
            var c = parentOf[u.code]
            var steps = 0
            while let cur = c, steps <= parentOf.count {
                if cur == u.code {
                    if reported.insert(u.code).inserted { fail(u.line, "parent_code", "cycle of parents: \(u.code) is its own ancestor") }
                    break
                }
                c = parentOf[cur]
                steps += 1
            }
        }
        guard errors.isEmpty else { throw TerritoryErrors(errors: errors.sorted { $0.line < $1.line }) }
        self.units = units
        self.versions = versions
        self.children = children
        self.codes = versions.keys.sorted()
        let starts = units.compactMap { $0.validFrom?.earliest }
        self.earliestDate = starts.min() ?? Self.coverageStart
    }

    static func isCode(_ s: String) -> Bool { s.utf8.count == 14 && s.utf8.starts(with: "417".utf8) && s.utf8.allSatisfy { (0x30...0x39).contains($0) } }

    /// The version of a code in force on a day (with its certainty), if any.
    public func unit(_ code: String, on day: Day) -> (TerritorialUnit, TerritorialUnit.Existence)? {
        for i in (versions[code] ?? []).reversed() {
            if let e = units[i].existence(on: day) { return (units[i], e) }
        }
        return nil
    }

    /// Every version of a code, oldest first.
    public func history(_ code: String) -> [TerritorialUnit] { (versions[code] ?? []).map { units[$0] } }

    /// Children of a code existing on a day.
    public func children(of code: String, on day: Day) -> [(TerritorialUnit, TerritorialUnit.Existence)] {
        Set((children[code] ?? []).map { units[$0].code }).sorted().compactMap { unit($0, on: day) }
    }

    /// Units existing on a day, one version per code (the latest that may exist on the day).
    public func units(on day: Day) -> [(TerritorialUnit, TerritorialUnit.Existence)] {
        codes.compactMap { unit($0, on: day) }
    }

    /// Checks that a day can be answered: not before the earliest date the dataset states.
    public func check(_ day: Day) throws(TerritoryQueryError) {
        if day < earliestDate { throw .beforeData(day: day, earliest: earliestDate) }
    }

    /// For a type with no unit on a day: the last day the dataset lists any (a gap, not an abolition).
    public func lastListed(_ type: UnitType) -> LegalDate? {
        units.filter { $0.type == type }.compactMap(\.validTo).max { $0.latest < $1.latest }
    }
}

public enum TerritoryQueryError: Error, CustomStringConvertible, Sendable {
    case beforeData(day: Day, earliest: Day)
    case unknownCode(String)
    case notOnDate(code: String, day: Day, history: [String])

    public var description: String {
        switch self {
        case .beforeData(let day, let earliest): "\(day) is before any date the territorial dataset states (its earliest is \(earliest))"
        case .unknownCode(let c): "no unit with code \(c) in the territorial dataset (codes are 14 digits starting with 417; try 'aimak territory find NAME')"
        case .notOnDate(let c, let day, let history): "unit \(c) does not exist on \(day); its versions: \(history.joined(separator: "; "))"
        }
    }
}

extension String {
    var trimmingSpaces: String {
        // Most fields begin and end with a visible ASCII character: no need to look further.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) { return self }
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
