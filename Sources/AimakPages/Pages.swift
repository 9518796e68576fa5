import AimakApp
import Foundation
import Law
import LegalData
import Mustache
import WorkingDays

/// The words of the pages: the interface's own phrases (`law/interface.yaml`: headings, buttons,
/// legends) first, then the law's vocabulary (bodies, powers, relations), so every label a page
/// shows comes from the law folder in the three languages.
public struct PageWords: Sendable {
    public let interface: Vocabulary
    /// The law whose vocabulary names the bodies (and whose provisions are put in words).
    public let model: LegalModel
    public var law: Vocabulary { model.vocabulary }

    /// The interface phrases by language, made once (every page needs one).
    private let tables: [Language: [String: String]]

    public init(interface: Vocabulary, model: LegalModel) {
        (self.interface, self.model) = (interface, model)
        tables = Dictionary(uniqueKeysWithValues: Language.allCases.map { l in (l, interface.phrases.mapValues { $0.text(l) }) })
    }

    /// Reads `interface.yaml` (only its `phrases` section).
    public static func load(model: LegalModel, file: URL? = nil) throws -> PageWords {
        if file == nil, let root = try LawLibrary.compiled()?.document("interface.yaml") {
            return PageWords(interface: try Vocabulary.read(root, file: "interface.yaml"), model: model)
        }
        let text = try LawLibrary.readText(file ?? LegalData.interfaceFile)
        return PageWords(interface: try Vocabulary.parse(text, file: "interface.yaml"), model: model)
    }

    public func callAsFunction(_ id: String, _ language: Language) -> String {
        if let p = interface.phrases[id] { return p.text(language) }
        return law.label(id, language)
    }

    /// Every interface phrase in one language, for the templates (`{{t.name}}`).
    public func table(_ language: Language) -> [String: String] { tables[language] ?? [:] }
}

/// Who is looking, in which language, on which day: what every page's frame needs.
public struct Viewer: Sendable {
    public var language: Language
    /// The path and query of the page, without `lang` (for the language switch).
    public var path: String
    public var query: [(String, String)]
    public var account: Account?
    /// The session's CSRF token, put in every form that writes.
    public var csrf: String?
    public var today: Day

    public init(language: Language, path: String, query: [(String, String)] = [], account: Account? = nil, csrf: String? = nil, today: Day) {
        (self.language, self.path, self.query, self.account, self.csrf, self.today) = (language, path, query, account, csrf, today)
    }

    /// This page in another language.
    public func href(lang: Language) -> String {
        var q = query.filter { $0.0 != "lang" }
        q.append(("lang", lang.rawValue))
        return path + "?" + q.map { "\($0.0)=\(PageRenderer.urlEncode($0.1))" }.joined(separator: "&")
    }
}

/// Renders pages: the Mustache templates bundled with this module, filled with page models built
/// from the application layer's answers. Mustache escapes every value it prints, so text from the
/// data or a user can never become markup.
public final class PageRenderer: Sendable {
    public let words: PageWords
    public let library: MustacheLibrary
    /// The law the pages answer from: the server's current one (its registry changes when a
    /// territorial change is recorded).
    public var law: LawLibrary { current() }
    private let current: @Sendable () -> LawLibrary

