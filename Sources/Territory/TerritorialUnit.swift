import Law
import WorkingDays

/// The kinds of administrative-territorial units in the dataset (`type` column of `kg-territory.csv`).
public enum UnitType: String, CaseIterable, Sendable, Codable {
    case oblast
    case cityRepublican = "city-republican"
    case district
    case cityDistrict = "city-district"
    case cityOblast = "city-oblast"
    case cityDistrictSignificance = "city-district-significance"
    case settlement
    case ayilAimak = "ayil-aimak"
    case village

    /// The level of the legal model whose bodies govern a unit of this type; nil where the model has
    /// none (the four districts of Bishkek are parts of the city, not a level of local government).
    public var legalLevel: String? {
        switch self {
        case .oblast: "oblast"
        case .district: "district"
        case .cityRepublican, .cityOblast, .cityDistrictSignificance: "city"
        case .settlement: "settlement"
        case .ayilAimak: "ayil-aimak"
        case .village: "village"
        case .cityDistrict: nil
        }
    }

    public func label(_ language: Language) -> String {
        let l: (String, String, String) = switch self {
        case .oblast: ("облус", "область", "oblast")
        case .cityRepublican: ("республикалык маанидеги шаар", "город республиканского значения", "city of republican significance")
        case .district: ("район", "район", "district")
        case .cityDistrict: ("шаардагы район", "район в городе", "district of a city")
        case .cityOblast: ("облустук маанидеги шаар", "город областного значения", "city of oblast significance")
        case .cityDistrictSignificance: ("райондук маанидеги шаар", "город районного значения", "town of district significance")
        case .settlement: ("шаар тибиндеги кыштак", "поселок городского типа", "urban-type settlement")
        case .ayilAimak: ("айыл аймагы", "айылный аймак", "ayil aimak")
        case .village: ("айыл", "село", "village")
        }
        switch language { case .ky: return l.0; case .ru: return l.1; case .en: return l.2 }
    }
}

/// One version of one unit: a row of the dataset. A code may have several versions (the 2024 reform
/// reused codes; renames), so a unit is identified by (code, valid from).
public struct TerritorialUnit: Sendable, Identifiable {
    public struct Key: Hashable, Sendable, CustomStringConvertible {
        public var code: String
        /// As written (`2025-09-27`, `2024`, or empty when the unit existed before the dataset's period).
        public var validFrom: String
        public var description: String { validFrom.isEmpty ? code : "\(code)@\(validFrom)" }
    }

    public var code: String
    public var iso3166: String?
    public var type: UnitType
    public var names: [Language: String]
    public var parentCode: String?
    public var adminCenter: String?
    /// First day (a range when only the year or month is known); nil: existed before the period covered.
    public var validFrom: LegalDate?
    /// Last day, inclusive (an upper bound when only the year is known); nil: still valid.
    public var validTo: LegalDate?
    public var sources: [String]
    public var notes: String?
    /// Line of the row in the CSV file.
    public var line: Int

    public var id: Key { Key(code: code, validFrom: validFrom?.written ?? "") }

    /// The name in a language, falling back to Russian, then English, then Kyrgyz.
    public func name(_ language: Language) -> String {
        names[language] ?? names[.ru] ?? names[.en] ?? names[.ky] ?? code
    }

    /// Names keyed by language code (`ky`, `ru`, `en`), for JSON.
    public var namesByLanguage: [String: String] {
        Dictionary(uniqueKeysWithValues: names.map { ($0.key.rawValue, $0.value) })
    }

    /// Whether the unit exists on a day: `nil` if not, `.certain` inside its known period, `.uncertain`
    /// when the day falls inside a start or end known only to the year or month.
    public func existence(on day: Day) -> Existence? {
        if let f = validFrom, day < f.earliest { return nil }
        if let t = validTo, day > t.latest { return nil }
        let startSure = validFrom.map { day >= $0.latest } ?? true
        let endSure = validTo.map { day <= $0.earliest } ?? true
        return startSure && endSure ? .certain : .uncertain
    }

    public enum Existence: String, Sendable { case certain, uncertain }
}
