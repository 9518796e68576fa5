import Law
import WorkingDays

/// Renders derived lines in Kyrgyz, Russian or English, each with its citation.
public struct ProcedureText: Sendable {
    public let law: LawText
    public var language: Language { law.language }

    public init(model: LegalModel, language: Language) { law = LawText(model: model, language: language) }

    public func arg(_ a: Arg) -> String {
        switch a {
        case .text(let s): s
        case .label(let id): law.label(id)
        case .day(let d): d.description
        case .count(let n): String(n)
        case .value(let v): law.render(v)
        case .phrase(let p): law.phrase(p)
        }
    }

    public func basis(_ b: Basis) -> String {
        switch b {
        case .law(let i): " " + law.citation(i)
        case .unknown(let i): " " + law.citation(i)
        case .silent: ""
        case .calendar: " [" + words("calendar") + "]"
        // The reasoning is a note written in English, like a citation's basis: only English readers see it.
        case .inference(let s): " [" + words("inference") + (language == .en ? ": \(s)" : "") + "]"
        }
    }

    /// The sentence without its citation.
    public func sentence(_ l: Line) -> String {
        var t = words(l.key)
        for (i, a) in l.args.enumerated() { t = t.replacingOccurrences(of: "{\(i)}", with: arg(a)) }
        // English labels carry no article ("President", "district kenesh"); a template adds "the" where
        // the sentence needs it. A data file's own label written with one would double it: said once.
        if language == .en { t = t.replacingOccurrences(of: "the the ", with: "the ").replacingOccurrences(of: "The the ", with: "The ") }
        return t
    }

    /// The sentence with its citation.
    public func render(_ l: Line) -> String { sentence(l) + basis(l.basis) }

    /// A phrase of the vocabulary (law/vocabulary.yaml), in the reader's language.
    public func words(_ key: String) -> String { law.phrase(key) }

    public func status(_ s: DeadlineStatus) -> String {
        switch s {
        case .running: words("st-running")
        case .met(let d): words("st-met").replacingOccurrences(of: "{0}", with: d.description)
        case .late(let d): words("st-late").replacingOccurrences(of: "{0}", with: d.description)
        case .missed: words("st-missed")
        }
    }

    /// Why an event (or a procedure file) was refused, in the reader's language: the phrase
    /// `e.key` of law/vocabulary.yaml filled with `e.args`, after «N-кадам: » / «шаг N: » when the
    /// error names an event. English is the error's own text (``ProcedureError/description``),
    /// byte for byte, as the command line and the API have always said it; an error without a
    /// phrase (one of another layer) is said in English in every language.
    public func error(_ e: ProcedureError) -> String {
        guard language != .en, let key = e.key, law.hasPhrase(key) else { return e.description }
        let reason = fill(words(key), e.args)
        guard let n = e.event else { return reason }
        return fill(words("err-event-prefix"), [.count(n)]) + reason
    }

    /// `{0}`, `{1}` … of a template replaced by the arguments, in one pass: an argument's own text
    /// (a name a user typed with braces in it) is never read as a placeholder.
    private func fill(_ template: String, _ args: [Arg]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out.append(contentsOf: rest[..<open])
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let i = Int(after[..<close]), i >= 0, i < args.count {
                out.append(contentsOf: arg(args[i]))
                rest = after[after.index(after: close)...]
            } else {
                out.append("{")
                rest = after
            }
        }
        out.append(contentsOf: rest)
        return out
    }

    // The words live in law/vocabulary.yaml (phrases), with every other wording of Aimak.

}
