import AimakApp
import Law
import AimakPages
import AimakServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The web pages through real requests: every page in the three languages at the article's dates,
/// the organigram's boxes and arrows, balanced markup, no English in Kyrgyz or Russian text, and
/// the forms: login, CSRF, territory, the law's refusals with nothing recorded.
@Suite(.serialized) struct PageTests {
    static let dates = ["1940-01-01", "1995-01-01", "2009-01-01", "2013-01-01", "2022-06-01"]

    /// Bodies the organigram must draw on each date (from the law data, not from the pages).
    static let expectedBoxes: [String: Set<String>] = [
        "1940-01-01": ["local-soviet"],
        "1995-01-01": ["president", "governor", "akim", "district-kenesh", "ayil-okmotu", "ayil-kenesh"],
        "2009-01-01": ["president", "governor", "oblast-kenesh", "akim", "district-kenesh", "mayor", "ayil-kenesh", "head-of-ayil-okmotu"],
        "2013-01-01": ["government-plenipotentiary", "akim", "joint-meeting-of-keneshes", "ayil-kenesh", "head-of-ayil-okmotu"],
        "2022-06-01": ["president-plenipotentiary", "cabinet-of-ministers", "akim", "ayil-kenesh", "head-of-ayil-okmotu"],
    ]

