import Law
import WorkingDays

/// Areas, organizations and posts on a day in the shape of Popolo (https://www.popoloproject.com):
/// every unit an `area`; every governing body of every unit an `organization` with its
/// classification (branch) and `area_id`; every governing post a `post` of the organization it heads.
public struct PopoloExport {
    public let registry: TerritorialRegistry
    public let model: LegalModel
    public let language: Language

    public init(registry: TerritorialRegistry, model: LegalModel, language: Language) {
        self.registry = registry
        self.model = model
        self.language = language
    }

    public func build(on day: Day) -> [String: Any] {
        let governance = Governance(model: model, day: day)
        let text = LawText(model: model, language: language)
        var areas: [[String: Any]] = [], organizations: [[String: Any]] = [], posts: [[String: Any]] = []
        for (unit, existence) in registry.units(on: day).sorted(by: { $0.0.code < $1.0.code }) {
            let areaID = "soate:\(unit.code)"
            var area: [String: Any] = [
                "id": areaID, "name": unit.name(language), "classification": unit.type.rawValue,
                "identifiers": [["scheme": "soate", "identifier": unit.code]] + (unit.iso3166.map { [["scheme": "iso_3166_2", "identifier": $0]] } ?? []),
                "other_names": unit.names.sorted { $0.key.rawValue < $1.key.rawValue }.map { ["name": $0.value, "note": $0.key.rawValue] },
            ]
            if let p = unit.parentCode, registry.unit(p, on: day) != nil { area["parent_id"] = "soate:\(p)" }
            if existence == .uncertain { area["note"] = "existence on this date uncertain (dates known only to the year or month)" }
            areas.append(area)
            for body in governance.bodies(for: unit.type) {
                let cite = text.citation(body.fact.entry)
                if body.isPost {
                    guard let org = body.headOf else { continue }
                    var post: [String: Any] = [
                        "id": "\(areaID)/post/\(body.id)", "label": text.label(body.id), "role": body.id,
                        "organization_id": "\(areaID)/org/\(org)", "area_id": areaID, "sources": [["note": cite]],
                    ]
                    post["formation"] = Dictionary(uniqueKeysWithValues: body.formation.map {
                        (String(FactPath($0.key).parts.last!), text.render($0.value))
                    })
                    posts.append(post)
                } else {
                    organizations.append([
                        "id": "\(areaID)/org/\(body.id)", "name": "\(text.label(body.id)) — \(unit.name(language))",
                        "classification": body.fact.value?["branch"]?.stringValue ?? "", "area_id": areaID,
                        "identifiers": [["scheme": "aimak-body", "identifier": body.id]], "sources": [["note": cite]],
                    ])
                }
            }
        }
        return ["date": day.description, "areas": areas, "organizations": organizations, "posts": posts]
    }
}
