import WorkingDays
import Yams

/// A YAML node that remembers where it came from, so every complaint about legal data can
/// name the file, the line and the field.
public enum DataNode: Sendable {
    case scalar(String, quoted: Bool, line: Int)
    case mapping([(key: String, value: DataNode)], line: Int)
    case sequence([DataNode], line: Int)

    public var line: Int {
        switch self {
        case .scalar(_, _, let line), .mapping(_, let line), .sequence(_, let line): line
        }
    }

    /// Parses YAML text. Throws a `LegalDataError` naming the line of a syntax error.
    public static func parse(_ text: String, file: String) throws -> DataNode {
        guard text.utf8.count <= maximumSize else {
            throw LegalDataError(file: file, line: 1, field: nil, rule: "the file is \(text.utf8.count / 1024) KB; a data file has at most \(maximumSize / 1024) KB")
        }
        try refuseAnchorsAliasesAndTags(text, file: file)
        let node: Node?
        do {
            // The basic resolver types every scalar as a string: Aimak types scalars itself from its
            // schema, and the default resolver's regular expressions were most of the parse time.
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw LegalDataError(file: file, line: yamlErrorLine(error), field: nil,
                                 rule: "not valid YAML: \(yamlErrorSummary(error))")
        }
        guard let node else {
            throw LegalDataError(file: file, line: 1, field: nil, rule: "the file is empty")
        }
        var budget = maximumNodes
        return try convert(node, file: file, budget: &budget)
    }

    /// The most nodes a document may have (the largest source file has a few thousand): a last
    /// guard should anything still expand.
    public static let maximumNodes = 200_000

    /// The largest YAML document Aimak parses (the largest source file is about 60 KB).
    public static let maximumSize = 4 << 20

    /// Anchors (`&a`), aliases (`*a`) and tags (`!!binary`, `!x`) are refused before the YAML
    /// library sees the text: the library expands aliases while composing, so a few lines of
    /// nested aliases ("billion laughs") would take gigabytes before any rule could run. In YAML
    /// these indicators can only begin a node, never a plain scalar, so a scan of the node starts
    /// outside quotes and comments finds every one of them.
    static func refuseAnchorsAliasesAndTags(_ text: String, file: String) throws {
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var quote: Character? = nil
            var previous: Character = " "
            var expectNode = true  // a node may begin here: line start, after ": ", "- ", "? ", "[", "{", ","
            for ch in line {
                defer { previous = ch }
                if let q = quote {
                    if ch == q { quote = nil }
                    continue
                }
                if ch == " " || ch == "\t" {
                    if previous == "-" || previous == "?" { expectNode = true }
                    continue
                }
                // After ':' a node may begin at once in flow style ({"a":&x}), so every ':' opens one.
                if ch == ":" { expectNode = true; continue }
                if ch == "#", previous == " " || previous == "\t" || expectNode { break }
                if ch == "[" || ch == "{" || ch == "," { expectNode = true; continue }
                guard expectNode else { continue }
                if ch == "&" || ch == "*" || ch == "!" {
                    let what = ch == "&" ? "anchors (&)" : ch == "*" ? "aliases (*)" : "tags (!)"
                    throw LegalDataError(file: file, line: n + 1, field: nil, rule: "YAML \(what) are not allowed in Aimak's data files: write each value out")
                }
                if ch == "\"" || ch == "'" { quote = ch; expectNode = false; continue }
                if ch == "-" || ch == "?" { continue }  // "- item", "? key": the space after opens a node
                expectNode = false
            }
        }
    }

    private static func convert(_ node: Node, file: String, budget: inout Int) throws -> DataNode {
        let line = node.mark?.line ?? 0
        budget -= 1
        guard budget >= 0 else {
            throw LegalDataError(file: file, line: line, field: nil, rule: "the document has more than \(maximumNodes) values; a data file has far fewer")
        }
        switch node {
        case .scalar(let s):
            return .scalar(s.string, quoted: s.style != .plain && s.style != .any, line: line)
        case .mapping(let m):
            var pairs: [(key: String, value: DataNode)] = []
            var seen = Set<String>()
            for (k, v) in m {
                guard case .scalar(let ks) = k else {
                    throw LegalDataError(file: file, line: k.mark?.line ?? line, field: nil,
                                         rule: "a mapping key must be a plain name")
                }
                if !seen.insert(ks.string).inserted {
                    throw LegalDataError(file: file, line: k.mark?.line ?? line, field: ks.string,
                                         rule: "the key '\(ks.string)' appears twice in one mapping")
                }
                pairs.append((ks.string, try convert(v, file: file, budget: &budget)))
            }
            return .mapping(pairs, line: line)
        case .sequence(let s):
            var items: [DataNode] = []
            for item in s { items.append(try convert(item, file: file, budget: &budget)) }
            return .sequence(items, line: line)
        case .alias:
            throw LegalDataError(file: file, line: line, field: nil,
                                 rule: "YAML aliases are not allowed in legal data: write each statement out")
        }
    }

    private static func yamlErrorLine(_ error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .duplicatedKeysInMapping(_, let context):
            return context.mark.line
        default:
            return 0
        }
    }

    private static func yamlErrorSummary(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        case .duplicatedKeysInMapping(let keys, _):
            // Yams' own description repeats the whole document; the keys are what the reader needs.
            return "the key \(keys.map { "'\($0)'" }.joined(separator: ", ")) appears twice in one mapping"
        default:
            return String("\(error)".prefix(200))
        }
    }
}

