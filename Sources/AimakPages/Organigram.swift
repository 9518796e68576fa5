import AimakApp
import Law

/// The system on a day drawn as a lawyer draws it on a board: the levels (republic, oblast,
/// district, city, ayil aimak) as bands, the state on the left and self-government on the right,
/// each body and post a box, each relation between them an arrow whose title is its citation.
///
/// Built only from the facts of a ``SystemAnswer`` (`body/…`, `formation/…`, `relation/…`), so
/// the picture cannot say more than the answer the API gives.
public struct Organigram: Sendable {
    public struct TextLine: Sendable { public var x: Int; public var y: Int; public var text: String }

    public struct Box: Sendable {
        public var id: String
        public var label: String
        public var x: Int, y: Int, w: Int, h: Int
        public var sphere: String
        public var level: String
        public var isPost: Bool
        /// Elected by the population (no box for the population: a badge on the body).
        public var elected: Bool
        /// Not verified in a text, or its date uncertain.
        public var dashed: Bool
        /// added, removed or changed, when two days are compared; empty otherwise.
        public var mark: String
        public var lines: [TextLine]
        public var title: String
        public var href: String
        public var badgeX: Int, badgeY: Int
    }

    public struct Arrow: Sendable {
        /// appoints, elects, proposes, consents, reports-to, may-suspend-acts-of, coordinates …
        public var kind: String
        /// The arrow's colour class: one of the legend's.
        public var style: String
        public var from: String, to: String
        public var path: String
        public var dashed: Bool
        public var mark: String
        public var title: String
    }

    public struct Band: Sendable {
        public var level: String
        public var label: String
        public var y: Int, h: Int
        public var labelY: Int
        public var shaded: Bool
    }

    public var width: Int
    public var height: Int
    public var bands: [Band]
    public var boxes: [Box]
    public var arrows: [Arrow]
    public var date: String
    /// The two half-titles over the columns.
    public var stateLabel: String
    public var selfGovernmentLabel: String
    public var middle: Int
    public var middleLeft: Int
    public var middleRight: Int
    public var bandWidth: Int
    public var styles: [String] = Organigram.styles
    /// Makes the SVG's ids unique when two organigrams share a page.
    public var idPrefix: String

    /// Arrow styles in the legend, in order.
    public static let styles = ["appoints", "elects", "proposes", "consents", "reports", "suspends", "coordinates", "other"]

    static let levelOrder = ["republic", "oblast", "district", "city", "ayil-aimak"]

    /// The band a level is drawn in: a village's bodies sit with the ayil aimak's, "local" ones with the district's.
    static func band(_ level: String) -> String? {
        switch level {
        case "village", "settlement": "ayil-aimak"
        case "local": "district"
        default: levelOrder.contains(level) ? level : nil
        }
    }

    static func style(_ kind: String) -> String {
        switch kind {
        case "appoints": "appoints"
        case "elects": "elects"
        case "proposes": "proposes"
        case "consents", "agrees": "consents"
        case "reports-to", "accountable-to", "informs", "submits-to": "reports"
        case "may-suspend-acts-of", "may-change-acts-of": "suspends"
        case "coordinates", "directs", "subordinate-to", "may-give-binding-instructions-to", "may-require-work-plans-of": "coordinates"
        default: "other"
        }
    }

