import Foundation
import Law
import WorkingDays

/// What `aimak procedure show` and `minutes` print.
extension ProcedureText {
    public func show(_ st: ProcedureState) -> String {
        var out: [String] = []
        let kind = words("kind-\(st.kind.rawValue)")
        out.append("\(kind) — \(st.unit.name(language)) (\(st.unit.code))")
        out.append("\(words("h-state")): \(sentence(st.summary)) [\(st.phase)]")
        out.append("")
        out.append("## \(words("h-rules"))")
        out += st.rules.map { "- " + render($0) }
        out.append("")
        out.append("## \(words("h-history"))")
        out += st.history.isEmpty ? ["- \(words("h-none"))"] : st.history.map { "- " + render($0) }
        out.append("")
        out.append("## \(words("h-deadlines"))")
        if st.deadlines.isEmpty { out.append("- \(words("h-none"))") }
        for d in st.deadlines {
            // A deadline that cannot be counted says so once (its line says why), with no status to count by.
            var l = "- " + sentence(d.line)
            if let due = d.due { l += ": \(due) — " + status(d.status) } else if d.line.key != "dl-unknown" { l += ": " + words("h-cannot-count") }
            l += basis(d.line.basis)
            out.append(l)
            for p in d.provisional { out.append("  ⚠ \(words("h-provisional")): \(p)") }
        }
        out.append("")
        out.append("## \(words("h-next"))")
        out += st.next.isEmpty ? ["- \(words("h-none"))"] : st.next.map { "- `\($0.event)`: " + render($0.line) }
        return out.joined(separator: "\n")
    }

    /// The minutes (protocol) of every kenesh sitting in the procedure, as Markdown a secretary
    /// can print; `html` wraps the same content in a printable page.
    public func minutes(_ st: ProcedureState, html: Bool) -> String {
        let post = st.post ?? "akim"
        var md: [String] = []
        if st.sittings.isEmpty { md.append(words("m-none")) }
        for s in st.sittings {
            md.append("# \(words("m-title"))")
            md.append("")
            md.append("**\(law.label(s.body))** — \(markdown(st.unit.name(language))) · \(s.date)")
            md.append("")
            md.append(sentence(Line("m-agenda", [.label(post)])))
            md.append("")
            md.append(sentence(Line("m-present", [.count(s.seats), .count(s.present)])))
            md.append("")
            md.append(render(s.quorumLine))
            md.append("")
            md.append(sentence(Line("m-candidates", [.text(s.candidates.map(markdown).joined(separator: ", "))])))
            for b in s.ballots {
                md.append("")
                md.append("## \(sentence(Line("m-round", [.count(b.round)])))")
                md.append("")
                md.append(words("m-votes-table"))
                md.append("|---|---:|")
                for (name, n) in b.votes { md.append("| \(markdown(name)) | \(n) |") }
                if b.against > 0 { md.append("| \(words("m-against")) | \(b.against) |") }
                md.append("| \(words("m-blank")) | \(b.blank) |")
                md.append("| \(words("m-invalid")) | \(b.invalid) |")
            }
            if !s.items.isEmpty {
                md.append("")
                md += s.items.map { "- " + render(markdownArgs($0)) }
            }
            md.append("")
            md.append(words("m-sign"))
            md.append("")
            md.append("_\(words("m-source"))_")
            md.append("")
        }
        let text = md.joined(separator: "\n")
        guard html else { return text }
        return htmlPage(text, title: words("m-title"))
    }

    /// Text that came from a user (a candidate's name, a unit's name) made inert in Markdown: control
    /// characters (a newline could start a forged heading) become spaces, and every character
    /// Markdown gives a meaning to is escaped with a backslash.
    public func markdown(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0 != "\u{200D}" }) {
                out.append(" ")
            } else if "\\`*_[]<>#|~".contains(ch) {
                out.append("\\"); out.append(ch)
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// The line with the user's text in it made inert in Markdown.
    func markdownArgs(_ l: Line) -> Line {
        var l = l
        l.args = l.args.map { if case .text(let t) = $0 { .text(markdown(t)) } else { $0 } }
        return l
    }

    /// A minimal Markdown-to-HTML for the minutes' own constructs (headings, tables, lists, bold).
    func htmlPage(_ markdown: String, title: String) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        func inline(_ s: String) -> String {
            var t = esc(s)
            while let a = t.range(of: "**"), let b = t.range(of: "**", range: a.upperBound..<t.endIndex) {
                t.replaceSubrange(a.lowerBound..<b.upperBound, with: "<strong>" + t[a.upperBound..<b.lowerBound] + "</strong>")
            }
            if t.hasPrefix("_"), t.hasSuffix("_"), t.count > 1, !t.hasSuffix("\\_") { t = "<em>" + t.dropFirst().dropLast() + "</em>" }
            // Backslash escapes (user text, see markdown(_:)) stand for the character itself.
            var out = "", escaped = false
            for ch in t {
                if escaped { out.append(ch); escaped = false } else if ch == "\\" { escaped = true } else { out.append(ch) }
            }
            return out
        }
        var body: [String] = []
        var inTable = false, inList = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("|") {
                if line.hasPrefix("|---") { continue }
                // An escaped bar inside a name is not a cell boundary.
                let cells = line.replacingOccurrences(of: "\\|", with: "\u{1}").split(separator: "|")
                    .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{1}", with: "\\|") }
                if !inTable { body.append("<table>"); inTable = true; body.append("<tr>" + cells.map { "<th>\(inline($0))</th>" }.joined() + "</tr>"); continue }
                body.append("<tr>" + cells.map { "<td>\(inline($0))</td>" }.joined() + "</tr>")
                continue
            }
            if inTable { body.append("</table>"); inTable = false }
            if line.hasPrefix("- ") {
                if !inList { body.append("<ul>"); inList = true }
                body.append("<li>\(inline(String(line.dropFirst(2))))</li>")
                continue
            }
            if inList { body.append("</ul>"); inList = false }
            if line.hasPrefix("## ") { body.append("<h2>\(inline(String(line.dropFirst(3))))</h2>") }
            else if line.hasPrefix("# ") { body.append("<h1>\(inline(String(line.dropFirst(2))))</h1>") }
            else if !line.isEmpty { body.append("<p>\(inline(line))</p>") }
        }
        if inTable { body.append("</table>") }
        if inList { body.append("</ul>") }
        let lang = language.rawValue
        return """
        <!doctype html>
        <html lang="\(lang)"><head><meta charset="utf-8"><title>\(esc(title))</title>
        <style>body{font-family:serif;max-width:48em;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #444;padding:.2em .6em}h1{font-size:1.3em;text-align:center}</style>
        </head><body>
        \(body.joined(separator: "\n"))
        </body></html>
        """
    }
}
