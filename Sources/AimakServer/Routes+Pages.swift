import AimakApp
import AimakPages
import Foundation
import HTTPTypes
import Hummingbird
import Law
import NIOCore
import Procedures
import Territory
import WorkingDays

/// The web pages: the same answers as the API, as HTML in the reader's language. Reading is
/// public; writing (starting a procedure, recording a step) needs a login, and every form that
/// writes carries the session's CSRF token.
func addPageRoutes(_ router: Router<AimakRequestContext>, _ env: ServerEnvironment) {
    guard let pages = env.pages else {
        router.get("/") { _, _ -> Response in throw AppError(.unavailable, "the pages cannot be served: \(env.pagesProblem ?? "")") }
        return
    }

    router.get("static/aimak.css") { request, _ -> Response in
        bytesResponse(Data(pages.stylesheet.utf8), contentType: "text/css; charset=utf-8", request, extra: [.cacheControl: "public, max-age=3600"])
    }

    // The law: cached for anonymous readers (the frame of a logged-in reader names them).
    router.get("/") { request, context in
        try await page(request, context, env, cache: true) { viewer in
            try request.checkQuery(["date"])
            return pages.systemPage(on: try lawDay(request, env, pages, viewer.language), viewer: viewer)
        }
    }
    router.get("bodies/:id") { request, context in
        try await page(request, context, env, cache: true) { viewer in
            try request.checkQuery(["date"])
            return try pages.bodyPage(context.parameters.get("id") ?? "", on: try lawDay(request, env, pages, viewer.language), viewer: viewer)
        }
    }
    router.get("explain/**") { request, context in
        try await page(request, context, env, cache: true) { viewer in
            try request.checkQuery(["date"])
            return try pages.explainPage(context.parameters.getCatchAll().joined(separator: "/"), on: try lawDay(request, env, pages, viewer.language), viewer: viewer)
        }
    }
    router.get("compare") { request, context in
        try await page(request, context, env, cache: true) { viewer in
            try request.checkQuery(["from", "to"])
            let from = request.query("from") == nil ? nil : try lawDay(request, env, pages, viewer.language, name: "from")
            let to = request.query("to") == nil ? nil : try lawDay(request, env, pages, viewer.language, name: "to")
            return pages.comparePage(from: from, to: to, viewer: viewer)
        }
    }
    router.get("compare/draft") { request, context in
        try await page(request, context, env) { viewer in pages.draftPage(yaml: nil, date: nil, viewer: viewer) }
    }
    // A draft is only read, never stored: no login, no token needed.
    router.post("compare/draft") { request, context in
        try await page(request, context, env) { viewer in
            let form = try await request.form()
            let q = env.lawQueries(viewer.language)
            let date = try form["date"].flatMap { $0.isEmpty ? nil : $0 }.map { try q.day($0, today: env.today()) }
            return pages.draftPage(yaml: form["draft"], date: date, viewer: viewer)
        }
    }
    router.get("sources") { request, context in
        try await page(request, context, env, cache: true) { viewer in
            try request.checkQuery([])
            return pages.sourcesPage(viewer: viewer)
        }
    }
    router.get("sources/**") { request, context in
        try await page(request, context, env, cache: true) { viewer in
            try request.checkQuery([])
            return try pages.sourcePage("/" + context.parameters.getCatchAll().joined(separator: "/"), viewer: viewer)
        }
    }
    router.get("principles") { request, context in
        try await page(request, context, env, cache: true) { viewer in
            try request.checkQuery(["date"])
            return pages.principlesPage(on: try lawDay(request, env, pages, viewer.language), viewer: viewer)
        }
    }
    router.get("territory") { request, context in
        try await page(request, context, env, cache: true) { viewer in
            try request.checkQuery(["date", "q"])
            let day = try territoryDay(request, env, pages, viewer.language)
            let q = request.query("q").map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            return try pages.territoryPage(on: day, query: q, viewer: viewer)
        }
    }
    router.get("territory/changes") { request, context in
        try await page(request, context, env) { viewer in
            try request.checkQuery([])
            let canRecord = context.bySessionCookie && (try? env.authorizer.check(context.account, .changeTerritory)) != nil
            return pages.territoryChangesPage(try await env.territoryChanges.recorded(), canRecord: canRecord, viewer: viewer)
        }
    }
    router.post("territory/changes") { request, context in
        try await pageAnswer(request, context, env) { viewer in
            let form = try await request.form()
            let account = try checkForm(form, context, { pages.refusal($0, $1, viewer.language, $2) })
            do {
                try env.authorizer.check(account, .changeTerritory)
                let change = try TerritoryChangeForm.change(form, { pages.refusal($0, $1, viewer.language, $2) })
                let (recorded, registry) = try await env.territoryChanges.record(change, over: env.bundledRegistry, by: account.name)
                env.useRegistry(registry, changes: recorded.version)
                return .redirect("/territory/changes")
            } catch {
                let e = AppError(error)
                let html = pages.territoryChangesPage(try await env.territoryChanges.recorded(), canRecord: true, values: form, error: e, viewer: viewer)
                return .html(html, Problem.status(e.kind))
            }
        }
    }
    router.get("territory/:code") { request, context in
        try await page(request, context, env, cache: true) { viewer in
            try request.checkQuery(["date"])
            let day = try territoryDay(request, env, pages, viewer.language)
            return try pages.unitPage(context.parameters.get("code") ?? "", on: day, viewer: viewer)
        }
    }
    router.get("calendar/:year") { request, context in
        try await page(request, context, env, cache: true) { viewer in
            try request.checkQuery(["from", "days"])
            guard let y = context.parameters.get("year").flatMap({ Int($0) }), (1...9999).contains(y) else {
                throw pages.refusal(.badInput, "err_year", viewer.language)
            }
            return try pages.calendarPage(year: y, addFrom: request.query("from"), addDays: request.query("days"), viewer: viewer)
        }
    }

    // Procedures.
    router.get("procedures") { request, context in
        try await page(request, context, env) { viewer in
            try request.checkQuery([])
            let list = try await env.procedures(viewer.language).list()
            return pages.proceduresPage(list, viewer: viewer, units: startUnits(viewer, env))
        }
    }
    router.post("procedures") { request, context in
        try await pageAnswer(request, context, env) { viewer in
            let form = try await request.form()
            let account = try checkForm(form, context, { pages.refusal($0, $1, viewer.language, $2) })
            let service = env.procedures(viewer.language)
            do {
                let body = NewProcedureRequest(procedure: form["procedure"] ?? "", unit: form["unit"] ?? "", date: form["date"] ?? "")
                let record = try service.record(body)
                try env.authorizer.check(account, .procedure(record.kind, unit: record.unit, on: record.started))
                let (answer, again) = try await service.start(body, author: account.name, idempotencyKey: nil)
                if !again { env.appended.increment() }
                return .redirect("/procedures/\(answer.id ?? "")")
            } catch {
                let e = AppError(error)
                let list = try await service.list()
                return .html(pages.proceduresPage(list, viewer: viewer, units: startUnits(viewer, env),
                                                  failure: FormFailure(type: "start", error: e, values: form)), Problem.status(e.kind))
            }
        }
    }
    router.get("procedures/:id") { request, context in
        try await pageAnswer(request, context, env) { viewer in
            try request.checkQuery([])
            return try await procedureView(context.parameters.get("id") ?? "", viewer, context, env, pages, failure: nil)
        }
    }
    router.post("procedures/:id/events") { request, context in
        try await pageAnswer(request, context, env) { viewer in
            let id = context.parameters.get("id") ?? ""
            let form = try await request.form()
            let account = try checkForm(form, context, { pages.refusal($0, $1, viewer.language, $2) })
            let service = env.procedures(viewer.language)
            let type = form["type"] ?? ""
            do {
                let (_, record) = try await service.entry(id)
                try env.authorizer.check(account, .procedure(record.kind, unit: record.unit, on: record.started))
                guard let version = form["version"].flatMap({ Int($0) }) else { throw pages.refusal(.badInput, "err_version_lost", viewer.language) }
                let event = NewEventRequest(type: type, date: form["date"] ?? "", fields: try EventForm.fields(type, form, { pages.refusal($0, $1, viewer.language, $2) }))
                let answer = try await service.append(event, to: id, expecting: version, author: account.name,
                                                      idempotencyKey: form["key"].flatMap { $0.isEmpty ? nil : $0 })
                if !answer.alreadyStored { env.appended.increment() }
                return .redirect("/procedures/\(id)")
            } catch {
                let e = AppError(error)
                let html = try await procedureView(id, viewer, context, env, pages, failure: FormFailure(type: type, error: e, values: form))
                return .html(html.body, Problem.status(e.kind))
            }
        }
    }
    router.get("procedures/:id/minutes") { request, context in
        try await page(request, context, env) { viewer in
            try request.checkQuery([])
            return pages.minutesPage(try await env.procedures(viewer.language).state(context.parameters.get("id") ?? ""), viewer: viewer)
        }
    }

    // Accounts.
    router.get("login") { request, context in
        try await page(request, context, env) { viewer in
            pages.loginPage(next: safeNext(request.query("next")), name: "", error: nil, viewer: viewer)
        }
    }
    router.post("login") { request, context in
        try await pageAnswer(request, context, env) { viewer in
            let form = try await request.form()
            let name = form["name"] ?? "", next = safeNext(form["next"])
            let address = context.remoteAddress?.ipAddress ?? "unknown"
            guard await env.throttle.attempt(account: name, address: address) else {
                return .html(pages.loginPage(next: next, name: name, error: pages.words("login_throttled", viewer.language), viewer: viewer), .tooManyRequests)
            }
            guard let (token, _) = try await env.accounts.login(name, password: form["password"] ?? "") else {
                return .html(pages.loginPage(next: next, name: name, error: pages.words("login_failed", viewer.language), viewer: viewer), .unauthorized)
            }
            await env.throttle.succeeded(account: name, address: address)
            let cookie = Cookie(name: AuthenticationMiddleware.cookie, value: token, maxAge: 12 * 3600, path: "/", secure: env.secureCookies,
                                httpOnly: true, sameSite: .lax)
            return .redirect(next, cookie: cookie.description)
        }
    }
    router.post("logout") { request, context in
        try await pageAnswer(request, context, env) { viewer in
            let form = try await request.form()
            let account = try checkForm(form, context, { pages.refusal($0, $1, viewer.language, $2) })
            if let token = context.sessionToken, let id = env.accounts.session(of: token, account: account) {
                try await env.accounts.revokeToken(account.name, id: id, by: account.name)
            }
            let expired = Cookie(name: AuthenticationMiddleware.cookie, value: "", maxAge: 0, path: "/", secure: env.secureCookies, httpOnly: true, sameSite: .lax)
            return .redirect("/", cookie: expired.description)
        }
    }
    router.get("account") { request, context in
        try await pageAnswer(request, context, env) { viewer in
            guard let account = context.account else { return .redirect("/login?next=/account") }
            return .html(pages.accountPage(account, admin: (try? env.authorizer.check(account, .manageAccounts)) != nil, viewer: viewer))
        }
    }
    router.get("accounts") { request, context in
        try await pageAnswer(request, context, env) { viewer in
            guard context.account != nil else { return .redirect("/login?next=/accounts") }
            try env.authorizer.check(context.account, .manageAccounts)
            return .html(pages.accountsPage(try await env.accounts.list(), viewer: viewer))
        }
    }
}

