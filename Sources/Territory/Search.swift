import Foundation

/// Finding units by name in Kyrgyz, Russian or English, across Cyrillic and Latin, ignoring case,
/// the Kyrgyz letters' marks (ө ү ң), punctuation and the type words (району, район, District …).
public struct NameIndex: Sendable {
    struct Entry: Sendable { var unit: Int; var keys: [String] }
    let entries: [Entry]

    public init(_ registry: TerritorialRegistry) {
        entries = registry.units.enumerated().map { i, u in
            Entry(unit: i, keys: Array(Set(u.names.values.map(NameIndex.fold))))
        }
    }

    /// Units whose name contains the text (folded), best first: exact name, then prefix, then inside.
    /// A text of digits is matched against the beginning of codes.
    public func find(_ text: String, in registry: TerritorialRegistry) -> [TerritorialUnit] {
        let trimmed = text.trimmingSpaces
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isNumber) {
            return registry.units.filter { $0.code.hasPrefix(trimmed) }
        }
        let q = NameIndex.fold(trimmed)
        guard !q.isEmpty else { return [] }
        // The type words are dropped from the name matched, but they say which unit is meant:
        // "город Ош" and "Osh city" put the city before the oblast of the same name.
        let wanted = NameIndex.typesNamed(in: trimmed)
        var scored: [(Int, Int)] = []
        for e in entries {
            var best = Int.max
            for k in e.keys {
                if k == q { best = 0; break }
                if k.hasPrefix(q) { best = min(best, 1) } else if k.contains(q) { best = min(best, 2) }
            }
            if best != .max { scored.append((best, e.unit)) }
        }
        func key(_ s: (Int, Int)) -> (Int, Int, Int, String) {
            let u = registry.units[s.1]
            return (s.0, wanted.isEmpty || wanted.contains(u.type) ? 0 : 1, u.type.order, u.code)
        }
        return scored.sorted { key($0) < key($1) }.map { registry.units[$0.1] }
    }

    /// Type words as they read after folding to Latin (району, район, облусу, область, шаары, город,
    /// г., аймагы, айылный аймак and their English forms), each with the types it names: they are left
    /// out of the name matched, and they put units of those types first.
    static let typeWordTypes: [String: Set<UnitType>] = {
        let city: Set<UnitType> = [.cityRepublican, .cityOblast, .cityDistrictSignificance, .cityDistrict]
        var out: [String: Set<UnitType>] = [:]
        for w in ["shaary", "gorod", "g", "city", "town"] { out[w] = city }
        for w in ["rayonu", "rayon", "rayony", "district"] { out[w] = [.district] }
        for w in ["oblusu", "oblast", "region"] { out[w] = [.oblast] }
        for w in ["aymagy", "aymak", "aimak", "aimagy", "ayylnyy", "aiyl", "aimag"] { out[w] = [.ayilAimak] }
        return out
    }()

    /// The unit types a text names by its type words, if any.
    static func typesNamed(in text: String) -> Set<UnitType> {
        var latin = ""
        for ch in text.lowercased() { latin += cyrillic[ch] ?? (ch.isLetter ? String(ch) : " ") }
        return latin.split(separator: " ").reduce(into: Set<UnitType>()) { $0.formUnion(typeWordTypes[String($1)] ?? []) }
    }

    static let cyrillic: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "j", "з": "z", "и": "i", "й": "y",
        "к": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ү": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "yu", "я": "ya", "і": "i",
    ]

    /// Lower case, Cyrillic to Latin, marks dropped, type words and punctuation removed; spellings that
    /// differ only by common romanisations (dzh/zh/j, kh/h, iy/y) meet.
    public static func fold(_ text: String) -> String {
        var latin = ""
        for ch in text.lowercased() {
            if let t = cyrillic[ch] { latin += t; continue }
            switch ch {
            case "ö", "ø": latin += "o"
            case "ü": latin += "u"
            case "ñ", "ŋ": latin += "n"
            case _ where ch.isLetter || ch.isNumber: latin.append(ch)
            default: latin += " "
            }
        }
        let words = latin.split(separator: " ").filter { typeWordTypes[String($0)] == nil }
        var s = words.joined(separator: " ")
        for (a, b) in [("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("iy", "y"), ("yy", "y")] {
            s = s.replacingOccurrences(of: a, with: b)
        }
        return s
    }
}

extension UnitType {
    public var order: Int { UnitType.allCases.firstIndex(of: self)! }
}