    public init(law: LawLibrary, current: (@Sendable () -> LawLibrary)? = nil) throws {
        self.current = current ?? { law }
        words = try PageWords.load(model: law.model)
        _ = FastHTMLContentType.registered
        var library = MustacheLibrary()
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw AppError(.unavailable, "the page templates are missing from the bundle")
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            do { try library.register(text, named: String(file.dropLast(".mustache".count))) } catch {
                throw AppError(.unavailable, "template \(file): \(error)")
            }
        }
        self.library = library
        stylesheet = (try? String(contentsOf: folder.appendingPathComponent("aimak.css"), encoding: .utf8)) ?? ""
    }

    /// The pages' one stylesheet (served at `/static/aimak.css`).
    public let stylesheet: String

    /// A whole page: the body template filled with `model`, inside the frame.
    public func page(_ template: String, title: String, viewer: Viewer, date: String? = nil, model: Any) -> String {
        frame(body: library.render(model, withTemplate: template) ?? "", title: title, viewer: viewer, date: date)
    }

    /// The frame around a body already rendered (a cached body is framed per request: the frame
    /// shows who is logged in).
    public func frame(body: String, title: String, viewer: Viewer, date: String?) -> String {
        let lang = viewer.language
        let t = words.table(lang)
        struct Link { var href: String; var label: String; var current: Bool }
        let nav: [Link] = [
            ("/", "nav_system"), ("/compare", "nav_compare"), ("/sources", "nav_sources"), ("/principles", "nav_principles"),
            ("/territory", "nav_territory"), ("/calendar/\(viewer.today.year)", "nav_calendar"), ("/procedures", "nav_procedures"),
        ].map { Link(href: $0.0, label: t[$0.1] ?? $0.1, current: viewer.path == $0.0 || ($0.0 != "/" && viewer.path.hasPrefix($0.0))) }
        let languages = Language.allCases.map { Link(href: viewer.href(lang: $0), label: words("lang_\($0.rawValue)", lang), current: $0 == lang) }
        let frame: [String: Any] = [
            "lang": lang.rawValue, "title": title, "t": t, "body": body, "nav": nav, "languages": languages,
            "date": date.map { PageRenderer.dateText($0, lang) } ?? "", "hasDate": date != nil,
            "account": opt(viewer.account.map { ["name": $0.name, "role": words("role_\($0.role.rawValue)", lang)] }),
            "csrf": viewer.csrf ?? "",
        ]
        return library.render(frame, withTemplate: "frame") ?? body
    }

    /// A page saying what went wrong, in the reader's language, with the reason from the layer below.
    public func error(_ e: AppError, viewer: Viewer) -> String {
        let t = words.table(viewer.language)
        return page("error", title: t["error_title"] ?? "Error", viewer: viewer, model: ["t": t, "error": errorModel(e, viewer.language)])
    }

    /// An error as a page says it: a sentence in the reader's language for what kind of thing went
    /// wrong, then the layer's own reason. The law's refusals and the pages' own checks are worded
    /// in every language; other reasons are in English, and marked so (`lang="en"`).
    public func errorModel(_ e: AppError, _ lang: Language) -> [String: Any] {
        ["headline": words("err_\(e.kind.rawValue)", lang), "detail": e.message, "detailLang": e.localized || lang == .en ? lang.rawValue : "en"]
    }

    /// A refusal the pages word themselves, in the reader's language.
    public func refusal(_ kind: AppError.Kind, _ phrase: String, _ lang: Language, _ values: [String: String] = [:]) -> AppError {
        var text = words(phrase, lang)
        for (k, v) in values { text = text.replacingOccurrences(of: "{\(k)}", with: v) }
        return AppError(kind, text, localized: true)
    }

    /// `2009-01-01` as the reader's language writes a date: `2009-жылдын 1-январы`, `1 января 2009 г.`, `1 January 2009`.
    public static func dateText(_ iso: String, _ language: Language) -> String {
        guard let d = Day(iso: iso)?.components else { return iso }
        // Kyrgyz writes the day with the month in the possessive: «2009-жылдын 1-январы».
        let ky = ["январы", "февралы", "марты", "апрели", "майы", "июну", "июлу", "августу", "сентябры", "октябры", "ноябры", "декабры"]
        let ru = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        switch language {
        case .ky: return "\(d.year)-жылдын \(d.day)-\(ky[d.month - 1])"
        case .ru: return "\(d.day) \(ru[d.month - 1]) \(d.year) г."
        case .en: return "\(d.day) \(en[d.month - 1]) \(d.year)"
        }
    }

    /// Percent-encoding for a query value (Foundation's, with `&`, `=`, `+` also encoded).
    public static func urlEncode(_ s: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

/// HTML escaping for the templates (`{{% CONTENT_TYPE: AIMAK_HTML}}` at the top of each). The
/// library's own escaper looks every character up in a dictionary of `Character`s, which was a
/// third of a page's rendering time; this one scans the UTF-8 bytes and returns the text as it is
/// when nothing needs escaping (almost always). The same five characters are escaped.
struct FastHTMLContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count + 16)
        for b in utf8 {
            switch b {
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let name = "AIMAK_HTML"
    static let registered: Void = MustacheContentTypes.register(FastHTMLContentType(), named: name)
}
