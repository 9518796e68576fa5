import WorkingDays

/// The kind of a legal source, which fixes its rank in the hierarchy of acts.
public enum SourceKind: String, Sendable, Codable, CaseIterable {
    case constitution
    case constitutionalLaw = "constitutional-law"
    case code
    case law
    case decree
    case resolution

    /// Higher wins: constitution > constitutional law > code/law > decree > resolution.
    public var rank: Int {
        switch self {
        case .constitution: 5
        case .constitutionalLaw: 4
        case .code, .law: 3
        case .decree: 2
        case .resolution: 1
        }
    }
}

/// How well a statement is established: the tags of `reference/kg-law-facts.md`.
public enum Reliability: String, Sendable, Codable, CaseIterable {
    /// Read in the text of the act itself.
    case verified
    /// From a secondary source (the seed article, news, commentary).
    case secondary
    /// Inferred from two or more facts.
    case inference
    /// Not checked against any reference: to be confirmed before it is relied on.
    case unverified
}

/// Where a statement comes from: the provision of its source and how reliable the reading is.
public struct Citation: Hashable, Sendable {
    /// Akoma Ntoso portion of the source, e.g. `art_14__para_2`; nil when the article is not known.
    public var provision: String?
    public var reliability: Reliability
    /// What the statement rests on when it is not the law's text (e.g. `seed article l.218-235`).
    public var basis: String?
    public var url: String?
    public var note: String?
    /// The language of the copy read (`ky`, `ru`, `en` for a translation …).
    public var language: String?
    /// The wording read: the date of the edition (a consolidated text as amended on that day).
    public var edition: String?

    public init(provision: String?, reliability: Reliability, basis: String? = nil, url: String? = nil, note: String? = nil,
                language: String? = nil, edition: String? = nil) {
        (self.provision, self.reliability, self.basis, self.url, self.note, self.language, self.edition) =
            (provision, reliability, basis, url, note, language, edition)
    }
}

/// One legal source (constitution edition, law, amendment, decree, draft), read from one file.
public struct Source: Sendable, Identifiable {
    /// Akoma Ntoso work URI, e.g. `/akn/kg/act/2008/99`.
    public var id: String
    public var kind: SourceKind
    public var number: String?
    public var title: Labels
    /// A short name for citations (`Law No. 99 (2008)`); derived from kind, number and year when absent.
    public var short: Labels?
    public var adopted: LegalDate?
    public var period: InForcePeriod
    /// The source whose entry into force ended this one, when the file says so.
    public var endedBy: String?
    /// Sources this one amends (an amending act, a new wording).
    public var amends: [String]
    public var reliability: Reliability
    public var url: String?
    public var note: String?
    /// A draft: not law; put on top of the law in force only when asked.
    public var isDraft: Bool
    public var file: String
    public var line: Int
    public var statements: [Statement]

    /// `/akn/kg/act/2008/99/!main~art_14`.
    public func provisionURI(_ provision: String?) -> String {
        guard let provision else { return id }
        return "\(id)/!main~\(provision)"
    }
}

/// One statement of a source: a single thing the law says, with its citation.
public struct Statement: Sendable {
    public var id: String
    public var sourceID: String
    public var content: Content
    public var citation: Citation
    /// Own commencement, when the statement does not follow its source's.
    public var ownStart: LegalDate?
    /// Own end (exclusive), when the statement ends before its source.
    public var ownEnd: LegalDate?
    /// Statements this one repeals explicitly (`/akn/...#statement-id`).
    public var repeals: [String]
    public var line: Int

    /// Globally unique: `/akn/kg/act/2008/99#akim-formation`.
    public var ref: String { "\(sourceID)#\(id)" }

    public enum Content: Sendable {
        /// A body or post exists at a level, in a branch (or is abolished).
        case establishes(body: String, levels: [String], branch: String, headOf: String?, abolished: Bool)
        /// How a body or post is formed; each field is a fact of its own.
        case formation(body: String, fields: [String: Value])
        /// A body holds (or no longer holds) a power, possibly jointly with others.
        case power(holder: String, power: String, held: Bool, jointlyWith: [String])
        /// A relation between two bodies (or a body and a system).
        case relation(subject: String, type: String, object: String, about: String?, holds: Bool, frequency: String?)
        /// The numbers of a procedure (quorum, majority, rounds, deadlines).
        case procedure(name: String, parameters: [String: Value])
        /// A constitutional principle holds (or is dropped).
        case principle(id: String, holds: Bool)
        /// A type of administrative-territorial unit: what it comprises, who governs it, who creates it.
        case unit(level: String, fields: [String: Value])
        /// Only repeals other statements.
        case repeal
    }

    /// The entities this statement speaks of (for referential checks).
    public var entitiesMentioned: [String] {
        switch content {
        case .establishes(let body, _, _, let headOf, _): return [body] + (headOf.map { [$0] } ?? [])
        case .formation(let body, let fields):
            var out = [body]
            for key in Statement.formationEntityFields { out += fields[key]?.listValue?.compactMap(\.stringValue) ?? [] }
            if let by = fields["by"]?.stringValue { out.append(by) }
            return out
        case .power(let holder, _, _, let jointly): return [holder] + jointly
        case .relation(let s, _, let o, _, _, _): return [s, o]
        case .procedure(_, let params):
            return params.values.flatMap { v -> [String] in
                if let s = v["actor"]?.stringValue { return [s] }
                return []
            }
        case .unit(_, let fields): return fields["created_by"]?.listValue?.compactMap(\.stringValue) ?? []
        case .principle, .repeal: return []
        }
    }

    static let formationEntityFields = ["on_proposal_of", "with_consent_of", "in_agreement_with", "dismissed_by"]
}
