import AimakApp
import AimakServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WorkingDays

/// The API through real HTTP on an ephemeral port: reading, errors as problem+json, and the same
/// JSON as the CLI.
@Suite(.serialized) struct APITests {
    @Test func systemAtADateIsTheCLIsDocument() async throws {
        let server = try await TestServer.make()
        defer { Task { await server.close() } }
        try await server.app().test(.live) { client in
            let r = try await client.call(.get, "/api/v1/system?date=2009-01-01")
            #expect(r.status == .ok)
            #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
            let expected = try await cli(["at", "2009-01-01", "--json"])
            #expect(jsonEqual(r.text, expected))
            // Dated reads carry an ETag and honour If-None-Match.
            let tag = try #require(r.headers[.eTag])
            let again = try await client.call(.get, "/api/v1/system?date=2009-01-01", headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            let ru = try await client.call(.get, "/api/v1/system?date=2009-01-01", headers: [.acceptLanguage: "ru-RU,ru;q=0.9"])
            let expectedRu = try await cli(["at", "2009-01-01", "--json", "--lang", "ru"])
            #expect(jsonEqual(ru.text, expectedRu))
            let ky = try await client.call(.get, "/api/v1/system?date=2009-01-01&lang=ky")
            let expectedKy = try await cli(["at", "2009-01-01", "--json", "--lang", "ky"])
            #expect(jsonEqual(ky.text, expectedKy))
        }
    }

    @Test func everyReadingRouteAnswersAsTheCLIDoes() async throws {
        let server = try await TestServer.make()
        defer { Task { await server.close() } }
        let pairs: [(String, [String])] = [
            ("/api/v1/sources", ["sources", "--json"]),
            ("/api/v1/diff?from=2002-06-01&to=2009-01-01", ["diff", "2002-06-01", "2009-01-01", "--json"]),
            ("/api/v1/explain/formation/akim?date=2012-06-01", ["explain", "formation/akim", "--at", "2012-06-01", "--json"]),
            ("/api/v1/principles?date=2022-01-01", ["check", "--at", "2022-01-01", "--json"]),
            ("/api/v1/territory?date=2023-01-01&depth=2", ["territory", "--at", "2023-01-01", "--depth", "2", "--json"]),
            ("/api/v1/territory/find?q=sokuluk", ["territory", "find", "sokuluk", "--json"]),
            ("/api/v1/territory/units/41708222000000?date=2009-01-01", ["territory", "show", "41708222000000", "--at", "2009-01-01", "--json"]),
            ("/api/v1/calendar/2025", ["calendar", "2025", "--json"]),
            ("/api/v1/calendar/add?from=2025-03-01&days=20", ["calendar", "add", "2025-03-01", "20", "--json"]),
            ("/api/v1/calendar/days/2024-06-17", ["calendar", "day", "2024-06-17", "--json"]),
            ("/api/v1/coverage?date=\(todayInBishkek())", ["sources", "--coverage", "--json"]),
        ]
        try await server.app().test(.live) { client in
            for (uri, args) in pairs {
                let r = try await client.call(.get, uri)
                #expect(r.status == .ok, "\(uri): \(r.text.prefix(300))")
                let expected = try await cli(args)
                #expect(jsonEqual(r.text, expected), "\(uri) differs from aimak \(args.joined(separator: " "))")
            }
            // A fact read in a wording of 17 Feb 2015 and not read after it: uncertain at its end.
            let open = try await client.call(.get, "/api/v1/explain/procedure/local-kenesh-elections/called_by?date=2020-01-01")
            let line = try #require((open.array.first?["statements"] as? [[String: Any]])?.first)
            #expect(line["in_force"] as? String == "uncertain" && line["uncertain_about"] as? String == "end", "\(line)")
            #expect((line["cite"] as? [String: Any])?["in_force_until"] as? String == "2015-02-18 or later")
            // The answer's note says why in the language asked, as the CLI prints it; a certain fact has none.
            let note = (open.array.first?["resolved"] as? [String: Any])?["note"] as? String
            #expect(note == "uncertain — the day it stopped applying is not known: 2015-02-18 or later", "\(note ?? "none")")
            let certain = try await client.call(.get, "/api/v1/explain/procedure/local-kenesh-elections/called_by?date=2013-01-01")
            let resolved = try #require(certain.array.first?["resolved"] as? [String: Any])
            #expect(resolved["certainty"] as? String == "certain" && resolved["note"] == nil, "\(resolved)")
            let started = try await client.call(.get, "/api/v1/explain/procedure/city-kenesh-election/list_threshold?date=2012-03-01")
            let first = try #require((started.array.first?["statements"] as? [[String: Any]])?.first)
            #expect(first["uncertain_about"] as? String == "start", "\(first)")
            let source = try await client.call(.get, "/api/v1/sources/akn/kg/act/2008/99")
            #expect(source.status == .ok)
            #expect(((source.object["statements"] as? [[String: Any]])?.count ?? 0) > 10)
            let popolo = try await client.call(.get, "/api/v1/territory/popolo?date=2022-01-01")
            #expect(popolo.status == .ok && (popolo.object["areas"] as? [Any])?.isEmpty == false)
            let csv = try await client.call(.get, "/api/v1/territory.csv?date=2023-01-01")
            #expect(csv.status == .ok && csv.text.hasPrefix("code,type,name_ky") && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let draft = headsDraft
            let d = try await client.call(.post, "/api/v1/diff/draft?date=2015-01-01", body: draft)
            #expect(d.status == .ok, "\(d.text.prefix(400))")
            #expect(d.text.contains("akim, a state body, appoints the head of the ayil okmotu"))
            for path in ["/healthz", "/readyz", "/metrics", "/api/v1/openapi.yaml", "/api/v1/docs"] {
                #expect(try await client.call(.get, path).status == .ok, "\(path)")
            }
        }
    }

    @Test(arguments: TestServer.stores)
    func badInputIsAProblemDocumentNeverA500(_ store: TestServer.Store) async throws {
        let server = try await TestServer.make(store: store)
        defer { Task { await server.close() } }
        let admin = server.tokens["admin"]!
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c]\n"
        let cases: [(HTTPRequest.Method, String, String?, String?, Int)] = [
            (.get, "/api/v1/system?date=2009-13-45", nil, nil, 400),
            (.get, "/api/v1/system?date=1700-01-01", nil, nil, 400),
            (.get, "/api/v1/system?dat=2009-01-01", nil, nil, 400),
            (.get, "/api/v1/diff?from=2009-01-01", nil, nil, 400),
            (.get, "/api/v1/territory/units/99999999999999", nil, nil, 404),
            (.get, "/api/v1/territory/units/..%2F..%2Fetc%2Fpasswd", nil, nil, 404),
            (.get, "/api/v1/territory/find?q=x&limit=-1", nil, nil, 400),
            (.get, "/api/v1/explain/no/such/key", nil, nil, 404),
            (.get, "/api/v1/sources/akn/kg/act/1800/1", nil, nil, 404),
            (.get, "/api/v1/calendar/add?from=2025-01-01&days=9223372036854775807", nil, nil, 400),
            (.get, "/api/v1/calendar/add?from=2025-01-01&days=-5", nil, nil, 400),
            (.get, "/api/v1/calendar/1900", nil, nil, 400),
            (.get, "/api/v1/procedures/no-such-procedure", nil, nil, 404),
            (.get, "/api/v1/no/such/route", nil, nil, 404),
            (.post, "/api/v1/diff/draft", nil, bomb, 400),
            (.post, "/api/v1/diff/draft", nil, "id: [unclosed", 400),
            (.post, "/api/v1/procedures", admin, "{not json", 400),
            (.post, "/api/v1/procedures", admin, "[1, 2]", 400),
            (.post, "/api/v1/procedures", admin, #"{"procedure": "akim-appointment", "unit": 41708222000000, "date": "2010-03-01"}"#, 400),
            (.post, "/api/v1/procedures", admin, #"{"procedure": "akim-appointment", "unit": "41708222000000", "date": "2010-03-01", "extra": 1}"#, 400),
            (.post, "/api/v1/procedures", admin, #"{"procedure": "akim-appointment", "unit": "41708222000000", "date": "yesterday"}"#, 400),
            (.post, "/api/v1/procedures", admin, #"{"procedure": "coup", "unit": "41708222000000", "date": "2010-03-01"}"#, 400),
            (.post, "/api/v1/procedures", admin, #"{"procedure": "akim-appointment", "unit": "41708000000000", "date": "2010-03-01"}"#, 422),
            (.post, "/api/v1/procedures", admin, #"{"procedure": "akim-appointment", "unit": "41708222000000", "date": "2010-03-01", "id": "../../etc"}"#, 400),
            (.post, "/api/v1/procedures", admin, String(repeating: " ", count: 2 << 20), 413),
        ]
        try await server.app().test(.live) { client in
            for (method, uri, token, body, status) in cases {
                let r = try await client.call(method, uri, token: token, json: method == .post && !uri.contains("draft") ? body : nil,
                                              body: uri.contains("draft") ? body : nil)
                #expect(r.status.code == status, "\(method) \(uri) \(body?.prefix(60) ?? ""): \(r.status) \(r.text.prefix(300))")
                #expect(r.isProblem, "\(method) \(uri): not problem+json: \(r.text.prefix(200))")
            }
            // A declared length over the limit is answered at once, before any byte of the body.
            let declared = rawHTTP(port: client.port!, "POST /api/v1/procedures HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(admin)\r\n"
                                   + "Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{")
            #expect(declared.hasPrefix("HTTP/1.1 413"), "\(declared.prefix(200))")
            // Nothing was written by any of them.
            #expect(try await server.env.store.heads().keys.allSatisfy { $0.rawValue.hasPrefix("account:") })
        }
    }

    /// A district's ayil aimaks known by name only: in the API's unit and tree answers and on the
    /// district's page from the date of the source that names them, and not before.
    @Test func unitsKnownByNameAreAnsweredFromTheirSourcesDate() async throws {
        let server = try await TestServer.make(today: "2026-11-30")
        defer { Task { await server.close() } }
        try await server.app().test(.router) { client in
            let unit = try await client.call(.get, "/api/v1/territory/units/41708217000000?date=2026-11-30")
            #expect(unit.status == .ok)
            func named(_ text: String) throws -> [[String: Any]] {
                let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                return try #require(object?["named_units"] as? [[String: Any]])
            }
            let ming = try named(unit.text)
            #expect(ming.count == 1 && (ming.first?["names"] as? [String: String])?["en"] == "Ming-Bulak" && ming.first?["composition"] as? String == "stated")
            let before = try await client.call(.get, "/api/v1/territory/units/41708217000000?date=2024-02-20")
            #expect(try named(before.text).isEmpty)
            let page = try await client.call(.get, "/territory/41708217000000?date=2026-11-30&lang=en")
            #expect(page.text.contains("Ayil aimaks known by name only") && page.text.contains("formed from Aleksandrovka"))
            let old = try await client.call(.get, "/territory/41708217000000?date=2023-01-01&lang=en")
            #expect(!old.text.contains("Ayil aimaks known by name only"))
        }
    }

    /// A territorial change recorded through the API: checked by the file's rules, kept in the log,
    /// answered from at once, and taken by another server over the same log at its start.
    @Test func territorialChangesAreRecordedAndAnswered() async throws {
        let server = try await TestServer.make(today: "2026-11-30")
        defer { Task { await server.close() } }
        let merge = #"{"kind": "merge", "effective": "2024-09-01", "basis": "/akn/kg/act/2024/150", "codes": ["41708222865000", "41708222869000"], "unit": {"code": "41708222899000", "type": "ayil-aimak", "names": {"ky": "Жаңы Сокулук", "ru": "Новый Сокулук", "en": "New Sokuluk"}, "parent": "41708222000000"}}"#
        try await server.app().test(.router) { client in
            #expect(try await client.call(.post, "/api/v1/territory/changes", token: server.tokens["secretary"], json: merge).status == .forbidden)
            let before = try await client.call(.get, "/api/v1/territory/units/41708222899000?date=2025-01-01")
            #expect(before.status == .notFound)
            let r = try await client.call(.post, "/api/v1/territory/changes", token: server.tokens["admin"], json: merge)
            #expect(r.status == .created, "\(r.text.prefix(300))")
            let unit = try await client.call(.get, "/api/v1/territory/units/41708222899000?date=2025-01-01")
            #expect(unit.status == .ok && unit.text.contains("New Sokuluk"))
            let page = try await client.call(.get, "/territory/41708222000000?date=2025-01-01&lang=en")
            #expect(page.text.contains("New Sokuluk"), "the pages answer from the new registry")
            // A change that breaks a rule is refused, with the rule, and nothing is stored.
            let cycle = #"{"kind": "change-parent", "effective": "2025-02-01", "basis": "test", "code": "41708000000000", "parent": "41708222000000"}"#
            let refused = try await client.call(.post, "/api/v1/territory/changes", token: server.tokens["admin"], json: cycle)
            #expect(refused.status.code == 422 && refused.text.contains("cycle"), "\(refused.text.prefix(300))")
            let again = try await client.call(.post, "/api/v1/territory/changes", token: server.tokens["admin"], json: merge)
            #expect(again.status.code == 422, "the same merge again: the old units no longer exist")
            // A retry with its Idempotency-Key is answered with the change stored, not refused.
            let rename = #"{"kind": "rename", "effective": "2025-03-01", "basis": "test", "code": "41708222000000", "names": {"en": "Sokuluk (2025)"}}"#
            let first = try await client.call(.post, "/api/v1/territory/changes", token: server.tokens["admin"], json: rename, headers: [HTTPField.Name("Idempotency-Key")!: "r-1"])
            let retry = try await client.call(.post, "/api/v1/territory/changes", token: server.tokens["admin"], json: rename, headers: [HTTPField.Name("Idempotency-Key")!: "r-1"])
            #expect(first.status == .created && retry.status == .created && retry.text == first.text, "\(retry.status) \(retry.text.prefix(200))")
            let list = try await client.call(.get, "/api/v1/territory/changes")
            #expect(list.status == .ok && list.text.components(separatedBy: "\"version\"").count == 3, "two changes recorded so far")
            #expect(try await client.call(.post, "/api/v1/territory/changes", token: server.tokens["admin"], json: #"{"kind": "merge"}"#).status == .badRequest)
            // A district created by a change can hold procedures at once (the procedures are derived
            // with the registry in use).
            let create = #"{"kind": "create", "effective": "2025-01-01", "basis": "test", "unit": {"code": "41708299000000", "type": "district", "names": {"en": "New District"}, "parent": "41708000000000"}}"#
            #expect(try await client.call(.post, "/api/v1/territory/changes", token: server.tokens["admin"], json: create).status == .created)
            let start = try await client.call(.post, "/api/v1/procedures", token: server.tokens["admin"],
                                              json: #"{"procedure": "akim-appointment", "unit": "41708299000000", "date": "2025-03-03"}"#)
            #expect(start.status == .created, "\(start.text.prefix(300))")
        }
        // Another server over the same log takes the change at its start.
        let other = ServerEnvironment(law: Shared.law, store: server.env.store, bcryptCost: 4, today: { Day(iso: "2026-11-30")! })
        #expect(other.law.registry.unit("41708222899000", on: Day(iso: "2025-01-01")!) == nil)
        try await other.loadTerritoryChanges()
        #expect(other.law.registry.unit("41708222899000", on: Day(iso: "2025-01-01")!) != nil)
        // Procedures and accounts do not mistake the changes' stream for theirs.
        #expect(try await other.procedures(.en).list().isEmpty)
        #expect(!(try await other.accounts.list()).isEmpty)
    }
}
