/// Labels in the three languages of Aimak. Keys: `ky`, `ru`, `en`.
public struct Labels: Hashable, Sendable {
    public var byLanguage: [String: String]

    public init(_ byLanguage: [String: String]) { self.byLanguage = byLanguage }

    /// The label in `language`, falling back to English, then Russian, then Kyrgyz.
    public func text(_ language: Language) -> String {
        byLanguage[language.rawValue] ?? byLanguage["en"] ?? byLanguage["ru"] ?? byLanguage["ky"] ?? ""
    }
}

/// The languages of every label and explanation.
public enum Language: String, CaseIterable, Sendable, Codable {
    case ky, ru, en
}

/// The documented identifiers a legal data file may use: levels, branches, bodies and posts,
/// powers, relations, topics, procedures and their parameters, principles.
///
/// A new law that needs a new kind of body adds it here (data), not in Swift.
public struct Vocabulary: Sendable {
    public struct Branch: Sendable {
        public var labels: Labels
        /// `state` or `self-government`: what the constitutional principles compare.
        public var sphere: Sphere
        /// A representative body (a soviet, a kenesh): elected by the population under the principles.
        public var representative: Bool
    }

    public enum Sphere: String, Sendable, Codable { case state, selfGovernment = "self-government" }

    public enum EntityKind: String, Sendable, Codable {
        /// A body or a post that exists because a statement establishes it.
        case body, post
        /// A whole system (local self-government, the system of state power): no founding statement.
        case system
        /// The population of a unit: elects, never established.
        case electorate
    }

    public struct Entity: Sendable {
        public var kind: EntityKind
        public var labels: Labels
        /// For systems: which sphere the system is (a body's sphere comes from its branch).
        public var sphere: Sphere?
    }

    public struct Relation: Sendable {
        public var labels: Labels
        /// A state body holding this relation over a self-government body directs or controls it
        /// beyond review of lawfulness: the non-interference principle flags it.
        public var interferes: Bool
        /// The relation makes the subject a part of the object's system.
        public var incorporates: Bool
    }

    public enum ParameterType: Sendable {
        case threshold, integer, boolean, deadline, entity, entities, text
        case choice([String])
    }

    public struct Procedure: Sendable {
        public var labels: Labels
        public var parameters: [String: ParameterType]
    }

    public var levels: [String: Labels] = [:]
    public var branches: [String: Branch] = [:]
    public var entities: [String: Entity] = [:]
    public var powers: [String: Labels] = [:]
    public var relations: [String: Relation] = [:]
    public var topics: [String: Labels] = [:]
    public var formationMethods: [String: Labels] = [:]
    public var thresholdBases: [String: Labels] = [:]
    public var durationUnits: [String: Labels] = [:]
    public var procedures: [String: Procedure] = [:]
    public var principles: [String: Labels] = [:]
    public var sourceKinds: [String: Labels] = [:]
    public var phrases: [String: Labels] = [:]

    /// The label of any id of the vocabulary in `language`, the sections looked up in this order;
    /// the id itself when no section has it.
    public func label(_ id: String, _ language: Language) -> String {
        // Looked up one section after another, not through a list of closures: each closure held
        // a copy of the whole vocabulary, and a page or an answer asks for hundreds of labels.
        if let l = entities[id]?.labels { return l.text(language) }
        if let l = powers[id] ?? relations[id]?.labels { return l.text(language) }
        if let l = topics[id] ?? levels[id] ?? branches[id]?.labels { return l.text(language) }
        if let l = formationMethods[id] ?? thresholdBases[id] ?? durationUnits[id] { return l.text(language) }
        if let l = procedures[id]?.labels ?? principles[id] { return l.text(language) }
        if let l = sourceKinds[id] ?? phrases[id] { return l.text(language) }
        return id
    }

    /// A fixed phrase of the explanations (`appointed-by`, `secondary-source` …) in `language`.
    public func phrase(_ id: String, _ language: Language) -> String {
        phrases[id]?.text(language) ?? id
    }
}

extension Vocabulary {
    /// Reads `vocabulary.yaml`.
    public static func parse(_ text: String, file: String) throws -> Vocabulary {
        try read(try DataNode.parse(text, file: file), file: file)
    }