/// What a page handler answers: a page, or a redirect after a form.
enum PageAnswer {
    case html(String, HTTPResponse.Status = .ok)
    case redirect(String, cookie: String? = nil)
}

extension PageAnswer {
    var body: String { if case .html(let s, _) = self { s } else { "" } }
}

/// The reader's language on a page: `?lang=` (kept in a cookie), else the cookie, else the first
/// of ky, ru, en in `Accept-Language`, else Kyrgyz.
func pageLanguage(_ request: Request) -> (Language, fromQuery: Bool) {
    if let l = request.uri.queryParameters.get("lang").flatMap({ Language(rawValue: String($0)) }) { return (l, true) }
    if let l = request.cookies["aimak_lang"].flatMap({ Language(rawValue: $0.value) }) { return (l, false) }
    for part in (request.headers[.acceptLanguage] ?? "").split(separator: ",") {
        guard let first = part.split(separator: ";", omittingEmptySubsequences: false).first else { continue }
        if let l = Language(rawValue: String(first.trimmingCharacters(in: .whitespaces).lowercased().prefix(2))) { return (l, false) }
    }
    return (.ky, false)
}

/// A day for the registry's pages: refused before the registry's first day, as the API and the
/// command line refuse it (the page used to draw a partial tree its own exports refused).
func territoryDay(_ request: Request, _ env: ServerEnvironment, _ pages: PageRenderer, _ lang: Language) throws -> Day {
    let day = try lawDay(request, env, pages, lang)
    let first = env.law.registry.earliestDate
    guard day >= first else { throw pages.refusal(.badInput, "err_before_registry", lang, ["first": PageRenderer.dateText(first.description, lang)]) }
    return day
}

