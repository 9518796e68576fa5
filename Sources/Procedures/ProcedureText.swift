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
        case .missed: words("st-missed")
        }
    }

    // The words live in law/vocabulary.yaml (phrases), with every other wording of Aimak.

}