/// Reading helpers that throw precise errors. `path` is the dotted field path used in messages;
/// it is an autoclosure because it is needed only for an error, and building a path string for
/// every field read was a tenth of loading the law.
struct NodeReader {
    let file: String

    func error(_ node: DataNode?, _ path: String, _ rule: String) -> LegalDataError {
        LegalDataError(file: file, line: node?.line ?? 0, field: path, rule: rule)
    }

    func mapping(_ node: DataNode, _ path: @autoclosure () -> String) throws -> [(key: String, value: DataNode)] {
        guard case .mapping(let pairs, _) = node else { throw error(node, path(), "must be a mapping (key: value)") }
        return pairs
    }

    func sequence(_ node: DataNode, _ path: @autoclosure () -> String) throws -> [DataNode] {
        guard case .sequence(let items, _) = node else { throw error(node, path(), "must be a list") }
        return items
    }

    func string(_ node: DataNode, _ path: @autoclosure () -> String) throws -> String {
        guard case .scalar(let s, _, _) = node, !s.isEmpty else {
            throw error(node, path(), "must be a non-empty text value")
        }
        return s
    }

    func int(_ node: DataNode, _ path: @autoclosure () -> String) throws -> Int {
        guard case .scalar(let s, let quoted, _) = node, !quoted, let n = Int(s) else {
            throw error(node, path(), "must be a whole number")
        }
        return n
    }

    func bool(_ node: DataNode, _ path: @autoclosure () -> String) throws -> Bool {
        guard case .scalar(let s, let quoted, _) = node, !quoted else { throw error(node, path(), "must be true or false") }
        switch s {
        case "true": return true
        case "false": return false
        default: throw error(node, path(), "must be true or false")
        }
    }

    /// A single id or a list of ids.
    func strings(_ node: DataNode, _ path: @autoclosure () -> String) throws -> [String] {
        switch node {
        case .scalar: return [try string(node, path())]
        case .sequence(let items, _): return try items.enumerated().map { try string($1, "\(path())[\($0)]") }
        case .mapping: throw error(node, path(), "must be a name or a list of names")
        }
    }

    /// Rejects keys not in `allowed`, so a misspelt field never passes silently.
    func checkKeys(_ pairs: [(key: String, value: DataNode)], allowed: Set<String>, _ path: @autoclosure () -> String) throws {
        for (k, v) in pairs where !allowed.contains(k) {
            throw error(v, path().isEmpty ? k : "\(path()).\(k)",
                        "unknown field '\(k)' (allowed here: \(allowed.sorted().joined(separator: ", ")))")
        }
    }
}

extension NodeReader {
    static let citationKeys: Set<String> = ["provision", "status", "basis", "url", "note", "language", "edition"]

    func citation(_ node: DataNode, _ path: @autoclosure () -> String) throws -> Citation {
        let m = try mapping(node, path())
        try checkKeys(m, allowed: Self.citationKeys, path())
        guard let statusNode = m["status"] else {
            throw error(node, "\(path()).status", "a citation needs a status (verified, secondary, inference, unverified)")
        }
        let provision = try m["provision"].map { try string($0, "\(path()).provision") }
        if let provision, provision != "unknown",
           !isIdentifier(provision) {
            throw error(m["provision"], "\(path()).provision", "'\(provision)' is not an Akoma Ntoso eId such as art_14__para_2")
        }
        let basis = try m["basis"].map { try string($0, "\(path()).basis") }
        let url = try m["url"].map { try string($0, "\(path()).url") }
        guard provision != nil || basis != nil || url != nil else {
            throw error(node, path(), "a citation must give a provision, a basis or a url")
        }
        let language = try m["language"].map { try string($0, "\(path()).language") }
        if let language, !(language.count == 2 && language.allSatisfy({ $0.isASCII && $0.isLowercase })) {
            throw error(m["language"], "\(path()).language", "'\(language)' is not a two-letter language code (ky, ru, en …)")
        }
        let edition = try m["edition"].map { try string($0, "\(path()).edition") }
        if let edition, Day(iso: edition) == nil, !(edition.count == 4 && edition.allSatisfy(\.isASCII) && edition.allSatisfy(\.isNumber)) {
            throw error(m["edition"], "\(path()).edition", "'\(edition)' is not the date of a wording (YYYY-MM-DD, or YYYY when only the year is known)")
        }
        return Citation(provision: provision == "unknown" ? nil : provision, reliability: try reliability(statusNode, "\(path()).status"),
                        basis: basis, url: url, note: try m["note"].map { try string($0, "\(path()).note") }, language: language, edition: edition)
    }

    func reliability(_ node: DataNode, _ path: @autoclosure () -> String) throws -> Reliability {
        let s = try string(node, path())
        guard let rel = Reliability(rawValue: s) else {
            throw error(node, path(), "unknown status '\(s)' (verified, secondary, inference, unverified)")
        }
        return rel
    }
}

/// Letters (of any script), digits, '-' and '_': ids and Akoma Ntoso eIds. ASCII is checked by its
/// bytes; `Character.isLetter` looks up Unicode properties and was a tenth of loading the law.
func isIdentifier(_ text: String) -> Bool {
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"):
            continue
        case 0x80...:
            return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        default:
            return false
        }
    }
    return true
}

extension Array where Element == (key: String, value: DataNode) {
    subscript(_ key: String) -> DataNode? { first { $0.key == key }?.value }
}
