import WorkingDays

/// Reads one legal source file and checks it against the vocabulary.
///
/// Every problem becomes a `LegalDataError` naming the file, line and field; the parser keeps
/// going after a bad statement so that one run lists every error of a file.
struct SourceParser {
    let vocabulary: Vocabulary
    let file: String
    var errors: [LegalDataError] = []

    init(vocabulary: Vocabulary, file: String) {
        self.vocabulary = vocabulary
        self.file = file
    }

    var r: NodeReader { NodeReader(file: file) }

    /// Formation fields and their types.
    static let formationFields: [String: Vocabulary.ParameterType] = [
        "method": .text, "by": .entity, "on_proposal_of": .entities, "with_consent_of": .entities,
        "in_agreement_with": .entities, "dismissed_by": .entities, "procedure": .text,
        "term_years": .integer, "max_terms": .integer, "candidates_at_least": .integer,
        "from_reserve": .boolean, "native_ban": .boolean,
    ]

    /// What a statement may say (one of these), and every key a statement may have.
    static let contentKeys: Set<String> = ["establishes", "formation", "power", "relation", "procedure", "principle", "unit"]
    static let statementKeys = contentKeys.union(["id", "cite", "from", "to", "repeals"])
    static let sourceKeys: Set<String> = ["source", "kind", "number", "title", "short", "adopted", "in_force", "amends", "draft",
                                          "status", "url", "note", "statements"]
    static let establishesKeys: Set<String> = ["body", "level", "branch", "head_of", "abolished"]
    static let powerKeys: Set<String> = ["holder", "power", "held", "jointly_with"]
    static let relationKeys: Set<String> = ["subject", "type", "object", "about", "holds", "frequency"]
    static let unitKeys: Set<String> = ["level", "comprises", "governed_by", "created_by"]
    static let principleKeys: Set<String> = ["id", "holds"]
    static let bodyKinds: Set<Vocabulary.EntityKind> = [.body, .post]

    /// Pending source-level references, resolved once every file is read.
    struct Pending {
        var endsBy: (ref: String, line: Int)?
    }

    mutating func parse(_ text: String) -> (Source, Pending)? {
        let file = self.file
        return parse { try DataNode.parse(text, file: file) }
    }

    mutating func parse(_ root: () throws -> DataNode) -> (Source, Pending)? {
        do {
            return try parseSource(try root())
        } catch let e as LegalDataError {
            errors.append(e)
            return nil
        } catch {
            errors.append(LegalDataError(file: file, line: 0, field: nil, rule: "\(error)"))
            return nil
        }
    }