/// The date a law page is about: `?date=`, else today; a date that is not one, or before the
/// model begins, is said in the reader's language.
func lawDay(_ request: Request, _ env: ServerEnvironment, _ pages: PageRenderer, _ lang: Language, name: String = "date") throws -> Day {
    guard let raw = request.query(name), !raw.isEmpty else { return env.today() }
    guard let day = Day(iso: raw) else { throw pages.refusal(.badInput, "err_not_a_date", lang, ["value": String(raw.prefix(40))]) }
    guard day >= env.law.model.firstDay else {
        throw pages.refusal(.badInput, "err_before_model", lang, ["first": PageRenderer.dateText(env.law.model.firstDay.description, lang)])
    }
    return day
}

/// Runs a page handler: works out the viewer, turns errors into an error page in the reader's
/// language (with the status the API would give), and caches anonymous law pages.
func page(_ request: Request, _ context: AimakRequestContext, _ env: ServerEnvironment, cache: Bool = false,
          _ make: (Viewer) async throws -> String) async throws -> Response {
    try await pageAnswer(request, context, env, cache: cache) { (viewer: Viewer) -> PageAnswer in .html(try await make(viewer)) }
}

func pageAnswer(_ request: Request, _ context: AimakRequestContext, _ env: ServerEnvironment, cache: Bool = false,
          _ make: (Viewer) async throws -> PageAnswer) async throws -> Response {
    guard let pages = env.pages else { throw AppError.notFound("pages are not served") }
    let (language, fromQuery) = pageLanguage(request)
    let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }.filter { $0.0 != "lang" }
    // One slash between segments: `//explain/x` must not make `//explain/x?lang=ru` (another host) links.
    let path = "/" + request.uri.path.split(separator: "/").joined(separator: "/")
    let viewer = Viewer(language: language, path: path, query: query, account: context.account,
                        csrf: context.sessionToken.map(AccountService.csrfToken(forSession:)), today: env.today())
    // A page shown to a logged-in reader names them and carries their CSRF token: never stored by a cache.
    var headers: HTTPFields = [.vary: "Cookie, Accept-Language", .cacheControl: context.account == nil ? "no-cache" : "private, no-store"]
    headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
    headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
    if fromQuery {
        headers[.setCookie] = Cookie(name: "aimak_lang", value: language.rawValue, maxAge: 365 * 24 * 3600, path: "/", httpOnly: true, sameSite: .lax).description
    }
    // Pages are framed for no one else, and not shown inside another site's frame.
    headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
    headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"
    let answer: PageAnswer
    do {
        // Every form a page posts, whatever it does, is refused when it comes from another site.
        if request.method != .get, request.method != .head { try checkSameOrigin(request, pages, language) }
        if cache, context.account == nil, request.method == .get {
            let key = "page|\(answerKey(request, env))|\(language.rawValue)"
            let data = try await env.answers.asyncData(key) { Data(try await make(viewer).body.utf8) }
            answer = .html(String(decoding: data, as: UTF8.self))
        } else {
            answer = try await make(viewer)
        }
    } catch {
        let e = AppError(error)
        answer = .html(pages.error(e, viewer: viewer), Problem.status(e.kind))
    }
    switch answer {
    case .html(let html, let status):
        return bytesResponse(Data(html.utf8), contentType: "text/html; charset=utf-8", request, status: status, extra: headers)
    case .redirect(let location, let cookie):
        var h: HTTPFields = [.location: location]
        if let cookie { h[.setCookie] = cookie }
        if let lang = headers[.setCookie], cookie == nil { h[.setCookie] = lang }
        return Response(status: .seeOther, headers: h)
    }
}