    /// Reads the vocabulary from its parsed document.
    public static func read(_ root: DataNode, file: String) throws -> Vocabulary {
        let r = NodeReader(file: file)
        let top = try r.mapping(root, "")
        try r.checkKeys(top, allowed: ["levels", "branches", "entities", "powers", "relations", "topics",
                                       "formation-methods", "threshold-bases", "duration-units", "procedures",
                                       "principles", "source-kinds", "phrases"], "")
        var v = Vocabulary()

        func labels(_ node: DataNode, _ path: String, extra: Set<String> = []) throws -> Labels {
            let pairs = try r.mapping(node, path)
            var out: [String: String] = [:]
            for (k, value) in pairs where !extra.contains(k) {
                guard Language(rawValue: k) != nil else {
                    throw r.error(value, "\(path).\(k)", "unknown language '\(k)' (use ky, ru, en)")
                }
                out[k] = try r.string(value, "\(path).\(k)")
            }
            guard out["en"] != nil else { throw r.error(node, path, "needs at least an English label (en)") }
            return Labels(out)
        }

        func section(_ name: String, extra: Set<String> = [], _ body: (String, DataNode, String) throws -> Void) throws {
            guard let node = top[name] else { return }
            for (id, value) in try r.mapping(node, name) { try body(id, value, "\(name).\(id)") }
        }

        try section("levels") { id, n, p in v.levels[id] = try labels(n, p) }
        try section("branches") { id, n, p in
            let pairs = try r.mapping(n, p)
            guard let sphereNode = pairs["sphere"], let sphere = Sphere(rawValue: try r.string(sphereNode, "\(p).sphere")) else {
                throw r.error(n, "\(p).sphere", "must be 'state' or 'self-government'")
            }
            let representative = try pairs["representative"].map { try r.bool($0, "\(p).representative") } ?? false
            v.branches[id] = Branch(labels: try labels(n, p, extra: ["sphere", "representative"]),
                                    sphere: sphere, representative: representative)
        }
        try section("entities") { id, n, p in
            let pairs = try r.mapping(n, p)
            guard let kindNode = pairs["kind"], let kind = EntityKind(rawValue: try r.string(kindNode, "\(p).kind")) else {
                throw r.error(n, "\(p).kind", "must be one of body, post, system, electorate")
            }
            let sphere = try pairs["sphere"].map { node -> Sphere in
                guard let s = Sphere(rawValue: try r.string(node, "\(p).sphere")) else {
                    throw r.error(node, "\(p).sphere", "must be 'state' or 'self-government'")
                }
                return s
            }
            v.entities[id] = Entity(kind: kind, labels: try labels(n, p, extra: ["kind", "sphere"]), sphere: sphere)
        }
        try section("powers") { id, n, p in v.powers[id] = try labels(n, p) }
        try section("relations") { id, n, p in
            let pairs = try r.mapping(n, p)
            v.relations[id] = Relation(
                labels: try labels(n, p, extra: ["interferes", "incorporates"]),
                interferes: try pairs["interferes"].map { try r.bool($0, "\(p).interferes") } ?? false,
                incorporates: try pairs["incorporates"].map { try r.bool($0, "\(p).incorporates") } ?? false)
        }
        try section("topics") { id, n, p in v.topics[id] = try labels(n, p) }
        try section("formation-methods") { id, n, p in v.formationMethods[id] = try labels(n, p) }
        try section("threshold-bases") { id, n, p in v.thresholdBases[id] = try labels(n, p) }
        try section("duration-units") { id, n, p in v.durationUnits[id] = try labels(n, p) }
        try section("principles") { id, n, p in v.principles[id] = try labels(n, p) }
        try section("source-kinds") { id, n, p in v.sourceKinds[id] = try labels(n, p) }
        try section("phrases") { id, n, p in v.phrases[id] = try labels(n, p) }
        try section("procedures") { id, n, p in
            let pairs = try r.mapping(n, p)
            var params: [String: ParameterType] = [:]
            if let pn = pairs["parameters"] {
                for (name, tn) in try r.mapping(pn, "\(p).parameters") {
                    let path = "\(p).parameters.\(name)"
                    switch tn {
                    case .sequence:
                        params[name] = .choice(try r.strings(tn, path))
                    default:
                        switch try r.string(tn, path) {
                        case "threshold": params[name] = .threshold
                        case "integer": params[name] = .integer
                        case "boolean": params[name] = .boolean
                        case "deadline": params[name] = .deadline
                        case "entity": params[name] = .entity
                        case "entities": params[name] = .entities
                        case "text": params[name] = .text
                        case let other:
                            throw r.error(tn, path, "unknown parameter type '\(other)' (threshold, integer, boolean, deadline, entity, entities, text, or a list of choices)")
                        }
                    }
                }
            }
            v.procedures[id] = Procedure(labels: try labels(n, p, extra: ["parameters"]), parameters: params)
        }
        return v
    }
}