    private mutating func parseSource(_ root: DataNode) throws -> (Source, Pending) {
        let top = try r.mapping(root, "")
        try r.checkKeys(top, allowed: Self.sourceKeys, "")
        func required(_ key: String) throws -> DataNode {
            guard let n = top[key] else { throw r.error(root, key, "required field '\(key)' is missing") }
            return n
        }
        let id = try r.string(try required("source"), "source")
        guard id.hasPrefix("/akn/kg/") else {
            throw r.error(top["source"], "source", "must be an Akoma Ntoso work URI starting with /akn/kg/ (e.g. /akn/kg/act/2008/99)")
        }
        let kindText = try r.string(try required("kind"), "kind")
        guard let kind = SourceKind(rawValue: kindText) else {
            throw r.error(top["kind"], "kind", "unknown kind '\(kindText)' (\(SourceKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let title = try parseLabels(try required("title"), "title")
        let adopted = try top["adopted"].map { try date($0, "adopted") }
        let isDraft = try top["draft"].map { try r.bool($0, "draft") } ?? false

        let inForceNode = try required("in_force")
        let inForce = try r.mapping(inForceNode, "in_force")
        try r.checkKeys(inForce, allowed: ["from", "to"], "in_force")
        guard let fromNode = inForce["from"] else { throw r.error(inForceNode, "in_force.from", "required field 'from' is missing") }
        var start = try date(fromNode, "in_force.from")
        // A commencement known only to the year cannot precede the adoption.
        if let adopted, start.earliest < adopted.earliest, start.latest >= adopted.earliest {
            start.earliest = adopted.earliest
        }
        if let adopted, start.latest < adopted.earliest {
            throw r.error(fromNode, "in_force.from", "dates out of order: in force from \(start) before its adoption \(adopted)")
        }
        var pending = Pending()
        var end: LegalDate?
        if let toNode = inForce["to"] {
            if case .mapping(let pairs, _) = toNode {
                try r.checkKeys(pairs, allowed: ["by"], "in_force.to")
                guard let byNode = pairs["by"] else { throw r.error(toNode, "in_force.to.by", "required field 'by' is missing") }
                pending.endsBy = (try r.string(byNode, "in_force.to.by"), byNode.line)
            } else {
                let last = try date(toNode, "in_force.to")
                end = last.dayAfter()
                if last.latest < start.earliest {
                    throw r.error(toNode, "in_force.to", "dates out of order: in force until \(last) but only from \(start)")
                }
            }
        }
        let status = try top["status"].map { try r.reliability($0, "status") } ?? .unverified
        var statements: [Statement] = []
        var seen: [String: Int] = [:]
        let list = try r.sequence(try required("statements"), "statements")
        for (i, node) in list.enumerated() {
            do {
                let s = try parseStatement(node, path: "statements[\(i)]", sourceID: id, sourceStart: start)
                if s.citation.reliability == .verified, !isDraft {
                    try checkVerified(s.citation, sourceURL: try top["url"].map { try r.string($0, "url") }, node: node, path: "statements[\(i)].cite")
                }
                if let first = seen[s.id] {
                    errors.append(r.error(node, "statements[\(i)].id", "duplicate statement id '\(s.id)' (first at line \(first))"))
                    continue
                }
                seen[s.id] = node.line
                statements.append(s)
            } catch let e as LegalDataError {
                errors.append(e)
            }
        }
        let source = Source(
            id: id, kind: kind, number: try top["number"].map { try r.string($0, "number") }, title: title,
            short: try top["short"].map { try parseLabels($0, "short") },
            adopted: adopted, period: InForcePeriod(start: start, end: end), endedBy: pending.endsBy?.ref,
            amends: try top["amends"].map { try r.strings($0, "amends") } ?? [], reliability: status,
            url: try top["url"].map { try r.string($0, "url") }, note: try top["note"].map { try r.string($0, "note") },
            isDraft: isDraft, file: file, line: root.line, statements: statements)
        return (source, pending)
    }

    /// `verified` means the provision was read in a text of the act (law/README.md, "What verified
    /// means"): the citation names the provision, the copy read (its `url`, or the source's), the
    /// copy's language and the edition (the wording as of which date).
    private func checkVerified(_ c: Citation, sourceURL: String?, node: DataNode, path: String) throws {
        var missing: [String] = []
        if c.provision == nil { missing.append("provision") }
        if c.url == nil && sourceURL == nil { missing.append("url (the copy read)") }
        if c.language == nil { missing.append("language (of the copy read)") }
        if c.edition == nil { missing.append("edition (the wording read, as of YYYY-MM-DD)") }
        guard missing.isEmpty else {
            throw r.error(node, path, "a verified statement must say what was read: missing \(missing.joined(separator: ", ")); else mark it secondary")
        }
    }

    private func parseStatement(_ node: DataNode, path: String, sourceID: String, sourceStart: LegalDate) throws -> Statement {
        let m = try r.mapping(node, path)
        let contentKeys = Self.contentKeys
        try r.checkKeys(m, allowed: Self.statementKeys, path)
        guard let idNode = m["id"] else { throw r.error(node, "\(path).id", "a statement needs an id") }
        let id = try r.string(idNode, "\(path).id")
        guard isIdentifier(id) else {
            throw r.error(idNode, "\(path).id", "an id may hold only letters, digits, '-' and '_'")
        }
        guard let citeNode = m["cite"] else {
            throw r.error(node, "\(path).cite", "statement '\(id)' has no citation (cite: provision, status, basis or url)")
        }
        let citation = try r.citation(citeNode, "\(path).cite")
        let present = m.filter { contentKeys.contains($0.key) }
        let repeals = try m["repeals"].map { try r.strings($0, "\(path).repeals") } ?? []
        for ref in repeals where !ref.contains("#") {
            throw r.error(m["repeals"], "\(path).repeals", "'\(ref)' must name a statement as /akn/...#statement-id")
        }
        let content: Statement.Content
        switch present.count {
        case 0:
            guard !repeals.isEmpty else {
                throw r.error(node, path, "statement '\(id)' says nothing: give one of \(contentKeys.sorted().joined(separator: ", ")) or repeals")
            }
            content = .repeal
        case 1:
            content = try parseContent(present[0].key, present[0].value, "\(path).\(present[0].key)")
        default:
            throw r.error(node, path, "statement '\(id)' says more than one thing (\(present.map(\.key).joined(separator: ", "))): split it")
        }
        // Own dates: a missing side is taken from the source when the model is assembled.
        let from = try m["from"].map { try date($0, "\(path).from") }
        let to = try m["to"].map { try date($0, "\(path).to", openEnded: true) }
        // The end must not come before the start, its own or its source's; nor an open end's first
        // possible last day.
        let start = from ?? sourceStart
        if let to, to.latest < start.earliest || (to.isOpenEnded && to.earliest < start.earliest) {
            throw r.error(m["to"], "\(path).to", "dates out of order: until \(to) but from \(start)")
        }
        return Statement(id: id, sourceID: sourceID, content: content, citation: citation, ownStart: from,
                         ownEnd: to?.dayAfter(), repeals: repeals, line: node.line)
    }

    private func parseContent(_ kind: String, _ node: DataNode, _ path: String) throws -> Statement.Content {
        let m = try r.mapping(node, path)
        func need(_ key: String) throws -> DataNode {
            guard let n = m[key] else { throw r.error(node, "\(path).\(key)", "required field '\(key)' is missing") }
            return n
        }
        func entity(_ key: String, kinds: Set<Vocabulary.EntityKind>? = nil) throws -> String {
            let n = try need(key)
            return try checkEntity(try r.string(n, "\(path).\(key)"), n, "\(path).\(key)", kinds: kinds)
        }
        switch kind {
        case "establishes":
            try r.checkKeys(m, allowed: Self.establishesKeys, path)
            let body = try entity("body", kinds: Self.bodyKinds)
            let levels = try r.strings(try need("level"), "\(path).level")
            for level in levels where vocabulary.levels[level] == nil {
                throw unknown("level", level, m["level"], "\(path).level", vocabulary.levels.keys)
            }
            let branch = try r.string(try need("branch"), "\(path).branch")
            guard vocabulary.branches[branch] != nil else { throw unknown("branch", branch, m["branch"], "\(path).branch", vocabulary.branches.keys) }
            let headOf = try m["head_of"].map { try checkEntity(try r.string($0, "\(path).head_of"), $0, "\(path).head_of", kinds: [.body]) }
            let abolished = try m["abolished"].map { try r.bool($0, "\(path).abolished") } ?? false
            return .establishes(body: body, levels: levels, branch: branch, headOf: headOf, abolished: abolished)
        case "formation":
            let body = try entity("body", kinds: Self.bodyKinds)
            var fields: [String: Value] = [:]
            for (k, v) in m where k != "body" {
                guard let type = SourceParser.formationFields[k] else {
                    throw r.error(v, "\(path).\(k)", "unknown formation field '\(k)' (\(SourceParser.formationFields.keys.sorted().joined(separator: ", ")))")
                }
                if k == "method" {
                    let method = try r.string(v, "\(path).method")
                    guard vocabulary.formationMethods[method] != nil else {
                        throw unknown("formation method", method, v, "\(path).method", vocabulary.formationMethods.keys)
                    }
                    fields[k] = .string(method)
                } else if k == "procedure" {
                    let p = try r.string(v, "\(path).procedure")
                    guard vocabulary.procedures[p] != nil else { throw unknown("procedure", p, v, "\(path).procedure", vocabulary.procedures.keys) }
                    fields[k] = .string(p)
                } else {
                    fields[k] = try typedValue(v, type, "\(path).\(k)")
                }
            }
            guard fields["method"] != nil || fields.count > 0 else {
                throw r.error(node, path, "a formation statement needs at least one field besides 'body'")
            }
            return .formation(body: body, fields: fields)
        case "power":
            try r.checkKeys(m, allowed: Self.powerKeys, path)
            let holder = try entity("holder", kinds: Self.bodyKinds)
            let power = try r.string(try need("power"), "\(path).power")
            guard vocabulary.powers[power] != nil else { throw unknown("power", power, m["power"], "\(path).power", vocabulary.powers.keys) }
            let held = try m["held"].map { try r.bool($0, "\(path).held") } ?? true
            let jointly = try (m["jointly_with"].map { try r.strings($0, "\(path).jointly_with") } ?? []).map {
                try checkEntity($0, m["jointly_with"]!, "\(path).jointly_with", kinds: Self.bodyKinds)
            }
            return .power(holder: holder, power: power, held: held, jointlyWith: jointly.sorted())
        case "relation":
            try r.checkKeys(m, allowed: Self.relationKeys, path)
            let subject = try entity("subject")
            let type = try r.string(try need("type"), "\(path).type")
            guard vocabulary.relations[type] != nil else { throw unknown("relation", type, m["type"], "\(path).type", vocabulary.relations.keys) }
            let object = try entity("object")
            let about = try m["about"].map { n -> String in
                let t = try r.string(n, "\(path).about")
                guard vocabulary.topics[t] != nil else { throw unknown("topic", t, n, "\(path).about", vocabulary.topics.keys) }
                return t
            }
            let frequency = try m["frequency"].map { n -> String in
                let f = try r.string(n, "\(path).frequency")
                guard vocabulary.phrases[f] != nil else { throw unknown("frequency", f, n, "\(path).frequency", ["annual", "semi-annual", "on-request"]) }
                return f
            }
            let holds = try m["holds"].map { try r.bool($0, "\(path).holds") } ?? true
            return .relation(subject: subject, type: type, object: object, about: about, holds: holds, frequency: frequency)
        case "procedure":
            let name = try r.string(try need("name"), "\(path).name")
            guard let proc = vocabulary.procedures[name] else { throw unknown("procedure", name, m["name"], "\(path).name", vocabulary.procedures.keys) }
            var params: [String: Value] = [:]
            for (k, v) in m where k != "name" {
                guard let type = proc.parameters[k] else {
                    throw r.error(v, "\(path).\(k)", "procedure '\(name)' has no parameter '\(k)' (\(proc.parameters.keys.sorted().joined(separator: ", ")))")
                }
                params[k] = try typedValue(v, type, "\(path).\(k)")
            }
            guard !params.isEmpty else { throw r.error(node, path, "a procedure statement needs at least one parameter") }
            return .procedure(name: name, parameters: params)
        case "unit":
            // A type of administrative-territorial unit as the law defines it (Law No. 65 of 2008, art. 1).
            try r.checkKeys(m, allowed: Self.unitKeys, path)
            let level = try r.string(try need("level"), "\(path).level")
            guard vocabulary.levels[level] != nil else { throw unknown("level", level, m["level"], "\(path).level", vocabulary.levels.keys) }
            var fields: [String: Value] = [:]
            if let n = m["comprises"] {
                let levels = try r.strings(n, "\(path).comprises")
                for l in levels where vocabulary.levels[l] == nil { throw unknown("level", l, n, "\(path).comprises", vocabulary.levels.keys) }
                fields["comprises"] = .list(levels.map { .string($0) })
            }
            if let n = m["governed_by"] {
                fields["governed_by"] = try typedValue(n, .choice(SourceParser.governance), "\(path).governed_by")
            }
            if let n = m["created_by"] { fields["created_by"] = try typedValue(n, .entities, "\(path).created_by") }
            guard !fields.isEmpty else { throw r.error(node, path, "a unit statement needs comprises, governed_by or created_by") }
            return .unit(level: level, fields: fields)
        case "principle":
            try r.checkKeys(m, allowed: Self.principleKeys, path)
            let id = try r.string(try need("id"), "\(path).id")
            guard vocabulary.principles[id] != nil else { throw unknown("principle", id, m["id"], "\(path).id", vocabulary.principles.keys) }
            return .principle(id: id, holds: try m["holds"].map { try r.bool($0, "\(path).holds") } ?? true)
        default:
            throw r.error(node, path, "unknown statement kind '\(kind)'")
        }
    }

    /// Who governs a type of unit.
    static let governance = ["state-administration", "self-government", "state-administration-and-self-government"]

    /// A value of a declared type; `unknown` is accepted everywhere and shown as unknown.
    private func typedValue(_ node: DataNode, _ type: Vocabulary.ParameterType, _ path: @autoclosure () -> String) throws -> Value {
        if case .scalar("unknown", false, _) = node { return .string("unknown") }
        switch type {
        case .integer:
            let n = try r.int(node, path())
            guard n >= 0 else { throw r.error(node, path(), "must not be negative") }
            return .int(n)
        case .boolean: return .bool(try r.bool(node, path()))
        case .text: return .string(try r.string(node, path()))
        case .entity: return .string(try checkEntity(try r.string(node, path()), node, path(), kinds: nil))
        case .entities:
            return .list(try r.strings(node, path()).map { .string(try checkEntity($0, node, path(), kinds: nil)) })
        case .choice(let options):
            let s = try r.string(node, path())
            guard options.contains(s) else { throw r.error(node, path(), "'\(s)' is not one of \(options.joined(separator: ", "))") }
            return .string(s)
        case .threshold:
            let m = try r.mapping(node, path())
            try r.checkKeys(m, allowed: ["at_least", "more_than", "of"], path())
            let comparators = m.filter { $0.key == "at_least" || $0.key == "more_than" }
            guard comparators.count == 1 else { throw r.error(node, path(), "a threshold needs exactly one of at_least or more_than") }
            let fraction = try r.string(comparators[0].value, "\(path()).\(comparators[0].key)")
            guard Fraction(fraction) != nil else {
                throw r.error(comparators[0].value, "\(path()).\(comparators[0].key)", "'\(fraction)' is not a fraction between 0 and 1 such as 2/3 or 1/2")
            }
            guard let ofNode = m["of"] else { throw r.error(node, "\(path()).of", "a threshold must say what it counts (of: total-seats, elected-deputies, present, votes-cast)") }
            let base = try r.string(ofNode, "\(path()).of")
            guard vocabulary.thresholdBases[base] != nil else { throw unknown("threshold base", base, ofNode, "\(path()).of", vocabulary.thresholdBases.keys) }
            return .map([comparators[0].key: .string(fraction), "of": .string(base)])
        case .deadline:
            let m = try r.mapping(node, path())
            try r.checkKeys(m, allowed: ["within", "unit", "actor", "acts"], path())
            guard let w = m["within"], let u = m["unit"] else { throw r.error(node, path(), "a deadline needs 'within' and 'unit'") }
            let unit = try r.string(u, "\(path()).unit")
            guard vocabulary.durationUnits[unit] != nil else { throw unknown("duration unit", unit, u, "\(path()).unit", vocabulary.durationUnits.keys) }
            var out: [String: Value] = ["within": .int(try r.int(w, "\(path()).within")), "unit": .string(unit)]
            if let a = m["actor"] { out["actor"] = .string(try checkEntity(try r.string(a, "\(path()).actor"), a, "\(path()).actor", kinds: nil)) }
            if let a = m["acts"] {
                let act = try r.string(a, "\(path()).acts")
                guard vocabulary.phrases[act] != nil else { throw unknown("action", act, a, "\(path()).acts", []) }
                out["acts"] = .string(act)
            }
            return .map(out)
        }
    }

    private func checkEntity(_ id: String, _ node: DataNode, _ path: @autoclosure () -> String, kinds: Set<Vocabulary.EntityKind>?) throws -> String {
        guard let e = vocabulary.entities[id] else { throw unknown("body or post", id, node, path(), []) }
        if let kinds, !kinds.contains(e.kind) {
            throw r.error(node, path(), "'\(id)' is a \(e.kind.rawValue); here it must be a \(kinds.map(\.rawValue).sorted().joined(separator: " or "))")
        }
        return id
    }

    private func unknown(_ what: String, _ id: String, _ node: DataNode?, _ path: String, _ known: some Collection<String>) -> LegalDataError {
        let hint = known.isEmpty ? "" : " (known: \(known.sorted().prefix(12).joined(separator: ", "))\(known.count > 12 ? ", …" : ""))"
        return r.error(node, path, "unknown \(what) '\(id)': add it to vocabulary.yaml or correct the spelling\(hint)")
    }

    /// `openEnded`: a statement's own `to` may be `YYYY-MM-DD..` (its last day is that day or a later
    /// one not known: what was read stops at a wording of that day); no other date may.
    private func date(_ node: DataNode, _ path: @autoclosure () -> String, openEnded: Bool = false) throws -> LegalDate {
        let s = try r.string(node, path())
        guard let d = LegalDate(parsing: s), openEnded || !d.isOpenEnded else {
            throw r.error(node, path(), "'\(s)' is not a date: write YYYY-MM-DD, or YYYY-MM / YYYY when only that much is known"
                          + (openEnded ? " (or YYYY-MM-DD.. when only the first possible last day is known)" : ""))
        }
        return d
    }

    private func parseLabels(_ node: DataNode, _ path: @autoclosure () -> String) throws -> Labels {
        var out: [String: String] = [:]
        for (k, v) in try r.mapping(node, path()) {
            guard Language(rawValue: k) != nil else { throw r.error(v, "\(path()).\(k)", "unknown language '\(k)' (use ky, ru, en)") }
            out[k] = try r.string(v, "\(path()).\(k)")
        }
        guard !out.isEmpty else { throw r.error(node, path(), "needs at least one label") }
        return Labels(out)
    }
}

/// A fraction such as 2/3, used by quorums and majorities.
public struct Fraction: Hashable, Sendable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let n = Int(parts[0]), let d = Int(parts[1]), d > 0, n > 0, n <= d else { return nil }
        numerator = n
        denominator = d
    }

    public var description: String { "\(numerator)/\(denominator)" }
}
