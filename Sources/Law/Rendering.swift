import WorkingDays

/// Turns resolved facts, citations and findings into words in Kyrgyz, Russian or English.
/// Every phrase comes from the vocabulary, so a wording is corrected in data, not in Swift.
public struct LawText: Sendable {
    public let model: LegalModel
    public let language: Language

    public init(model: LegalModel, language: Language) {
        self.model = model
        self.language = language
    }

    var vocabulary: Vocabulary { model.vocabulary }

    public func label(_ id: String) -> String { vocabulary.label(id, language) }
    public func phrase(_ id: String) -> String { vocabulary.phrase(id, language) }

    /// The order in which formation fields read: method, who, on whose proposal, with whose consent … dismissal.
    public static let formationOrder = ["method", "by", "on_proposal_of", "with_consent_of", "in_agreement_with", "procedure",
                                        "candidates_at_least", "from_reserve", "native_ban", "term_years", "max_terms", "dismissed_by"]

    /// `Law No. 99 (2008)`.
    public func shortName(_ source: Source) -> String {
        if let short = source.short { return short.text(language) }
        var name = label(source.kind.rawValue)
        if let n = source.number { name += " № \(n)" }
        if let y = source.adopted?.earliest.year ?? Optional(source.period.start.earliest.year) { name += " (\(y))" }
        return name
    }

    /// `[Law No. 99 (2008) art_14 · secondary: seed article l.218-235]`.
    public func citation(_ entryIndex: Int) -> String {
        let entry = model.entries[entryIndex]
        let source = model.source(of: entry)
        let c = entry.statement.citation
        var text = shortName(source)
        text += " " + (c.provision ?? phrase("article-unknown"))
        var tag = phrase("reliability-\(c.reliability.rawValue)")
        if let basis = c.basis { tag += ": \(basis)" }
        return "[\(text) · \(tag)]"
    }

    /// A value in words: ids become labels, thresholds and deadlines become phrases.
    public func render(_ value: Value?) -> String {
        guard let value else { return phrase("denied") }
        switch value {
        case .bool(let b): return phrase(b ? "yes" : "no")
        case .int(let n): return String(n)
        case .string(let s): return s == "unknown" ? phrase("unknown-value") : label(s)
        case .list(let items): return items.isEmpty ? phrase("none") : items.map { render($0) }.joined(separator: ", ")
        case .map(let m):
            if let f = m["at_least"] ?? m["more_than"], let of = m["of"] {
                let cmp = m["at_least"] != nil ? phrase("at-least") : phrase("more-than")
                return "\(cmp) \(f) \(phrase("of")) \(render(of))"
            }
            if let within = m["within"], let unit = m["unit"] {
                var text = "\(phrase("within")) \(render(within)) \(render(unit))"
                if let actor = m["actor"] { text += ": \(render(actor))" }
                if let acts = m["acts"] { text += " — \(render(acts))" }
                return text
            }
            if m.isEmpty { return "" }
            return m.keys.sorted().map { "\(phrase($0)): \(render(m[$0]))" }.joined(separator: "; ")
        }
    }

    /// One fact as a line: what it says, without its citation.
    public func describe(_ key: FactKey, _ value: Value?) -> String {
        let p = FactPath(key).parts.map(String.init)
        switch p.first {
        case "body":
            guard let value else { return "\(label(p[1])): \(phrase("abolished"))" }
            var text = "\(label(p[1])) — \(label(value["branch"]?.stringValue ?? "")); \(render(value["levels"]))"
            if let head = value["head_of"]?.stringValue { text += "; \(phrase("head_of")) \(label(head))" }
            return text
        case "formation":
            return "\(phrase(p[2])): \(render(value))"
        case "power":
            guard let value else { return "\(phrase("power")): \(label(p[2])) — \(phrase("denied"))" }
            var text = "\(phrase("power")): \(label(p[2]))"
            if let jointly = value["jointly_with"] { text += " (\(phrase("jointly_with")) \(render(jointly)))" }
            return text
        case "relation":
            var text = "\(label(p[2])): \(label(p[3]))"
            if p.count > 4 { text += " — \(label(p[4]))" }
            if let f = value?["frequency"] { text += " (\(render(f)))" }
            if value == nil { text += " — \(phrase("denied"))" }
            return text
        case "procedure":
            return "\(phrase(p[2])): \(render(value))"
        case "principle":
            return label(p[1])
        case "unit":
            return "\(phrase(p[2])): \(render(value))"
        default:
            return key
        }
    }

    /// The whole key in words, with the body it belongs to (for diffs and explanations).
    public func describeWithSubject(_ key: FactKey, _ value: Value?) -> String {
        let p = FactPath(key).parts.map(String.init)
        switch p.first {
        case "formation", "power", "relation": return "\(label(p[1])) — \(describe(key, value))"
        case "procedure": return "\(label(p[1])) — \(describe(key, value))"
        case "principle": return "\(phrase("principle")): \(label(p[1]))"
        case "unit": return "\(phrase("unit")) «\(label(p[1]))» — \(describe(key, value))"
        default: return describe(key, value)
        }
    }

    /// A note for a fact that is not certain.
    public func certaintyNote(_ fact: ResolvedFact) -> String? {
        switch fact.certainty {
        case .certain: return nil
        case .uncertain:
            let e = model.entries[fact.entry]
            return "\(phrase("uncertain")): \(e.period.start.description)"
        case .conflict:
            return phrase("conflict") + ": " + ([fact.entry] + fact.others).filter { model.tied($0, fact.entry) }
                .map { model.entries[$0].statement.ref }.joined(separator: " / ")
        }
    }

    /// A fact's slot named without its value: `akim — on the proposal of`.
    public func factName(_ key: FactKey) -> String {
        let p = FactPath(key).parts.map(String.init)
        switch p.first {
        case "formation": return "\(label(p[1])) — \(phrase(p[2]))"
        case "procedure": return "\(label(p[1])) — \(phrase(p[2]))"
        case "unit": return "\(phrase("unit")) «\(label(p[1]))» — \(phrase(p[2]))"
        default: return describeWithSubject(key, .map([:])).replacingOccurrences(of: " — \(phrase("denied"))", with: "")
        }
    }

    /// A finding in words.
    public func describe(_ finding: Finding) -> String {
        var text = phrase(finding.rule)
        for (k, v) in finding.subjects {
            let shown = k == "fact" ? factName(v) : label(v)
            text = text.replacingOccurrences(of: "{\(k)}", with: shown)
        }
        return text
    }
}