/// A form that writes must come from a logged-in browser with its session's CSRF token.
/// A refusal the pages word in the reader's language: kind, phrase id, placeholder values.
typealias Refuse = (AppError.Kind, String, [String: String]) -> AppError

func checkForm(_ form: [String: String], _ context: AimakRequestContext, _ say: Refuse) throws -> Account {
    guard let account = context.account, context.bySessionCookie, let session = context.sessionToken else {
        throw say(.unauthenticated, "err_login_to_record", [:])
    }
    guard let token = form["csrf"], token == AccountService.csrfToken(forSession: session) else {
        throw say(.forbidden, "err_csrf", [:])
    }
    return account
}

/// Only a path on this site is a place to go back to after login: visible ASCII only (a browser
/// drops tabs and newlines from a URL, so `/\t/evil.example` would become `//evil.example`), one
/// leading slash, no backslash.
func safeNext(_ next: String?) -> String {
    guard let next, next.count < 500, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
          next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return "/procedures" }
    return next
}

/// A form may be posted only from this site's own pages: a browser says where a post comes from
/// (`Origin`, `Sec-Fetch-Site`); a post from another site is refused before anything is read, so a
/// foreign page can neither write nor log a visitor into another account.
func checkSameOrigin(_ request: Request, _ pages: PageRenderer, _ lang: Language) throws {
    if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site == "cross-site" || site == "same-site" {
        throw pages.refusal(.forbidden, "err_cross_site", lang)
    }
    if let origin = request.headers[HTTPField.Name("Origin")!], origin != "null" {
        let host = request.head.authority ?? ""
        guard origin == "http://\(host)" || origin == "https://\(host)" else { throw pages.refusal(.forbidden, "err_cross_site", lang) }
    } else if request.headers[HTTPField.Name("Origin")!] == "null" {
        throw pages.refusal(.forbidden, "err_cross_site", lang)
    }
}