    @Test func theSystemPageDrawsEachDateInEachLanguage() async throws {
        let server = try await TestServer.make(today: "2026-11-30")
        defer { Task { await server.close() } }
        try await server.app().test(.router) { client in
            for date in Self.dates + ["2026-11-30"] {
                for lang in ["ky", "ru", "en"] {
                    let r = try await client.call(.get, "/?date=\(date)&lang=\(lang)")
                    #expect(r.status == .ok, "\(date) \(lang): \(r.status)")
                    let html = r.text
                    #expect(html.contains("<html lang=\"\(lang)\">"))
                    try HTMLCheck.balanced(html, "/?date=\(date)&lang=\(lang)")
                    let boxes = Set(HTMLCheck.attributes("data-id", in: html))
                    #expect(Self.expectedBoxes[date, default: []].isSubset(of: boxes), "\(date): boxes \(boxes.sorted())")
                    #expect(html.contains("data-date=\"\(date)\""), "the organigram says its date")
                }
            }
            // The arrows of 2009 (Law No. 99): the President appoints the akim on the Prime
            // Minister's proposal with the district kenesh's consent; each arrow's title is its citation.
            let html = try await client.call(.get, "/?date=2009-01-01&lang=en").text
            for (kind, from, to) in [("appoints", "president", "akim"), ("proposes", "prime-minister", "akim"), ("consents", "district-kenesh", "akim")] {
                let arrow = try #require(HTMLCheck.element("path", with: ["data-kind": kind, "data-from": from, "data-to": to], in: html),
                                         "arrow \(kind) \(from) → \(to)")
                #expect(arrow.contains("Law No. 99 (2008)"), "the arrow's title cites the law: \(arrow.prefix(300))")
            }
            // Elected bodies carry the badge; appointed posts do not.
            #expect(HTMLCheck.element("g", with: ["data-id": "district-kenesh"], in: html)?.contains("class=\"elected\"") == true)
            #expect(HTMLCheck.element("g", with: ["data-id": "akim"], in: html)?.contains("class=\"elected\"") == false)
            // 1995: the akim is appointed without any kenesh's consent.
            let y1995 = try await client.call(.get, "/?date=1995-01-01&lang=en").text
            #expect(HTMLCheck.element("path", with: ["data-kind": "consents", "data-to": "akim"], in: y1995) == nil)
        }
    }

    @Test func everyPageAnswersInEachLanguageWithBalancedMarkup() async throws {
        let server = try await TestServer.make(today: "2026-11-30")
        defer { Task { await server.close() } }
        let paths = [
            "/?date=1940-01-01", "/?date=2009-01-01", "/?date=2013-01-01", "/?date=2022-06-01", "/",
            "/bodies/akim?date=2009-01-01", "/bodies/head-of-ayil-okmotu?date=2022-06-01", "/explain/formation/akim/by?date=2009-01-01", "/compare?from=2002-01-01&to=2009-01-01",
            "/compare?from=2011-01-01&to=2013-01-01", "/compare?from=2021-01-01&to=2022-01-01", "/compare", "/compare/draft", "/sources",
            "/sources/akn/kg/act/2008/99", "/sources/akn/kg/act/2024/150", "/principles?date=2009-01-01", "/principles?date=2022-06-01",
            "/territory", "/territory?q=sokuluk", "/territory?q=%D0%A1%D0%BE%D0%BA%D1%83%D0%BB%D1%83%D0%BA", "/territory/41708222000000?date=2013-01-01",
            "/calendar/2025", "/calendar/2025?from=2025-03-01&days=20", "/procedures", "/login", "/territory/changes",
        ]
        try await server.app().test(.router) { client in
            for path in paths {
                for lang in ["ky", "ru", "en"] {
                    let uri = path + (path.contains("?") ? "&" : "?") + "lang=\(lang)"
                    let r = try await client.call(.get, uri)
                    #expect(r.status == .ok, "\(uri): \(r.status) \(r.text.prefix(300))")
                    #expect(r.headers[.contentType] == "text/html; charset=utf-8")
                    try HTMLCheck.balanced(r.text, uri)
                    if lang != "en" {
                        let leaks = HTMLCheck.englishWords(r.text)
                        #expect(leaks.isEmpty, "\(uri): English words in the \(lang) text: \(leaks.prefix(20))")
                    }
                }
            }
            // Both search scripts find Sokuluk.
            let latin = try await client.call(.get, "/territory?q=sokuluk&lang=en").text
            let cyrillic = try await client.call(.get, "/territory?q=%D0%A1%D0%BE%D0%BA%D1%83%D0%BB%D1%83%D0%BA&lang=en").text
            #expect(latin.contains("/territory/41708222000000") && cyrillic.contains("/territory/41708222000000"))
            // Today's counts line counts the ayil aimaks known by name only beside the one with a code.
            let today = try await client.call(.get, "/territory?date=2026-11-30&lang=en").text
            let counts = try #require(today.components(separatedBy: "<p class=\"counts\">").dropFirst().first?.components(separatedBy: "</p>").first)
            #expect(counts.contains("ayil aimak known by name only: <strong>") && !counts.contains("known by name only: <strong>0<"), "\(counts)")
            // The compare page marks what changed on both sides.
            let compare = try await client.call(.get, "/compare?from=2002-01-01&to=2009-01-01&lang=en").text
            #expect(compare.contains("data-key=\"formation/governor/term_years\""), "the governor's fixed term, removed by 2009")
            #expect(HTMLCheck.attributes("data-mark", in: compare).contains("added"))
            // Bad input is a page that says what is wrong, with the API's status.
            let bad = try await client.call(.get, "/?date=2009-13-45&lang=en")
            #expect(bad.status == .badRequest && bad.text.contains("is not a date"))
            for (uri, words) in [("/?date=2009-13-45&lang=ky", "күн эмес"), ("/compare?from=1900-01-01&to=2009-01-01&lang=ru", "Модель начинается")] {
                let page = try await client.call(.get, uri)
                #expect(page.status == .badRequest && page.text.contains(words), "\(uri): \(page.text.prefix(200))")
                #expect(HTMLCheck.englishWords(page.text).isEmpty, "\(uri): the reason is in the reader's language")
            }
            let unknown = try await client.call(.get, "/territory/99999999999999?lang=ru")
            #expect(unknown.status == .notFound)
            try HTMLCheck.balanced(unknown.text, "unknown unit")
            let typo = try await client.call(.get, "/?dat=2009-01-01")
            #expect(typo.status == .badRequest)
        }
    }

    @Test func theLanguageComesFromTheSwitchThenTheCookieThenTheBrowserThenKyrgyz() async throws {
        let server = try await TestServer.make(today: "2026-11-30")
        defer { Task { await server.close() } }
        try await server.app().test(.router) { client in
            #expect(try await client.call(.get, "/sources").text.contains("<html lang=\"ky\">"))
            #expect(try await client.call(.get, "/sources", headers: [.acceptLanguage: "ru-RU,ru;q=0.9"]).text.contains("<html lang=\"ru\">"))
            let switched = try await client.call(.get, "/sources?lang=en")
            let cookie = try #require(switched.headers[.setCookie])
            #expect(cookie.hasPrefix("aimak_lang=en"))
            let kept = try await client.call(.get, "/sources", headers: [.cookie: "aimak_lang=en", .acceptLanguage: "ru"])
            #expect(kept.text.contains("<html lang=\"en\">"))
        }
    }

    /// Logs in through the login form; returns the session cookie and its CSRF token.
    static func login(_ client: some TestClientProtocol, _ name: String) async throws -> (cookie: String, csrf: String) {
        let r = try await client.call(.post, "/login", body: "name=\(name)&password=a+long+password+\(name)&next=%2Fprocedures",
                                      headers: [.contentType: "application/x-www-form-urlencoded"])
        #expect(r.status == .seeOther, "login \(name): \(r.status)")
        let set = try #require(r.headers[.setCookie])
        let cookie = String(set.split(separator: ";")[0])
        let page = try await client.call(.get, "/procedures", headers: [.cookie: cookie])
        let csrf = try #require(HTMLCheck.attributes("value", in: page.text, of: "input", named: "csrf").first)
        return (cookie, csrf)
    }

    static func form(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0)=\(PageForm.encode($0.1))" }.joined(separator: "&")
    }

    @Test func formsWriteOnlyWithTheSessionsTokenAndOnlyInTheAccountsTerritory() async throws {
        let server = try await TestServer.make(today: "2010-03-20")
        defer { Task { await server.close() } }
        let urlencoded: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        try await server.app().test(.router) { client in
            let badLogin = try await client.call(.post, "/login", body: "name=secretary&password=wrong", headers: urlencoded)
            #expect(badLogin.status == .unauthorized && badLogin.text.contains("id=\"login-error\""))

            let (cookie, csrf) = try await Self.login(client, "secretary")
            var h = urlencoded
            h[.cookie] = cookie
            let start = [("procedure", "akim-appointment"), ("unit", TestServer.sokuluk), ("date", "2010-03-01")]
            // Without the token: refused, nothing started.
            let noToken = try await client.call(.post, "/procedures", body: Self.form(start), headers: h)
            #expect(noToken.status == .forbidden, "\(noToken.status)")
            #expect(try await server.env.procedures(.en).list().isEmpty)
            // A wrong token: refused.
            #expect(try await client.call(.post, "/procedures", body: Self.form(start + [("csrf", "x" + csrf)]), headers: h).status == .forbidden)
            // Another district: refused by the territory rule, shown on the page.
            let elsewhere = try await client.call(.post, "/procedures?lang=en", body: Self.form([("procedure", "akim-appointment"), ("unit", TestServer.alamudun),
                                                                                         ("date", "2010-03-01"), ("csrf", csrf)]), headers: h)
            #expect(elsewhere.status == .forbidden && elsewhere.text.contains("outside the territory"))
            // With the token: started, and the browser is sent to its page.
            let ok = try await client.call(.post, "/procedures", body: Self.form(start + [("csrf", csrf)]), headers: h)
            #expect(ok.status == .seeOther)
            let location = try #require(ok.headers[.location])
            let id = String(location.dropFirst("/procedures/".count))

            func step(_ fields: [(String, String)], cookie: String, csrf: String) async throws -> TestResponse {
                var h = urlencoded
                h[.cookie] = cookie
                let version = try await server.env.procedures(.en).state(id).version ?? 0
                return try await client.call(.post, "/procedures/\(id)/events?lang=en", body: Self.form(fields + [("csrf", csrf), ("version", "\(version)")]), headers: h)
            }
            let nominated = try await step([("type", "nominated"), ("date", "2010-03-01"), ("by", "prime-minister"),
                                            ("candidates", "Asanov A.\nBekov B.\nDuishenov D.")], cookie: cookie, csrf: csrf)
            #expect(nominated.status == .seeOther, "\(nominated.status) \(nominated.text.prefix(400))")
            // The law refuses a ballot at a sitting without quorum: the reason is on the page, next to the form, and nothing is stored.
            #expect(try await step([("type", "sitting"), ("date", "2010-03-05"), ("seats", "31"), ("present", "20")], cookie: cookie, csrf: csrf).status == .seeOther)
            let noQuorum = try await step([("type", "ballot"), ("date", "2010-03-05"), ("candidate_0", "Asanov A."), ("vote_0", "15")], cookie: cookie, csrf: csrf)
            #expect(noQuorum.status.code == 422, "\(noQuorum.status)")
            // No ballot form is offered after a sitting without quorum (only the steps the law allows);
            // a crafted post is refused with the law's reason on the page.
            #expect(!noQuorum.text.contains("data-event=\"ballot\""))
            #expect(noQuorum.text.contains("role=\"alert\"") && noQuorum.text.contains("no quorum"), "\(noQuorum.text.prefix(300))")
            // An impossible count is refused the same way.
            let impossible = try await step([("type", "sitting"), ("date", "2010-03-06"), ("seats", "31"), ("present", "40")], cookie: cookie, csrf: csrf)
            #expect(impossible.status.code == 422 && impossible.text.contains("40 deputies present but the body has 31 seats"))
            #expect(impossible.text.contains("id=\"f-sitting-error\"") && impossible.text.contains("value=\"40\""), "the reason next to the form, what was typed kept")
            // The form asks for the deputies elected too, so the engine's check of it can be reached.
            let overElected = try await step([("type", "sitting"), ("date", "2010-03-06"), ("seats", "31"), ("present", "25"), ("elected", "20")], cookie: cookie, csrf: csrf)
            #expect(overElected.status.code == 422 && overElected.text.contains("25 deputies present but only 20 elected"), "\(overElected.status)")
            let notANumber = try await step([("type", "sitting"), ("date", "2010-03-06"), ("seats", "31"), ("present", "many")], cookie: cookie, csrf: csrf)
            #expect(notANumber.status == .badRequest)
            // The pages word their own refusals in the reader's language.
            var ky = urlencoded
            ky[.cookie] = cookie
            let version = try await server.env.procedures(.en).state(id).version ?? 0
            let kyRefusal = try await client.call(.post, "/procedures/\(id)/events?lang=ky", body: Self.form([("type", "sitting"), ("date", "2010-03-06"),
                ("seats", "31"), ("present", "many"), ("csrf", csrf), ("version", "\(version)")]), headers: ky)
            #expect(kyRefusal.status == .badRequest && kyRefusal.text.contains("адамдардын саны эмес"))
            #expect(try await server.env.procedures(.en).events(id).count == 3)

            // A secretary of another district, logged in, sees no form and cannot write.
            let other = try await Self.login(client, "other-secretary")
            let page = try await client.call(.get, "/procedures/\(id)?lang=en", headers: [.cookie: other.cookie])
            #expect(page.status == .ok && !page.text.contains("class=\"step card\""))
            let refused = try await step([("type", "sitting"), ("date", "2010-03-10"), ("seats", "31"), ("present", "25")], cookie: other.cookie, csrf: other.csrf)
            #expect(refused.status == .forbidden)
            // One account's session with another's token: refused.
            let mixed = try await step([("type", "sitting"), ("date", "2010-03-10"), ("seats", "31"), ("present", "25")], cookie: other.cookie, csrf: csrf)
            #expect(mixed.status == .forbidden)
            #expect(try await server.env.procedures(.en).events(id).count == 3)

            // The minutes page renders the sitting.
            let minutes = try await client.call(.get, "/procedures/\(id)/minutes?lang=ru", headers: [.cookie: cookie])
            #expect(minutes.status == .ok && minutes.text.contains("section class=\"sitting\""))
            try HTMLCheck.balanced(minutes.text, "minutes")

            // Logging out needs the token too, and ends the session.
            var out = urlencoded
            out[.cookie] = cookie
            #expect(try await client.call(.post, "/logout", body: "", headers: out).status == .forbidden)
            #expect(try await client.call(.post, "/logout", body: "csrf=\(csrf)", headers: out).status == .seeOther)
            let after = try await client.call(.get, "/account", headers: [.cookie: cookie])
            #expect(after.status == .seeOther, "the old cookie no longer logs in")
        }
    }

    /// An administration lawyer runs the oversight of an act through the page's forms, each step
    /// with its fields named (a probe found one free "name=value" box for every oversight step).
    @Test func aLawyerRunsAnOversightThroughNamedFields() async throws {
        let server = try await TestServer.make(today: "2010-09-01")
        defer { Task { await server.close() } }
        try await server.app().test(.router) { client in
            let (cookie, csrf) = try await Self.login(client, "lawyer")
            var h: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            h[.cookie] = cookie
            let start = try await client.call(.post, "/procedures", body: Self.form([("procedure", "act-oversight"), ("unit", TestServer.sokuluk),
                                                                                     ("date", "2010-04-01"), ("csrf", csrf)]), headers: h)
            #expect(start.status == .seeOther)
            let id = String(try #require(start.headers[.location]).dropFirst("/procedures/".count))
            let steps: [[(String, String)]] = [
                [("type", "act-registered"), ("date", "2010-04-01"), ("body", "ayil-kenesh"), ("act", "Decision No. 12")],
                [("type", "suspended"), ("date", "2010-04-05"), ("by", "governor"), ("ground", "Land Code art. 12")],
                [("type", "prosecutor-notified"), ("date", "2010-04-05")],
                [("type", "appealed"), ("date", "2010-04-20"), ("by", "ayil-kenesh"), ("to", "court")],
                [("type", "court-decided"), ("date", "2010-06-01"), ("decision", "suspension-upheld"), ("in_force", "2010-07-01")],
            ]
            for step in steps {
                let type = step[0].1
                let page = try await client.call(.get, "/procedures/\(id)?lang=ru", headers: [.cookie: cookie]).text
                // The form of this step asks for its fields by name (no free "name=value" box).
                #expect(page.contains("data-event=\"\(type)\""), "\(type) offered")
                for (name, _) in step.dropFirst(2) { #expect(page.contains("id=\"f-\(type)-\(name)\""), "\(type): field \(name)") }
                let version = try await server.env.procedures(.en).state(id).version ?? 0
                let r = try await client.call(.post, "/procedures/\(id)/events?lang=ru", body: Self.form(step + [("csrf", csrf), ("version", "\(version)")]), headers: h)
                #expect(r.status == .seeOther, "\(type): \(r.status) \(r.text.prefix(300))")
            }
            let done = try await client.call(.get, "/procedures/\(id)?lang=ru", headers: [.cookie: cookie]).text
            #expect(done.contains("приостановление признано обоснованным") && !done.contains("class=\"hint\""), "named, no free box")
            #expect(try await server.env.procedures(.en).state(id).phase == "decided")
        }
    }

    /// Findings of a probe as a journalist browsing the registry, kept fixed.
    @Test func theRegistryPagesLeadOnlyToPagesThatAnswer() async throws {
        let server = try await TestServer.make(today: "2026-11-30")
        defer { Task { await server.close() } }
        try await server.app().test(.router) { client in
            // Every search result opens, a unit that has ended on a day it existed (65 of 100 were 404).
            for q in ["a", "sokuluk"] {
                let page = try await client.call(.get, "/territory?q=\(q)&date=2026-11-30&lang=en")
                let links = HTMLCheck.attributes("href", in: page.text).filter { $0.hasPrefix("/territory/4") }
                #expect(links.count > (q == "a" ? 50 : 2), "\(q): \(links.count)")
                for link in links {
                    let r = try await client.call(.get, link.replacingOccurrences(of: "&amp;", with: "&"))
                    #expect(r.status == .ok, "\(link): \(r.status)")
                }
            }
            // A unit that is not there is said in the reader's words, without the command line's hint.
            let unknown = try await client.call(.get, "/territory/41799999000000?lang=ru")
            #expect(unknown.status == .notFound && unknown.text.contains("Территориальной единицы с кодом 41799999000000 нет"))
            #expect(!unknown.text.contains("aimak territory find"))
            let ended = try await client.call(.get, "/territory/41708222865000?date=2026-11-30&lang=ky")
            #expect(ended.status == .notFound && ended.text.contains("болгон эмес"), "\(ended.status)")
            // Its end is known to the year only: said as the year, not as 31 December.
            let endedRu = try await client.call(.get, "/territory/41708222865000?date=2026-11-30&lang=ru").text
            #expect(endedRu.contains("… – 2024") && !endedRu.contains("31 декабря 2024"), "\(endedRu)")
            // A unit with no parent is listed without a dangling comma; the gap note reads as Kyrgyz.
            let osh = try await client.call(.get, "/territory?q=%D0%B3%D0%BE%D1%80%D0%BE%D0%B4%20%D0%9E%D1%88&lang=ky").text
            #expect(osh.contains("республикалык маанидеги шаар <small>") && osh.contains("2024-жылдан кийин"), "\(osh.prefix(0))")
            // A day before the registry is refused as the API refuses it, in the reader's language.
            let old = try await client.call(.get, "/territory?date=1950-01-01&lang=ru")
            #expect(old.status == .badRequest && old.text.contains("Реестр начинается"), "\(old.status)")
            #expect(try await client.call(.get, "/territory/41708222000000?date=1950-01-01").status == .badRequest)
            #expect(try await client.call(.get, "/api/v1/territory?date=1950-01-01").status == .badRequest)
            // Only units whose existence on the day is in doubt carry the "?" (it was on all of them).
            let tree = try await client.call(.get, "/territory?date=2026-11-30&lang=en").text
            let marked = tree.components(separatedBy: "class=\"status uncertain\"").count - 1
            #expect(marked < 10, "\(marked) units marked uncertain")
            // The date field allows no day the page refuses.
            #expect(tree.contains("min=\"1990-12-14\""))
            // The timeline's bands open on days the model answers for; no mark without a title.
            let home = try await client.call(.get, "/?date=2009-01-01&lang=en").text
            let bands = HTMLCheck.attributes("href", in: home).filter { $0.hasPrefix("/?date=") }
            #expect(!bands.isEmpty)
            for band in Set(bands) {
                #expect(try await client.call(.get, band.replacingOccurrences(of: "&amp;", with: "&")).status == .ok, "\(band)")
            }
            #expect(home.contains("href=\"/?date=1929-04-30\""), "the Soviet era opens on the model's first day")
            #expect(home.contains("href=\"/?date=2007-10-24\""), "the 2007 wording, the day it took effect")
            #expect(!home.contains(": </title>"), "a mark with no act named")
            #expect(home.contains("Law No. 99 (2008) (⚠ 2008"), "a date known to the year said as such")
            #expect(home.contains("min=\"1929-04-30\""))
        }
    }

    /// Findings of a hostile probe, kept fixed.
    @Test func hostileFindingsStayFixed() async throws {
        let server = try await TestServer.make(today: "2010-03-20")
        defer { Task { await server.close() } }
        let urlencoded: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        try await server.app().test(.router) { client in
            // `next` with a tab after the slash is not a way off the site.
            let tab = try await client.call(.post, "/login", body: "name=secretary&password=a+long+password+secretary&next=/%09/evil.example",
                                            headers: urlencoded)
            #expect(tab.status == .seeOther && tab.headers[.location] == "/procedures", "\(tab.headers[.location] ?? "")")
            // A login posted from another site is refused before the password is looked at.
            var foreign = urlencoded
            foreign[HTTPField.Name("Origin")!] = "https://evil.example"
            let crossLogin = try await client.call(.post, "/login?lang=en", body: "name=secretary&password=a+long+password+secretary", headers: foreign)
            #expect(crossLogin.status == .forbidden && !(crossLogin.headers[.setCookie] ?? "").contains("aimak_session"))
            var fetchSite = urlencoded
            fetchSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            #expect(try await client.call(.post, "/login", body: "name=secretary&password=a+long+password+secretary", headers: fetchSite).status == .forbidden)
            var same = urlencoded
            same[HTTPField.Name("Origin")!] = "http://localhost"
            #expect(try await client.call(.post, "/login", body: "name=secretary&password=a+long+password+secretary", headers: same).status == .seeOther)

            // `//api/…` reaches the API: it is the API for the CSRF rule too.
            let (adminCookie, _) = try await Self.login(client, "admin")
            let sneaky = try await client.call(.post, "//api/v1/accounts/reader/disable", body: "{}",
                                               headers: [.cookie: adminCookie, .contentType: "application/json"])
            #expect(sneaky.status == .forbidden, "\(sneaky.status)")
            #expect(try await server.env.accounts.account("reader")?.disabled == false)

            // A procedure or a step dated after today is refused: nothing is stored.
            let (cookie, csrf) = try await Self.login(client, "secretary")
            var h = urlencoded
            h[.cookie] = cookie
            let future = try await client.call(.post, "/procedures?lang=en", body: Self.form([("procedure", "akim-appointment"), ("unit", TestServer.sokuluk),
                                                                                            ("date", "2100-03-01"), ("csrf", csrf)]), headers: h)
            #expect(future.status == .badRequest && future.text.contains("after today"))
            #expect(try await server.env.procedures(.en).list().isEmpty)

            // The start form names the procedures in words, not as Swift optionals.
            let start = try await client.call(.get, "/procedures?lang=en", headers: [.cookie: cookie])
            #expect(!start.text.contains("Optional") && start.text.contains(">Appointment of the akim</option>"))
            #expect(start.headers[.cacheControl] == "private, no-store" && start.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")

            // An address that is no page is a page saying so, in the reader's language.
            let none = try await client.call(.get, "/nope?lang=ru")
            #expect(none.status == .notFound && none.headers[.contentType]?.hasPrefix("text/html") == true && none.text.contains("Такой страницы нет"))
            #expect(try await client.call(.get, "/api/v1/nope").headers[.contentType] == "application/problem+json")
            // A body over the limit is 413, not an internal message.
            let big = try await client.call(.post, "/compare/draft", body: "draft=" + String(repeating: "a", count: 1_100_000), headers: urlencoded)
            #expect(big.status.code == 413, "\(big.status)")
        }
    }

    @Test func anAdministratorRecordsATerritorialChangeThroughTheForm() async throws {
        let server = try await TestServer.make(today: "2026-11-30")
        defer { Task { await server.close() } }
        let urlencoded: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        let merge = [("kind", "merge"), ("effective", "2024-09-01"), ("basis", "Law No. 150 (2024)"), ("codes", "41708222865000, 41708222869000"),
                     ("new_code", "41708222899000"), ("new_type", "ayil-aimak"), ("new_parent", "41708222000000"), ("new_name_ru", "Большой Сокулук"),
                     ("name_en", "ignored for a merge")]
        try await server.app().test(.router) { client in
            // A kenesh secretary sees the list, not the form, and cannot post.
            let secretary = try await Self.login(client, "secretary")
            let page = try await client.call(.get, "/territory/changes?lang=en", headers: [.cookie: secretary.cookie])
            #expect(page.status == .ok && !page.text.contains("name=\"kind\""))
            var h = urlencoded
            h[.cookie] = secretary.cookie
            #expect(try await client.call(.post, "/territory/changes", body: Self.form(merge + [("csrf", secretary.csrf)]), headers: h).status == .forbidden)
            // The administrator records the merge; the registry answers with it.
            let admin = try await Self.login(client, "admin")
            h[.cookie] = admin.cookie
            let ok = try await client.call(.post, "/territory/changes", body: Self.form(merge + [("csrf", admin.csrf)]), headers: h)
            #expect(ok.status == .seeOther, "\(ok.status) \(ok.text.prefix(300))")
            let unit = try await client.call(.get, "/territory/41708222899000?date=2025-01-01&lang=ru")
            #expect(unit.status == .ok && unit.text.contains("Большой Сокулук"))
            // A change the rules refuse is shown with its reason, what was typed kept, nothing stored.
            let again = try await client.call(.post, "/territory/changes?lang=en", body: Self.form(merge + [("csrf", admin.csrf)]), headers: h)
            #expect(again.status.code == 422 && again.text.contains("id=\"tc-error\"") && again.text.contains("value=\"41708222899000\""))
            #expect(try await server.env.territoryChanges.recorded().count == 1)
            // On a Kyrgyz page the rule's reason, written in English by the registry, is marked as English.
            let kyRefused = try await client.call(.post, "/territory/changes?lang=ky", body: Self.form(merge + [("csrf", admin.csrf)]), headers: h)
            #expect(kyRefused.status.code == 422 && kyRefused.text.contains("<span lang=\"en\">"))
            let list = try await client.call(.get, "/territory/changes?lang=ky")
            try HTMLCheck.balanced(list.text, "changes")
            #expect(list.text.contains("бириктирүү") && HTMLCheck.englishWords(list.text).filter { $0 != "Law" && $0 != "No" }.isEmpty)
        }
    }

    @Test func aSourcePageNamesItsDataFileAndWhyNamesTheBody() async throws {
        let server = try await TestServer.make(today: "2026-11-30")
        defer { Task { await server.close() } }
        try await server.app().test(.router) { client in
            let source = try await client.call(.get, "/sources/akn/kg/act/1996/constitution-amendments?lang=en")
            #expect(source.status == .ok)
            #expect(source.text.contains("<code>law/sources/1996-constitution-amendments.yaml</code>"), "\(source.text)")
            // Grouped in the act's order, the unidentified provisions last.
            let act = try await client.call(.get, "/sources/akn/kg/act/1993/constitution?lang=en")
            let headings = act.text.ranges(of: "<h2>").map { act.text[$0.upperBound...].prefix { $0 != "<" } }.map(String.init)
            let art42 = try #require(headings.firstIndex(of: "art. 42(1)"), "\(headings)")
            let art70 = try #require(headings.firstIndex(of: "art. 70(1)"), "\(headings)")
            let art92 = try #require(headings.firstIndex(of: "art. 92"), "\(headings)")
            let art95 = try #require(headings.firstIndex(of: "art. 95(1)"), "\(headings)")
            #expect(art42 < art70)
            #expect(art92 < art95)
            #expect(headings.last == "Provision not identified", "\(headings)")
            let why = try await client.call(.get, "/explain/body/government?date=1995-06-01&lang=en")
            #expect(why.status == .ok)
            #expect(why.text.contains("<h2>Government</h2>") && why.text.contains("art. 70(1)"), "\(why.text)")
            // An uncertain answer says which of its dates is not known, and when it may fall, in the CLI's
            // words: the end of a fact read only in a wording of 2015, the start of one that took effect on
            // a day not known; a certain one says nothing.
            let end = try await client.call(.get, "/explain/procedure/ayil-kenesh-election/electoral_system?date=2020-01-01&lang=en")
            #expect(end.text.contains("<p class=\"warning\">⚠ uncertain — the day it stopped applying is not known: 2015-02-18 or later</p>"), "\(end.text)")
            #expect(end.text.contains("(date it stopped applying uncertain)"), "the statement's own column")
            let start = try await client.call(.get, "/explain/procedure/city-kenesh-election/list_threshold?date=2012-03-01&lang=ru")
            #expect(start.text.contains("<p class=\"warning\">⚠ неточно — дата вступления в силу неизвестна: 2012 (в период с 2012-01-01 по 2012-12-31)</p>"),
                    "\(start.text)")
            // The comparison of two dates says it too, beside each side of a change.
            let compare = try await client.call(.get, "/compare?from=2001-06-01&to=2002-06-01&lang=en")
            #expect(compare.text.contains("⚠ uncertain — date of entry into force not known: 2002 (between 2002-01-12 and 2002-12-31)"))
            let read = try await client.call(.get, "/bodies/akim?date=2009-01-01&lang=ru")
            #expect(read.text.contains("прочитан текст на английском языке"), "the language read (an English translation), named in Russian")
            let sure = try await client.call(.get, "/explain/procedure/ayil-kenesh-election/electoral_system?date=2013-01-01&lang=en")
            #expect(!sure.text.contains("class=\"warning\""))
        }
    }

    @Test func aDraftIsComparedWithoutLoggingIn() async throws {
        let server = try await TestServer.make(today: "2026-11-30")
        defer { Task { await server.close() } }
        let draft = headsDraft
        try await server.app().test(.router) { client in
            let r = try await client.call(.post, "/compare/draft?lang=en", body: Self.form([("draft", draft), ("date", "2015-01-01")]),
                                          headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(r.status == .ok)
            #expect(r.text.contains("id=\"changes-h\"") && r.text.contains("akim, a state body, appoints the head of the ayil okmotu"), "\(r.text.prefix(500))")
            let broken = try await client.call(.post, "/compare/draft?lang=en", body: Self.form([("draft", "id: [")]),
                                               headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(broken.status == .ok && broken.text.contains("class=\"error\""))
        }
    }
}

/// Percent-encoding for a form body.
enum PageForm {
    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

/// Small checks on HTML text (no HTML parser is among the packages this project may use): balanced
/// tags, attribute values, elements by attributes, and English words left in a Kyrgyz or Russian page.
enum HTMLCheck {
    static let void: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]

    struct Unbalanced: Error, CustomStringConvertible { var description: String }

    /// Every element closed in order (void elements and self-closed SVG elements excepted).
    static func balanced(_ html: String, _ name: String) throws {
        var stack: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[open...]
            if rest.hasPrefix("<!--") { rest = rest[(rest.range(of: "-->")?.upperBound ?? rest.endIndex)...]; continue }
            guard let close = rest.firstIndex(of: ">") else { throw Unbalanced(description: "\(name): a tag is not closed") }
            let tag = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }
            let selfClosed = tag.hasSuffix("/")
            let isEnd = tag.hasPrefix("/")
            let tagName = tag.drop { $0 == "/" }.prefix { !$0.isWhitespace && $0 != "/" && $0 != ">" }.lowercased()
            if tagName == "script" || tagName == "style", !isEnd, let end = rest.range(of: "</\(tagName)>") {
                rest = rest[end.upperBound...]
                continue
            }
            if isEnd {
                guard stack.last == tagName else {
                    throw Unbalanced(description: "\(name): </\(tagName)> closes <\(stack.last ?? "nothing")> (open: \(stack.suffix(5)))")
                }
                stack.removeLast()
            } else if !selfClosed, !void.contains(tagName) {
                stack.append(tagName)
            }
        }
        if !stack.isEmpty { throw Unbalanced(description: "\(name): not closed: \(stack)") }
    }

    /// Every value of an attribute, optionally only on one element with a given name attribute.
    static func attributes(_ attribute: String, in html: String, of element: String? = nil, named: String? = nil) -> [String] {
        var out: [String] = []
        for tag in html.components(separatedBy: "<").dropFirst() {
            guard let end = tag.firstIndex(of: ">") else { continue }
            let t = tag[..<end]
            if let element, !t.hasPrefix(element + " ") { continue }
            if let named, !t.contains("name=\"\(named)\"") { continue }
            if let r = t.range(of: " \(attribute)=\"") {
                out.append(String(t[r.upperBound...].prefix { $0 != "\"" }))
            }
        }
        return out
    }

    /// The first element whose start tag has all the attributes, up to its end tag.
    static func element(_ name: String, with attributes: [String: String], in html: String) -> String? {
        var search = html[...]
        while let r = search.range(of: "<\(name) ") {
            let tagEnd = search[r.lowerBound...].firstIndex(of: ">") ?? search.endIndex
            let tag = search[r.lowerBound..<tagEnd]
            if attributes.allSatisfy({ tag.contains(" \($0.key)=\"\($0.value)\"") }) {
                let close = search[r.lowerBound...].range(of: "</\(name)>")?.upperBound ?? tagEnd
                return String(search[r.lowerBound..<close])
            }
            search = search[tagEnd...]
        }
        return nil
    }

    /// Names and codes that are Latin in every language: the product, formats, the language
    /// switch's own names, and the model's identifiers shown as codes.
    static let allowed: Set<String> = ["Aimak", "API", "OpenAPI", "JSON", "CSV", "YAML", "Popolo", "English", "SVG", "XII"]

    /// Latin words of three letters or more in the text a reader sees (not in tags, scripts,
    /// styles, codes or the textarea of a draft).
    static func englishWords(_ html: String) -> [String] {
        var text = html
        for (open, close) in [("<script", "</script>"), ("<style", "</style>"), ("<code", "</code>"), ("<textarea", "</textarea>"), ("<head", "</head>")] {
            while let a = text.range(of: open), let b = text.range(of: close, range: a.upperBound..<text.endIndex) {
                text.replaceSubrange(a.lowerBound..<b.upperBound, with: " ")
            }
        }
        // A name shown in Latin letters on purpose (the unit's English name, a seat the dataset
        // names only in transliteration) is marked with its language.
        text = text.replacingOccurrences(of: "<(\\w+)[^>]* lang=\"(en|ky-Latn)\"[^>]*>[^<]*</\\1>", with: " ", options: .regularExpression)
        // Titles inside SVG are text a reader sees (tooltips): keep them; drop every tag.
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        var words: [String] = []
        var current = ""
        for ch in text + " " {
            if ch.isASCII && ch.isLetter { current.append(ch) } else {
                if current.count >= 3, !allowed.contains(current) { words.append(current) }
                current = ""
            }
        }
        return Array(Set(words)).sorted()
    }
}

