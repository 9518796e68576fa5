import Law
import WorkingDays

/// An ayil aimak known by name but not by its classifier code: a unit of the 2024-2025
/// consolidation that a public source names (a CEC decision, a law, a report), whose СОАТЕ code no
/// reachable source gives. It is never a row of the registry (a row needs its official code); it
/// is listed beside it, under its district, from the day a source attests it.
public struct NamedUnit: Sendable, Equatable {
    /// The district it belongs to (a `district` code of the registry).
    public var districtCode: String
    public var names: [Language: String]
    /// The day from which a source attests it (the source's date, or the day of the act it reports
    /// when the report is undated; the notes say which): it existed then, and may be older.
    public var knownOn: LegalDate?
    /// Pre-reform ayil aimaks it was formed from, where known.
    public var formedFrom: [String]
    /// How `formedFrom` is known.
    public var composition: Composition
    public var sourceURL: String
    public var sourceDate: String
    public var notes: String
    /// Line in the file, for errors and for the reader who checks it.
    public var line: Int

    public enum Composition: String, Sendable, CaseIterable {
        /// The source says which units it was formed from.
        case stated
        /// A pre-reform unit under a new name.
        case renamed
        /// Inferred from the villages a source places in it (the notes say how).
        case inferred
        case unknown
    }

    public func name(_ language: Language) -> String {
        names[language] ?? names[.en] ?? names[.ru] ?? names[.ky] ?? ""
    }
}

/// The file of named units (`kg-named-units.csv`), read against the registry it completes.
public enum NamedUnits {
    public static let columns = ["district_code", "name_ky", "name_ru", "name_en", "known_on", "formed_from", "composition",
                                 "source_url", "source_date", "notes"]

    /// Every row checked: its district is a district of the registry, every unit it was formed
    /// from is an ayil aimak of that district, its dates are dates, and no name repeats in a
    /// district. Throws every error found (file:line [column]: rule), and nothing is loaded then.
    public static func parse(_ text: String, file: String = "kg-named-units.csv", registry: TerritorialRegistry) throws(TerritoryErrors) -> [NamedUnit] {
        let records: [CSVRecord]
        do { records = try parseCSV(text) } catch {
            switch error {
            case .unterminatedQuote(let line): throw TerritoryErrors(errors: [TerritoryError(file: file, line: line, field: "-", rule: "a quoted field is never closed")])
            case .textAfterQuote(let line): throw TerritoryErrors(errors: [TerritoryError(file: file, line: line, field: "-", rule: "text after a closing quote")])
            }
        }
        guard let header = records.first, header.fields == columns else {
            throw TerritoryErrors(errors: [TerritoryError(file: file, line: 1, field: "header", rule: "the header must be exactly: \(columns.joined(separator: ","))")])
        }
        var errors: [TerritoryError] = []
        var out: [NamedUnit] = []
        var seen = Set<String>()
        for r in records.dropFirst() {
            func fail(_ field: String, _ rule: String) { errors.append(TerritoryError(file: file, line: r.line, field: field, rule: rule)) }
            guard r.fields.count == columns.count else {
                fail("-", "\(r.fields.count) fields, expected \(columns.count)")
                continue
            }
            let f = Dictionary(uniqueKeysWithValues: zip(columns, r.fields.map { $0.trimmingWhitespace }))
            let district = f["district_code"]!
            let versions = registry.history(district)
            if versions.isEmpty {
                fail("district_code", "unknown code '\(district)'")
            } else if !versions.contains(where: { $0.type == .district }) {
                fail("district_code", "'\(district)' is a \(versions[0].type.rawValue), not a district")
            }
            var names: [Language: String] = [:]
            for (column, language) in [("name_ky", Language.ky), ("name_ru", .ru), ("name_en", .en)] where !f[column]!.isEmpty {
                names[language] = f[column]!
            }
            if names[.ky] == nil && names[.ru] == nil { fail("name_ky", "a unit needs its Kyrgyz or Russian name, as the source gives it") }
            if names[.en] == nil { fail("name_en", "a unit needs its English name (the transliteration of the README)") }
            var knownOn: LegalDate?
            if let k = f["known_on"], !k.isEmpty {
                knownOn = LegalDate(parsing: k)
                if knownOn == nil { fail("known_on", "'\(k)' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") }
            }
            if let d = f["source_date"], !d.isEmpty, LegalDate(parsing: d) == nil { fail("source_date", "'\(d)' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") }
            let formedFrom = f["formed_from"]!.split(separator: "+").map { $0.trimmingWhitespace }
            for code in formedFrom {
                let old = registry.history(code)
                if !old.contains(where: { $0.type == .ayilAimak }) {
                    fail("formed_from", "'\(code)' is not an ayil aimak of the registry")
                } else if !old.contains(where: { $0.type == .ayilAimak && $0.parentCode == district }) {
                    fail("formed_from", "ayil aimak '\(code)' is not in district '\(district)'")
                }
            }
            guard let composition = NamedUnit.Composition(rawValue: f["composition"]!) else {
                fail("composition", "'\(f["composition"]!)' is not one of \(NamedUnit.Composition.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            if composition == .unknown, !formedFrom.isEmpty { fail("composition", "'unknown' with units it was formed from: say how they are known") }
            if composition != .unknown, formedFrom.isEmpty { fail("formed_from", "composition '\(composition.rawValue)' names no unit it was formed from") }
            if composition == .renamed, formedFrom.count != 1 { fail("formed_from", "a renamed unit has exactly one former unit") }
            let url = f["source_url"]!
            if url.isEmpty && f["notes"]!.isEmpty { fail("source_url", "a unit needs the source that names it (a URL, or the notes when the source has none)") }
            if !url.isEmpty, !url.hasPrefix("https://"), !url.hasPrefix("http://") { fail("source_url", "'\(url)' is not an http(s) address") }
            if let en = names[.en], !seen.insert("\(district)|\(en.lowercased())").inserted { fail("name_en", "'\(en)' is listed twice in district '\(district)'") }
            out.append(NamedUnit(districtCode: district, names: names, knownOn: knownOn, formedFrom: formedFrom, composition: composition,
                                 sourceURL: f["source_url"]!, sourceDate: f["source_date"]!, notes: f["notes"]!, line: r.line))
        }
        if !errors.isEmpty { throw TerritoryErrors(errors: errors) }
        return out
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace (the slice between, copied once).
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