/// The units a logged-in account may start a procedure for: oblasts, districts and cities of its territory.
func startUnits(_ viewer: Viewer, _ env: ServerEnvironment) -> [(code: String, name: String)] {
    guard let account = viewer.account, !account.role.procedures.isEmpty else { return [] }
    let types: Set<UnitType> = [.oblast, .district, .cityRepublican, .cityOblast, .cityDistrictSignificance]
    return env.law.registry.units(on: viewer.today)
        .filter { types.contains($0.0.type) && env.authorizer.covers(account.unit, $0.0.code, on: viewer.today) }
        .map { (code: $0.0.code, name: $0.0.name(viewer.language)) }
        .sorted { $0.name < $1.name }
        .prefix(400).map { $0 }
}

func procedureView(_ id: String, _ viewer: Viewer, _ context: AimakRequestContext, _ env: ServerEnvironment, _ pages: PageRenderer,
                   failure: FormFailure?) async throws -> PageAnswer {
    let service = env.procedures(viewer.language)
    let state = try await service.state(id)
    let events = try await service.events(id)
    let (_, record) = try await service.entry(id)
    let canWrite = context.bySessionCookie && (try? env.authorizer.check(context.account, .procedure(record.kind, unit: record.unit, on: record.started))) != nil
    return .html(pages.procedurePage(state, events: events, viewer: viewer, canWrite: canWrite, failure: failure))
}