/// The pages' words: every word a template or a page asks for is in law/interface.yaml (or the
/// law's vocabulary) in the three languages.
@Suite struct PageWordsTests {
    /// The record of a procedure names each event and field in words, in every language: every event
    /// type and field of the procedure scenarios (a probe found oversight steps shown as raw keys).
    @Test func everyEventAndFieldOfTheScenariosHasItsWords() throws {
        let renderer = try PageRenderer(law: Shared.law)
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("law/scenarios/procedures")
        var seen = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".yaml") {
            var kind = ""
            for line in try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("procedure: ") { kind = String(t.dropFirst("procedure: ".count)) }
                guard t.hasPrefix("- { type: "), let end = t.firstIndex(of: ",") else { continue }
                let type = String(t[t.index(t.startIndex, offsetBy: "- { type: ".count)..<end])
                // The field names: each "name:" at the top level of the event's braces.
                let fields = t.dropFirst(2).split(separator: ",").compactMap { part -> String? in
                    let p = part.trimmingCharacters(in: CharacterSet(charactersIn: " {"))
                    guard let colon = p.firstIndex(of: ":"), p[..<colon].allSatisfy({ $0.isLowercase || $0 == "_" }) else { return nil }
                    return String(p[..<colon])
                }.filter { !["type", "date"].contains($0) }
                for lang in Language.allCases {
                    let label = renderer.eventLabel(type, kind: kind, lang)
                    // (In English a label may be the type's own word: "ballot", "appointed".)
                    #expect(!label.hasPrefix("event_") && (lang == .en || label != type), "\(kind) \(type) in \(lang): \(label)")
                    for f in fields {
                        let name = renderer.fieldLabel(f, lang)
                        #expect(name != f && !name.isEmpty && !name.contains("_"), "\(kind) \(type) field \(f) in \(lang): \(name)")
                    }
                }
                seen += 1
            }
        }
        #expect(seen > 150)
    }

    @Test func everyWordThePagesUseIsWrittenInThreeLanguages() throws {
        let renderer = try PageRenderer(law: Shared.law)
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/AimakPages")
        var used = Set<String>()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path) + (try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("Templates").path)).map { "Templates/" + $0 }
        for file in files where file.hasSuffix(".mustache") || file.hasSuffix(".swift") {
            // (Doc comments name the template syntax with a placeholder word, `{{t.name}}`.)
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for pattern in ["\\{\\{[#^/]?t\\.([a-z0-9_]+)", "words\\(\"([a-z0-9_]+)\""] {
                let regex = try NSRegularExpression(pattern: pattern)
                for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    used.insert(String(text[Range(m.range(at: 1), in: text)!]))
                }
            }
        }
        used.remove("name")
        #expect(used.count > 150)
        for id in used.sorted() {
            let labels = renderer.words.interface.phrases[id]
            #expect(labels != nil, "'\(id)' is used by the pages but not in law/interface.yaml")
            for lang in ["ky", "ru", "en"] { #expect(labels?.byLanguage[lang]?.isEmpty == false, "'\(id)' has no \(lang) wording") }
        }
    }
}
