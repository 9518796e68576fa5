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

    /// `[Law No. 99 (2008) art. 14 · secondary source: seed article l.218-235]`; in Kyrgyz
    /// `[Мыйзам № 99 (2008) 14-берене · экинчи даражадагы булак]`.
    public func citation(_ entryIndex: Int) -> String {
        let entry = model.entries[entryIndex]
        let source = model.source(of: entry)
        let c = entry.statement.citation
        var text = shortName(source)
        text += " " + (c.provision.map { provision($0) } ?? phrase("article-unknown"))
        var tag = phrase("reliability-\(c.reliability.rawValue)")
        // The basis is a reviewer's note written in English: only English readers see it.
        if language == .en, let basis = c.basis { tag += ": \(basis)" }
        return "[\(text) · \(tag)]"
    }

    /// An Akoma Ntoso provision id in words: `art_14` is «14-берене», «статья 14», "art. 14";
    /// `art_2__para_2` is «2-берененин 2-бөлүгү», «часть 2 статьи 2», "art. 2(2)".
    /// Each part (`art`, `chp`, `sec`, `para`, `point`, `subpara`) reads by the phrases
    /// `provision-<part>` (alone), `-outer`, `-middle`, `-inner`; `provision-order` says whether the
    /// outer part comes first and whether the parts are joined without a space.
    /// An id of any other shape is shown as it is.
    public func provision(_ id: String) -> String {
        let segments = id.replacing("__", with: "/").split(separator: "/", omittingEmptySubsequences: false)
        var words: [String] = []
        for (i, segment) in segments.enumerated() {
            guard let cut = segment.lastIndex(of: "_") else { return id }
            let kind = String(segment[..<cut])
            let number = String(segment[segment.index(after: cut)...])
            guard !kind.isEmpty, !number.isEmpty else { return id }
            let form = segments.count == 1 ? "" : i == 0 ? "-outer" : i == segments.count - 1 ? "-inner" : "-middle"
            let key = "provision-\(kind)\(form)"
            guard hasPhrase(key) else { return id }
            words.append(phrase(key).replacing("{n}", with: number))
        }
        let order = phrase("provision-order")
        if order.hasPrefix("inner-first") { words.reverse() }
        return words.joined(separator: order.hasSuffix("joined") ? "" : " ")
    }

    /// A date the sources give only to the year or month, in words:
    /// `2002 (between 2002-01-12 and 2002-12-31)`, «2002 (2002-01-12 – 2002-12-31 аралыгында)».
    public func date(_ d: LegalDate) -> String {
        if d.isExact { return d.earliest.description }
        if d.isOpenEnded { return fill(phrase("date-open-range"), ["from": d.earliest.description]) }
        var values = ["from": d.earliest.description, "to": d.latest.description]
        // An end written `after 2008` is said by its range alone.
        if d.written.hasPrefix("after ") { return fill(phrase("date-range"), values) }
        values["written"] = d.written
        return fill(phrase("date-written-range"), values)
    }

    /// Whether the vocabulary has the phrase `id`.
    public func hasPhrase(_ id: String) -> Bool { vocabulary.phrases[id] != nil }

    /// The phrase `id`, or `fallback` when the vocabulary has none.
    public func phrase(_ id: String, else fallback: String) -> String { hasPhrase(id) ? phrase(id) : fallback }

    /// A template of the vocabulary with its `{name}` placeholders filled in.
    public func fill(_ template: String, _ values: [String: String]) -> String {
        var text = template
        for (name, value) in values { text = text.replacing("{\(name)}", with: value) }
        return text
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
                // «депутаттардын жалпы санынын кеминде үчтөн экиси», «не менее двух третей от общего
                // числа депутатов»: the template of the comparison, the fraction and the base in words.
                let comparison = m["at_least"] != nil ? "at-least" : "more-than"
                let fraction = "fraction-" + f.description.replacing("/", with: "-")
                return fill(phrase("threshold-\(comparison)"), [
                    "fraction": phrase(fraction, else: f.description),
                    "fraction-from": phrase(fraction + "-from", else: f.description),
                    "of": phrase("of-\(of.stringValue ?? "")", else: render(of)),
                ])
            }
            if let within = m["within"], let unit = m["unit"] {
                // «20 иш күндүн ичинде», «в течение 20 рабочих дней», "within 20 working days".
                let span = fill(phrase("within-\(unit.stringValue ?? "")", else: phrase("within-unit")),
                                ["n": render(within), "unit": render(unit)])
                if let actor = m["actor"], let acts = m["acts"] {
                    return fill(phrase("deadline-actor-acts"), ["actor": render(actor), "acts": render(acts), "within": span])
                }
                var text = span
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
            if let head = value["head_of"]?.stringValue {
                // «облустук мамлекеттик администрациянын башчысы»: the body's genitive, where the
                // vocabulary has it (`genitive-<body>`), else the suffix-free «башчылык кылат: …».
                text += "; " + (hasPhrase("genitive-\(head)")
                    ? fill(phrase("head-of-template"), ["0": phrase("genitive-\(head)")])
                    : "\(phrase("head_of")): \(label(head))")
            }
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

    /// A note for a fact that is not certain on `day`: whether its start or its end is the date not
    /// known.
    /// Why a period is uncertain on a day: its start, or its end, known only to a range.
    public func uncertaintyNote(_ period: InForcePeriod, on day: Day) -> String {
        if let end = period.end, period.impreciseDate(on: day) == .end { return "\(phrase("uncertain-end")): \(date(end))" }
        return "\(phrase("uncertain")): \(date(period.start))"
    }

    public func certaintyNote(_ fact: ResolvedFact, on day: Day) -> String? {
        switch fact.certainty {
        case .certain: return nil
        case .uncertain:
            return uncertaintyNote(model.entries[fact.entry].period, on: day)
        case .conflict:
            return phrase("conflict") + ": " + ([fact.entry] + fact.others).filter { model.tied($0, fact.entry) }
                .map { model.entries[$0].statement.ref }.joined(separator: " / ")
        }
    }

    /// A fact's slot named without its value: `akim — on the proposal of`.
    public func factName(_ key: FactKey) -> String {
        let p = FactPath(key).parts.map(String.init)
        guard p.count >= (p.first == "body" || p.first == "principle" ? 2 : 3) else { return key }  // a partial key names itself
        switch p.first {
        // A body's slot is the body itself: describing it with an empty value would print its
        // missing branch and levels as "— ; no".
        case "body": return label(p[1])
        case "formation": return "\(label(p[1])) — \(phrase(p[2]))"
        case "procedure": return "\(label(p[1])) — \(phrase(p[2]))"
        case "unit": return "\(phrase("unit")) «\(label(p[1]))» — \(phrase(p[2]))"
        default: return describeWithSubject(key, .map([:])).replacing(" — \(phrase("denied"))", with: "")
        }
    }

    /// A finding in words.
    public func describe(_ finding: Finding) -> String {
        var text = phrase(finding.rule)
        for (k, v) in finding.subjects {
            let shown = k == "fact" ? factName(v) : label(v)
            text = text.replacing("{\(k)}", with: shown)
        }
        return text
    }
}
