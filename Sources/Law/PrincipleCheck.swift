import WorkingDays

/// A constitutional principle of self-government strained by the system on a day.
public struct Finding: Sendable {
    /// The principle (`popular-power`, `delimitation`, `non-interference`, `within-powers`, `lsg-not-state-power`).
    public var principle: String
    /// The phrase id of the finding's template in the vocabulary (`finding-…`).
    public var rule: String
    /// Values for the template's placeholders: entity, power or relation ids.
    public var subjects: [String: String]
    /// The statements involved.
    public var entries: [Int]
}

/// The result of checking the principles on a day.
public struct PrincipleReport: Sendable {
    public struct PrincipleStatus: Sendable {
        public var id: String
        /// The statement establishing the principle on the day, if any.
        public var establishedBy: ResolvedFact?
        public var findings: [Finding]
    }
    public var day: Day
    public var principles: [PrincipleStatus]
    public var findings: [Finding] { principles.flatMap(\.findings) }
}

extension LegalModel {
    /// Checks the constitutional principles of local self-government (seed article, after
    /// Z. Sh. Beishenaliev) as properties of the system on `day`. Principles not in force on the
    /// day are still checked, so historical models show their tensions; the report says so.
    public func checkPrinciples(at day: Day) -> PrincipleReport {
        let system = resolve(at: day)
        var findings: [Finding] = []

        func sphere(_ id: String) -> Vocabulary.Sphere? {
            if let branch = system.value("body/\(id)")?["branch"]?.stringValue {
                return vocabulary.branches[branch]?.sphere
            }
            return vocabulary.entities[id]?.sphere
        }
        func established(_ id: String) -> Bool {
            let kind = vocabulary.entities[id]?.kind
            return !(kind == .body || kind == .post) || system.value("body/\(id)") != nil
        }
        /// The bodies and posts one fact names: in its key and in its value (not the whole statement's).
        func mentioned(_ fact: ResolvedFact) -> [String] {
            var out = FactPath(fact.key).parts.dropFirst().map(String.init)
            func walk(_ v: Value?) {
                switch v {
                case .string(let s)?: out.append(s)
                case .list(let items)?: items.forEach(walk)
                case .map(let m)?: walk(m["actor"]); walk(m["jointly_with"])
                default: break
                }
            }
            walk(fact.value)
            var seen = Set<String>()
            return out.filter { vocabulary.entities[$0] != nil && seen.insert($0).inserted }
        }
        /// The body a post heads, so that a head of an LSG body counts as self-government.
        func headed(_ id: String) -> String? { system.value("body/\(id)")?["head_of"]?.stringValue }

        let present = system.present
        let bodies = present.filter { $0.key.hasPrefix("body/") }

        // Popular power: representative bodies are elected by the population.
        for body in bodies {
            let id = String(body.key.dropFirst(5))
            guard let branch = body.value?["branch"]?.stringValue, vocabulary.branches[branch]?.representative == true else { continue }
            let method = system.facts["formation/\(id)/method"]
            let by = system.facts["formation/\(id)/by"]
            if method?.value == nil {
                findings.append(Finding(principle: "popular-power", rule: "finding-formation-unknown",
                                        subjects: ["body": id], entries: [body.entry]))
            } else if method?.value?.stringValue != "election" || (by?.value != nil && by?.value?.stringValue != "population") {
                findings.append(Finding(principle: "popular-power", rule: "finding-not-elected-by-population",
                                        subjects: ["body": id], entries: [body.entry, method!.entry] + (by.map { [$0.entry] } ?? [])))
            }
        }

        // Delimitation: one power, a state body and a self-government body, no joint exercise stated.
        var holders: [String: [ResolvedFact]] = [:]
        for fact in present where fact.key.hasPrefix("power/") {
            let path = FactPath(fact.key)
            holders[String(path.parts[2]), default: []].append(fact)
        }
        for (power, facts) in holders.sorted(by: { $0.key < $1.key }) where facts.count > 1 {
            for i in 0..<facts.count {
                for j in (i + 1)..<facts.count {
                    let a = FactPath(facts[i].key).body!, b = FactPath(facts[j].key).body!
                    guard let sa = sphere(a), let sb = sphere(b), sa != sb else { continue }
                    let jointA = facts[i].value?["jointly_with"]?.listValue?.contains(.string(b)) ?? false
                    let jointB = facts[j].value?["jointly_with"]?.listValue?.contains(.string(a)) ?? false
                    if !jointA && !jointB {
                        findings.append(Finding(principle: "delimitation", rule: "finding-power-held-twice",
                                                subjects: ["body": a, "other": b, "power": power],
                                                entries: [facts[i].entry, facts[j].entry]))
                    }
                }
            }
        }

        // Non-interference: a state body forms, dismisses or directs a self-government body or its head.
        for fact in present where fact.key.hasPrefix("formation/") {
            let path = FactPath(fact.key)
            let body = String(path.parts[1]), field = String(path.parts[2])
            guard ["by", "on_proposal_of", "dismissed_by"].contains(field) else { continue }
            let target = headed(body) ?? body
            guard sphere(target) == .selfGovernment || sphere(body) == .selfGovernment else { continue }
            let actors = fact.value?.stringValue.map { [$0] } ?? fact.value?.listValue?.compactMap(\.stringValue) ?? []
            for actor in actors where sphere(actor) == .state {
                findings.append(Finding(principle: "non-interference", rule: "finding-state-forms-lsg-\(field)",
                                        subjects: ["body": body, "actor": actor], entries: [fact.entry]))
            }
        }
        for fact in present where fact.key.hasPrefix("relation/") {
            let p = FactPath(fact.key)
            let subject = String(p.parts[1]), type = String(p.parts[2]), object = String(p.parts[3])
            guard let relation = vocabulary.relations[type] else { continue }
            let objectSphere = sphere(headed(object) ?? object)
            if relation.interferes, sphere(subject) == .state, objectSphere == .selfGovernment {
                findings.append(Finding(principle: "non-interference", rule: "finding-state-directs-lsg",
                                        subjects: ["body": subject, "relation": type, "other": object], entries: [fact.entry]))
            }
            // LSG is not a link of the system of state power.
            if relation.incorporates, sphere(headed(subject) ?? subject) == .selfGovernment, objectSphere == .state {
                findings.append(Finding(principle: "lsg-not-state-power", rule: "finding-lsg-in-state-power",
                                        subjects: ["body": subject, "relation": type, "other": object], entries: [fact.entry]))
            }
        }

        // Within powers: a lower act contradicting a higher one in force; facts about bodies that do not exist;
        // bodies whose formation no source in force states.
        for fact in system.facts.values.sorted(by: { $0.key < $1.key }) {
            for other in fact.others where entries[other].rank < entries[fact.entry].rank {
                let lower = factsByKey[fact.key]!.first { $0.entry == other }!
                if lower.value != fact.value {
                    findings.append(Finding(principle: "within-powers", rule: "finding-lower-act-contradicts-higher",
                                            subjects: ["fact": fact.key], entries: [other, fact.entry]))
                }
            }
        }
        var reported = Set<String>()
        for fact in present where !fact.key.hasPrefix("body/") {
            for body in mentioned(fact) where !established(body) {
                if reported.insert(body + fact.key).inserted {
                    findings.append(Finding(principle: "within-powers", rule: "finding-body-not-established",
                                            subjects: ["body": body, "fact": fact.key], entries: [fact.entry]))
                }
            }
        }
        for body in bodies {
            let id = String(body.key.dropFirst(5))
            let hasFormation = present.contains { $0.key.hasPrefix("formation/\(id)/") }
            let representative = body.value?["branch"]?.stringValue.flatMap { vocabulary.branches[$0]?.representative } ?? false
            let central = body.value?["levels"]?.listValue?.contains(.string("republic")) ?? false
            if !hasFormation && !representative && !central && vocabulary.entities[id]?.kind == .post {
                findings.append(Finding(principle: "within-powers", rule: "finding-formation-unknown",
                                        subjects: ["body": id], entries: [body.entry]))
            }
        }

        let ids = LegalModel.checkedPrinciples
        let statuses = ids.map { id in
            PrincipleReport.PrincipleStatus(
                id: id, establishedBy: system.facts["principle/\(id)"].flatMap { $0.value == nil ? nil : $0 },
                findings: findings.filter { $0.principle == id })
        }
        return PrincipleReport(day: day, principles: statuses)
    }

    /// The principles the seed article lists (lines 72-85), in its order.
    public static let checkedPrinciples = ["popular-power", "delimitation", "non-interference", "within-powers", "lsg-not-state-power"]
}
