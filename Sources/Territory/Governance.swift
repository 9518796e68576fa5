import Law
import WorkingDays

/// A body or post that governs a unit on a day, as the legal model says, with how it is formed.
public struct GoverningBody: Sendable {
    public var id: String
    /// The `body/<id>` fact (its citation is `entry`).
    public var fact: ResolvedFact
    /// Its formation facts on the day (method, by, on the proposal of …), in the model's order.
    public var formation: [ResolvedFact]
    /// The body this post heads, if a post.
    public var headOf: String?
    public var isPost: Bool
}

/// Derives, for every unit type, the bodies and posts of the legal model that govern it on a day.
///
/// The model speaks of levels (oblast, district, city, ayil aimak); the registry of unit types. Two
/// refinements come from the law itself: since Law No. 123 (2021) the mayor of a town of district
/// significance is a post of its own (appointed by the akim), distinct from the mayors of cities of
/// oblast and republican significance (appointed by the President).
public struct Governance: Sendable {
    public let day: Day
    public let system: SystemAtDate
    let byLevel: [String: [GoverningBody]]

    public init(model: LegalModel, day: Day) {
        self.day = day
        let system = model.resolve(at: day)
        self.system = system
        var formations: [String: [ResolvedFact]] = [:]
        for f in system.present where f.key.hasPrefix("formation/") {
            formations[String(FactPath(f.key).parts[1]), default: []].append(f)
        }
        var byLevel: [String: [GoverningBody]] = [:]
        for f in system.present where f.key.hasPrefix("body/") {
            let id = String(f.key.dropFirst(5))
            let levels = f.value?["levels"]?.listValue?.compactMap(\.stringValue) ?? []
            let body = GoverningBody(
                id: id, fact: f,
                formation: (formations[id] ?? []).sorted { Governance.fieldRank($0.key) < Governance.fieldRank($1.key) },
                headOf: f.value?["head_of"]?.stringValue, isPost: model.vocabulary.entities[id]?.kind == .post)
            for level in levels { byLevel[level, default: []].append(body) }
        }
        self.byLevel = byLevel.mapValues { $0.sorted { ($0.isPost ? 1 : 0, $0.id) < ($1.isPost ? 1 : 0, $1.id) } }
    }

    static func fieldRank(_ key: FactKey) -> Int { LawText.formationOrder.firstIndex(of: String(FactPath(key).parts.last!)) ?? 99 }

    /// The bodies and posts governing a unit of this type on the day; empty when the model has none.
    public func bodies(for type: UnitType) -> [GoverningBody] {
        guard let level = type.legalLevel else { return [] }
        var list = byLevel[level] ?? []
        let hasTownMayor = list.contains { $0.id == "mayor-of-district-town" }
        if type == .cityDistrictSignificance, hasTownMayor {
            list.removeAll { $0.id == "mayor" }
        } else {
            list.removeAll { $0.id == "mayor-of-district-town" }
        }
        return list
    }
}