/// The fields of a step as a form sends them, turned into the event's fields.
enum EventForm {
    static func fields(_ type: String, _ form: [String: String], _ say: Refuse) throws -> [String: Value] {
        func text(_ k: String) -> Value? { form[k].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : .string($0) } }
        func count(_ k: String) throws -> Value? {
            guard let raw = form[k]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let n = Int(raw), n >= 0 else { throw say(.badInput, "err_not_a_count", ["value": String(raw.prefix(20))]) }
            return .int(n)
        }
        var out: [String: Value] = [:]
        switch type {
        case "nominated":
            out["by"] = text("by")
            let names = (form["candidates"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            out["candidates"] = .list(names.map { .string($0) })
        case "withdrawn": out["candidate"] = text("candidate")
        case "sitting": (out["seats"], out["present"], out["elected"]) = (try count("seats"), try count("present"), try count("elected"))
        case "ballot":
            var votes: [String: Value] = [:]
            for i in 0..<200 {
                guard let name = form["candidate_\(i)"] else { break }
                if let n = try count("vote_\(i)") {
                    guard votes[name] == nil else { throw say(.badInput, "err_counted_twice", ["name": String(name.prefix(60))]) }
                    votes[name] = n
                }
            }
            out["votes"] = .map(votes)
            for k in ["against", "blank", "invalid"] { out[k] = try count(k) }
        case "result": out["chosen"] = text("chosen")
        case "agreed", "disagreed", "refused": out["by"] = text("by")
        case "appointed": (out["by"], out["person"]) = (text("by"), text("person"))
        case "act-registered": (out["body"], out["act"]) = (text("body"), text("act"))
        case "suspended": (out["by"], out["ground"]) = (text("by"), text("ground"))
        case "appealed": (out["by"], out["to"]) = (text("by"), text("to"))
        case "court-decided": (out["decision"], out["in_force"]) = (text("decision"), text("in_force"))
        case "annulled", "suspension-lifted": out["by"] = text("by")
        case "scheduled": (out["year"], out["due"]) = (try count("year"), text("due"))
        case "delivered": out["year"] = try count("year")
        case "requested":
            (out["to"], out["subject"], out["due"]) = (text("to"), text("subject"), text("due"))
            out["within_working_days"] = try count("within_working_days")
        case "prosecutor-notified", "answered": break
        default:
            let words = (form["fields"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return try EventInput.fields(words)
        }
        return out.compactMapValues { $0 }
    }
}

extension Request {
    /// An `application/x-www-form-urlencoded` body as name → value (the first of a repeated name).
    func form() async throws -> [String: String] {
        let data = try await bodyData()
        guard let text = String(data: data, encoding: .utf8) else { throw AppError.badInput("the form is not UTF-8") }
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            // Foundation decodes the percent escapes; `+` is a space in a form body (HTML's rule, not URLs').
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            let name = decode(kv[0])
            if out[name] == nil { out[name] = kv.count > 1 ? decode(kv[1]) : "" }
        }
        return out
    }
}

/// A reader's unknown address: the error page in their language, 404.
func notFoundPage(_ error: AppError, _ request: Request, _ env: ServerEnvironment, _ pages: PageRenderer) -> Response {
    let viewer = Viewer(language: pageLanguage(request).0, path: "/", today: env.today())
    let html = pages.error(pages.refusal(.notFound, "err_no_page", viewer.language), viewer: viewer)
    return Response(status: .notFound, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                    body: .init(byteBuffer: ByteBuffer(string: html)))
}

/// The territorial change a page form describes.
enum TerritoryChangeForm {
    static func change(_ form: [String: String], _ say: Refuse) throws -> TerritorialChange {
        func text(_ k: String) -> String? { form[k].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 } }
        func names(_ prefix: String) -> [String: String]? {
            let n = Dictionary(uniqueKeysWithValues: ["ky", "ru", "en"].compactMap { l in text("\(prefix)\(l)").map { (l, $0) } })
            return n.isEmpty ? nil : n
        }
        guard let kindText = text("kind"), let kind = TerritorialChange.Kind(rawValue: kindText) else {
            throw say(.badInput, "err_choose_kind", [:])
        }
        var change = TerritorialChange(kind: kind, effective: text("effective") ?? "", basis: text("basis") ?? "", url: text("url"))
        // Each kind takes only its own fields; fields of other kinds left filled in are not sent.
        switch kind {
        case .create: change.unit = try newUnit(form, names("new_name_"), say)
        case .rename: (change.code, change.names) = (text("code"), names("name_"))
        case .changeType: (change.code, change.type) = (text("code"), text("type"))
        case .changeParent: (change.code, change.parent) = (text("code"), text("parent"))
        case .abolish: change.code = text("code")
        case .merge:
            change.codes = (text("codes") ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
            change.unit = try newUnit(form, names("new_name_"), say)
        case .split:
            change.code = text("code")
            // The split field: a JSON list of new units, then lines `village=new code`.
            let raw = text("split") ?? ""
            let end = raw.lastIndex(of: "]").map { raw.index(after: $0) } ?? raw.startIndex
            do { change.units = try JSONDecoder().decode([TerritorialChange.NewUnit].self, from: Data(raw[..<end].utf8)) } catch {
                throw say(.badInput, "err_split_json", [:])
            }
            var moves: [String: String] = [:]
            for line in raw[end...].split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else { throw say(.badInput, "err_split_line", ["line": String(line.prefix(60))]) }
                moves[parts[0]] = parts[1]
            }
            change.moves = moves.isEmpty ? nil : moves
        }
        return change
    }

    static func newUnit(_ form: [String: String], _ names: [String: String]?, _ say: Refuse) throws -> TerritorialChange.NewUnit {
        guard let code = form["new_code"]?.trimmingCharacters(in: .whitespaces), !code.isEmpty else { throw say(.badInput, "err_new_code", [:]) }
        return .init(code: code, type: form["new_type"] ?? "ayil-aimak", names: names ?? [:],
                     parent: form["new_parent"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) })
    }
}