    /// Lays out the system on a day. `compare` is the other day's system when two are compared:
    /// boxes and arrows missing there are marked `removed` (on the earlier day) or `added` (on the
    /// later), and bodies whose facts changed are marked `changed`.
    public init(_ system: SystemAnswer, words: PageWords, language: Language, compare: SystemAnswer? = nil, laterThanCompare: Bool = false,
                changedBodies: Set<String> = [], width: Int = 1120) {
        let vocabulary = words.law
        date = system.date
        self.width = width
        stateLabel = words("org_state", language)
        selfGovernmentLabel = words("org_self_government", language)
        middle = width / 2
        idPrefix = "o\(system.date)\(compare == nil ? "" : (laterThanCompare ? "-after" : "-before"))"
        middleLeft = width / 4
        middleRight = width * 3 / 4
        bandWidth = width - 8

        struct Body { var id: String; var level: String; var sphere: String; var isPost: Bool; var headOf: String?; var fact: FactAnswer }
        func bodies(_ s: SystemAnswer) -> [String: Body] {
            var out: [String: Body] = [:]
            for f in s.facts where f.key.hasPrefix("body/") {
                guard case .map(let m)? = f.value else { continue }
                let id = String(f.key.dropFirst("body/".count))
                let branch = m["branch"]?.stringValue ?? ""
                let levels: [String] = {
                    if case .list(let l)? = m["levels"] { return l.compactMap(\.stringValue) }
                    return m["levels"]?.stringValue.map { [$0] } ?? []
                }()
                guard let level = levels.lazy.compactMap(Organigram.band).first else { continue }
                let sphere = vocabulary.branches[branch]?.sphere.rawValue ?? "state"
                out[id] = Body(id: id, level: level, sphere: sphere, isPost: vocabulary.entities[id]?.kind == .post,
                               headOf: m["head_of"]?.stringValue, fact: f)
            }
            return out
        }
        let text = LawText(model: words.model, language: language)
        func cite(_ f: FactAnswer) -> String {
            var c = f.cite.sourceName
            if let p = f.cite.provision { c += ", " + text.provision(p) }
            return c + " · " + words("status_\(f.cite.status)", language)
        }
        func isDashed(_ f: FactAnswer) -> Bool { f.cite.status != "verified" || f.certainty != "certain" }

        // Arrows of a system, keyed by kind/from/to; several statements behind one arrow share it.
        struct Edge { var kind: String; var from: String; var to: String; var facts: [FactAnswer] }
        func edges(_ s: SystemAnswer, _ present: [String: Body]) -> ([String: Edge], Set<String>) {
            var out: [String: Edge] = [:]
            var elected: Set<String> = []
            func add(_ kind: String, _ from: String, _ to: String, _ f: FactAnswer) {
                guard present[from] != nil, present[to] != nil, from != to else { return }
                out["\(kind)|\(from)|\(to)", default: Edge(kind: kind, from: from, to: to, facts: [])].facts.append(f)
            }
            let methods = Dictionary(s.facts.filter { $0.key.hasPrefix("formation/") && $0.key.hasSuffix("/method") }
                .map { ($0.key.split(separator: "/")[1], $0.value?.stringValue ?? "") }, uniquingKeysWith: { a, _ in a })
            for f in s.facts {
                let p = f.key.split(separator: "/").map(String.init)
                guard p.count >= 3, let value = f.value else { continue }
                let targets: [String] = {
                    if case .list(let l) = value { return l.compactMap(\.stringValue) }
                    return value.stringValue.map { [$0] } ?? []
                }()
                switch (p[0], p[2]) {
                case ("formation", "by"):
                    if targets.contains("population") { elected.insert(p[1]) }
                    let kind = methods[Substring(p[1])] == "election" ? "elects" : "appoints"
                    for t in targets { add(kind, t, p[1], f) }
                case ("formation", "on_proposal_of"): for t in targets { add("proposes", t, p[1], f) }
                case ("formation", "with_consent_of"): for t in targets { add("consents", t, p[1], f) }
                case ("formation", "in_agreement_with"): for t in targets { add("agrees", t, p[1], f) }
                case ("relation", _) where p.count >= 4:
                    if case .map = value { add(p[2], p[1], p[3], f) }
                default: break
                }
            }
            return (out, elected)
        }

        let present = bodies(system)
        let (edgeMap, elected) = edges(system, present)
        let other = compare.map { bodies($0) }
        let otherEdges = compare.map { edges($0, other ?? [:]).0 }

        // Bands and boxes: a post sits beside the body it heads; rows wrap within each half.
        let boxW = 168, boxH = 54, gap = 14, pad = 28, top = 34
        var y = top
        var placed: [String: Box] = [:]
        var bandList: [Band] = []
        for (index, level) in Self.levelOrder.enumerated() {
            let inBand = present.values.filter { $0.level == level }
            guard !inBand.isEmpty else { continue }
            func order(_ a: Body, _ b: Body) -> Bool {
                let ka = (a.headOf ?? a.id, a.isPost ? 1 : 0, a.id), kb = (b.headOf ?? b.id, b.isPost ? 1 : 0, b.id)
                return ka < kb
            }
            let halves: [(String, [Body], Int, Int)] = level == "republic"
                ? [("state", inBand.sorted(by: order), 16, width - 16)]
                : [("state", inBand.filter { $0.sphere == "state" }.sorted(by: order), 16, middle - 8),
                   ("self-government", inBand.filter { $0.sphere != "state" }.sorted(by: order), middle + 8, width - 16)]
            var rows = 1
            for (_, list, x0, x1) in halves {
                let perRow = max(1, (x1 - x0 - 90 + gap) / (boxW + gap))
                rows = max(rows, (list.count + perRow - 1) / perRow)
                for (i, b) in list.enumerated() {
                    let bx = x0 + 90 + (i % perRow) * (boxW + gap)
                    let by = y + pad / 2 + (i / perRow) * (boxH + gap)
                    let label = vocabulary.label(b.id, language)
                    var mark = ""
                    if let other {
                        if other[b.id] == nil { mark = laterThanCompare ? "added" : "removed" } else if changedBodies.contains(b.id) { mark = "changed" }
                    }
                    let lines = Self.wrap(label, width: 23, maxLines: 3)
                    let textTop = by + boxH / 2 - (lines.count - 1) * 7 + 4
                    var title = label + " — " + cite(b.fact)
                    if elected.contains(b.id) { title += " · " + words("org_elected", language) }
                    placed[b.id] = Box(id: b.id, label: label, x: bx, y: by, w: boxW, h: boxH, sphere: b.sphere, level: level, isPost: b.isPost,
                                       elected: elected.contains(b.id), dashed: isDashed(b.fact), mark: mark,
                                       lines: lines.enumerated().map { TextLine(x: bx + boxW / 2, y: textTop + $0.offset * 14, text: $0.element) },
                                       title: title, href: "/bodies/\(b.id)?date=\(system.date)", badgeX: bx + boxW - 9, badgeY: by + 9)
                }
            }
            let h = rows * (boxH + gap) - gap + pad
            bandList.append(Band(level: level, label: vocabulary.label(level, language), y: y, h: h, labelY: y + h / 2 + 4, shaded: index % 2 == 0))
            y += h + 6
        }
        bands = bandList
        height = y + 8
        boxes = placed.values.sorted { ($0.y, $0.x) < ($1.y, $1.x) }

        // Arrows: a gentle curve between the boxes' edges; several arrows between one pair bend apart.
        var pairCount: [String: Int] = [:]
        arrows = edgeMap.keys.sorted().compactMap { key -> Arrow? in
            let e = edgeMap[key]!
            guard let a = placed[e.from], let b = placed[e.to] else { return nil }
            let pair = [e.from, e.to].sorted().joined(separator: "|")
            let n = pairCount[pair, default: 0]
            pairCount[pair] = n + 1
            let (x1, y1) = Self.edgePoint(a, toward: (b.x + b.w / 2, b.y + b.h / 2))
            let (x2, y2) = Self.edgePoint(b, toward: (a.x + a.w / 2, a.y + a.h / 2))
            let (mx, my) = (Double(x1 + x2) / 2, Double(y1 + y2) / 2)
            let (dx, dy) = (Double(x2 - x1), Double(y2 - y1))
            let length = max(1, (dx * dx + dy * dy).squareRoot())
            let bend = (n % 2 == 0 ? 1.0 : -1.0) * Double(18 + 14 * (n / 2))
            let (cx, cy) = (mx - dy / length * bend, my + dx / length * bend)
            var mark = ""
            if let otherEdges, otherEdges[key] == nil { mark = laterThanCompare ? "added" : "removed" }
            let kindLabel = words.interface.phrases["rel_\(e.kind)"] != nil ? words("rel_\(e.kind)", language) : vocabulary.label(e.kind, language)
            let title = "\(a.label) → \(b.label): \(kindLabel)\n" + e.facts.map { cite($0) }.joined(separator: "\n")
            return Arrow(kind: e.kind, style: Self.style(e.kind), from: e.from, to: e.to,
                         path: "M\(x1),\(y1) Q\(Int(cx)),\(Int(cy)) \(x2),\(y2)", dashed: e.facts.allSatisfy(isDashed), mark: mark, title: title)
        }
    }

    /// Where the line from a box's centre toward a point leaves the box.
    static func edgePoint(_ b: Box, toward p: (Int, Int)) -> (Int, Int) {
        let (cx, cy) = (Double(b.x) + Double(b.w) / 2, Double(b.y) + Double(b.h) / 2)
        let (dx, dy) = (Double(p.0) - cx, Double(p.1) - cy)
        if dx == 0 && dy == 0 { return (Int(cx), Int(cy)) }
        let sx = dx == 0 ? Double.infinity : (Double(b.w) / 2) / abs(dx)
        let sy = dy == 0 ? Double.infinity : (Double(b.h) / 2) / abs(dy)
        let s = min(sx, sy)
        return (Int(cx + dx * s), Int(cy + dy * s))
    }

    /// Splits a label into lines of at most `width` characters at spaces; the last line ends in
    /// "…" when the label is longer (the box's title has it whole).
    static func wrap(_ text: String, width: Int, maxLines: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty { current = String(word) } else if current.count + 1 + word.count <= width { current += " " + word } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            lines[maxLines - 1] = String(lines[maxLines - 1].prefix(width - 1)) + "…"
        }
        return lines.map { $0.count > width ? String($0.prefix(width - 1)) + "…" : $0 }
    }
}
