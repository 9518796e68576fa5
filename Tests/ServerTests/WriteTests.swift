import AimakApp
import AimakServer
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Writing through the API: who may, the expected version, idempotent retries, the law's refusals.
@Suite(.serialized) struct WriteTests {
    static let akim = #"{"procedure": "akim-appointment", "unit": "41708222000000", "date": "2010-03-01", "id": "sokuluk-akim"}"#
    static let nominated = #"{"type": "nominated", "date": "2010-03-01", "fields": {"by": "prime-minister", "candidates": ["Asanov A.", "Bekov B.", "Duishenov D."]}}"#
    static let sitting = #"{"type": "sitting", "date": "2010-03-10", "fields": {"seats": 31, "present": 25}}"#

    /// Every write route × every role × inside/outside the role's territory × bad credentials.
    /// A write route added to the router without a row here fails `everyWriteRouteHasARow`.
    enum Who: CaseIterable { case none, garbage, expired, revoked, disabled, admin, secretary, lawyer, reader, oblastSecretary, otherSecretary }
    struct Row { var method: HTTPRequest.Method; var path: String; var body: String; var allowed: Set<Who>; var created: Int }

    static let rows: [Row] = [
        // A kenesh secretary of Sokuluk (or of Chüy oblast above it) may run Sokuluk's akim appointment; a lawyer, a
        // reader and Alamüdün's secretary may not.
        Row(method: .post, path: "/api/v1/procedures", body: akim, allowed: [.admin, .secretary, .oblastSecretary], created: 201),
        Row(method: .post, path: "/api/v1/procedures", body: #"{"procedure": "act-oversight", "unit": "41708222000000", "date": "2010-03-01", "id": "act"}"#,
            allowed: [.admin, .lawyer], created: 201),
        Row(method: .post, path: "/api/v1/procedures/fixture/events", body: nominated, allowed: [.admin, .secretary, .oblastSecretary], created: 201),
        Row(method: .post, path: "/api/v1/accounts", body: #"{"name": "newcomer", "role": "reader", "unit": "kg"}"#, allowed: [.admin], created: 201),
        Row(method: .post, path: "/api/v1/accounts/reader/disable", body: "{}", allowed: [.admin], created: 200),
        Row(method: .post, path: "/api/v1/accounts/reader/tokens", body: #"{"label": "x"}"#, allowed: [.admin], created: 201),
        Row(method: .delete, path: "/api/v1/accounts/reader/tokens/TOKEN", body: "", allowed: [.admin], created: 204),
        Row(method: .get, path: "/api/v1/accounts", body: "", allowed: [.admin], created: 200),
    ]

    @Test func authorizationMatrix() async throws {
        for row in Self.rows {
            for who in Who.allCases {
                let server = try await TestServer.make()
                var tokens = server.tokens
                let revoked = try await server.env.accounts.createToken("admin", label: "old", by: "test")
                try await server.env.accounts.revokeToken("admin", id: revoked.id, by: "test")
                _ = try await server.env.accounts.add("gone", role: .administrator, unit: "kg", password: "a long password gone", registry: Shared.law.registry, by: "test")
                let goneToken = try await server.env.accounts.createToken("gone", label: nil, by: "test").token
                try await server.env.accounts.disable("gone", by: "test")
                tokens["revoked"] = revoked.token
                tokens["expired"] = try await server.env.accounts.createToken("admin", label: "expired", kind: "session", hours: -1, by: "test").token
                tokens["gone"] = goneToken
                let token: String? = switch who {
                case .none: nil
                case .garbage: "admin:00000000:ffff"
                case .expired: tokens["expired"]
                case .revoked: tokens["revoked"]
                case .disabled: tokens["gone"]
                case .admin: tokens["admin"]
                case .secretary: tokens["secretary"]
                case .lawyer: tokens["lawyer"]
                case .reader: tokens["reader"]
                case .oblastSecretary: tokens["oblast-secretary"]
                case .otherSecretary: tokens["other-secretary"]
                }
                let readerToken = try await server.env.accounts.account("reader")!.tokens[0].id
                let headersFor: HTTPFields = row.path.contains("/events") ? [.ifMatch: "\"1\""] : [:]
                let path = row.path.replacingOccurrences(of: "TOKEN", with: readerToken)
                try await server.app().test(.router) { client in
                    if row.path.contains("fixture") {
                        let made = try await client.call(.post, "/api/v1/procedures", token: server.tokens["admin"],
                                                         json: #"{"procedure": "akim-appointment", "unit": "41708222000000", "date": "2010-03-01", "id": "fixture"}"#)
                        #expect(made.status == .created)
                    }
                    let r = try await client.call(row.method, path, token: token, json: row.body.isEmpty ? nil : row.body, headers: headersFor)
                    let expected: Int = row.allowed.contains(who) ? row.created : ([.none, .garbage, .expired, .revoked, .disabled].contains(who) ? 401 : 403)
                    #expect(r.status.code == expected, "\(row.method) \(row.path) as \(who): \(r.status) \(r.text.prefix(200))")
                }
                await server.close()
            }
        }
    }

    @Test func everyWriteRouteHasARow() async throws {
        let server = try await TestServer.make()
        defer { Task { await server.close() } }
        let router = buildRouter(server.env)
        let writes = router.routes.filter { $0.method != .get && $0.method != .head }
            .map { "\($0.method) \($0.path.description.replacingOccurrences(of: "{id}", with: "fixture").replacingOccurrences(of: "{name}", with: "reader").replacingOccurrences(of: "{token}", with: "TOKEN"))" }
        let covered = Set(Self.rows.map { "\($0.method) \($0.path)" }).union(["POST /api/v1/login", "POST /api/v1/logout", "POST /api/v1/diff/draft"])
        for w in writes { #expect(covered.contains(w), "write route without an authorization row: \(w)") }
        let document = OpenAPIDocument.yaml
        for route in router.routes {
            let path = route.path.description
                .replacingOccurrences(of: "/**", with: "/{\(route.path.description.contains("explain") ? "key" : "id")}")
                .split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            #expect(document.contains("\n  /\(path):"), "route \(route.method) /\(path) is not in openapi.yaml")
        }
    }

    @Test(arguments: TestServer.stores)
    func appendingWithVersionsKeysAndTheLaw(_ store: TestServer.Store) async throws {
        let server = try await TestServer.make(store: store)
        defer { Task { await server.close() } }
        let secretary = server.tokens["secretary"]!
        try await server.app().test(.live) { client in
            let made = try await client.call(.post, "/api/v1/procedures", token: secretary, json: Self.akim)
            #expect(made.status == .created && made.object["version"] as? Int == 1 && made.object["phase"] as? String == "nomination")
            // A start retried with the same key (no id given): the same procedure, answered 200, not a second one.
            let unnamed = #"{"procedure": "annual-report", "unit": "41708222000000", "date": "2010-03-01", "settings": {"reporter": "akim"}}"#
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "start-report-1"]
            let once = try await client.call(.post, "/api/v1/procedures", token: secretary, json: unnamed, headers: key)
            let twice = try await client.call(.post, "/api/v1/procedures", token: secretary, json: unnamed, headers: key)
            #expect(once.status == .created && twice.status == .ok && once.object["id"] as? String == twice.object["id"] as? String, "\(twice.text.prefix(300))")
            let missing = try await client.call(.post, "/api/v1/procedures/sokuluk-akim/events", token: secretary, json: Self.nominated)
            #expect(missing.status.code == 428 && missing.object["current_version"] as? Int == 1)
            let first = try await client.call(.post, "/api/v1/procedures/sokuluk-akim/events", token: secretary, json: Self.nominated,
                                              headers: [.ifMatch: "\"1\"", HTTPField.Name("Idempotency-Key")!: "nominate-1"])
            #expect(first.status == .created && first.object["version"] as? Int == 2 && first.object["already_stored"] as? Bool == false)
            let retry = try await client.call(.post, "/api/v1/procedures/sokuluk-akim/events", token: secretary, json: Self.nominated,
                                              headers: [.ifMatch: "\"1\"", HTTPField.Name("Idempotency-Key")!: "nominate-1"])
            #expect(retry.status == .ok && retry.object["version"] as? Int == 2 && retry.object["already_stored"] as? Bool == true)
            let stale = try await client.call(.post, "/api/v1/procedures/sokuluk-akim/events", token: secretary, json: Self.sitting, headers: [.ifMatch: "\"1\""])
            #expect(stale.status.code == 412 && stale.object["current_version"] as? Int == 2)
            let impossible = #"{"type": "sitting", "date": "2010-03-10", "fields": {"seats": 9223372036854775807, "present": 9223372036854775807}}"#
            let big = try await client.call(.post, "/api/v1/procedures/sokuluk-akim/events", token: secretary, json: impossible, headers: [.ifMatch: "\"2\""])
            #expect(big.status.code == 422 && big.isProblem, "\(big.text)")
            let sat = try await client.call(.post, "/api/v1/procedures/sokuluk-akim/events", token: secretary, json: Self.sitting, headers: [.ifMatch: "\"2\""])
            #expect(sat.status == .created)
            let tooMany = #"{"type": "ballot", "date": "2010-03-10", "fields": {"votes": {"Asanov A.": 120}}}"#
            let refused = try await client.call(.post, "/api/v1/procedures/sokuluk-akim/events", token: secretary, json: tooMany, headers: [.ifMatch: "\"3\""])
            #expect(refused.status.code == 422 && refused.object["event"] as? Int == 4, "\(refused.text)")
            let forged = #"{"type": "ballot", "date": "2010-03-10", "fields": {"votes": {"Asanov A.\n## Fake heading": 12}}}"#
            #expect(try await client.call(.post, "/api/v1/procedures/sokuluk-akim/events", token: secretary, json: forged, headers: [.ifMatch: "\"3\""]).status.code == 400)
            let ballot = #"{"type": "ballot", "date": "2010-03-10", "fields": {"votes": {"Asanov A.": 17, "Bekov B.": 5, "Duishenov D.": 2}, "blank": 1}}"#
            let voted = try await client.call(.post, "/api/v1/procedures/sokuluk-akim/events", token: secretary, json: ballot, headers: [.ifMatch: "\"3\""])
            #expect(voted.status == .created, "\(voted.text.prefix(300))")
            let state = try await client.call(.get, "/api/v1/procedures/sokuluk-akim")
            #expect(state.headers[.eTag] == "\"4\"" && state.object["post"] as? String == "akim")
            let events = try await client.call(.get, "/api/v1/procedures/sokuluk-akim/events")
            #expect(events.array.count == 4 && events.array.allSatisfy { ($0["author"] as? String) == "secretary" })
            let md = try await client.call(.get, "/api/v1/procedures/sokuluk-akim/minutes?format=md")
            #expect(md.text.contains("| Asanov A. | 17 |"))
            let html = try await client.call(.get, "/api/v1/procedures/sokuluk-akim/minutes?format=html&lang=ru")
            #expect(html.text.contains("<td>Asanov A.</td><td>17</td>"))
            let json = try await client.call(.get, "/api/v1/procedures/sokuluk-akim/minutes?format=json")
            #expect((json.object["sittings"] as? [[String: Any]])?.first?["present"] as? Int == 25)
            let list = try await client.call(.get, "/api/v1/procedures?procedure=akim-appointment&unit=41708222000000")
            #expect(try await client.call(.get, "/api/v1/procedures?overdue=maybe").status == .badRequest)
            #expect(list.array.map { $0["id"] as? String } == ["sokuluk-akim"])
        }
    }

    @Test func loginSessionsAndCSRF() async throws {
        let server = try await TestServer.make()
        defer { Task { await server.close() } }
        try await server.app().test(.live) { client in
            let wrong = try await client.call(.post, "/api/v1/login", json: #"{"name": "secretary", "password": "not the password"}"#)
            #expect(wrong.status == .unauthorized && wrong.isProblem)
            let ok = try await client.call(.post, "/api/v1/login", json: #"{"name": "secretary", "password": "a long password secretary"}"#)
            #expect(ok.status == .ok)
            let cookie = try #require(ok.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.lowercased().contains("samesite=lax"))
            let session = try #require(ok.object["token"] as? String), csrf = try #require(ok.object["csrf_token"] as? String)
            let me = try await client.call(.get, "/api/v1/account", headers: [.cookie: "aimak_session=\(session)"])
            #expect(me.object["name"] as? String == "secretary" && me.object["role"] as? String == "kenesh-secretary")
            let noCSRF = try await client.call(.post, "/api/v1/procedures", json: Self.akim, headers: [.cookie: "aimak_session=\(session)"])
            #expect(noCSRF.status == .forbidden)
            let withCSRF = try await client.call(.post, "/api/v1/procedures", json: Self.akim,
                                                 headers: [.cookie: "aimak_session=\(session)", HTTPField.Name("X-CSRF-Token")!: csrf])
            #expect(withCSRF.status == .created)
            for _ in 0..<5 { _ = try await client.call(.post, "/api/v1/login", json: #"{"name": "lawyer", "password": "guess guess guess"}"#) }
            let throttled = try await client.call(.post, "/api/v1/login", json: #"{"name": "lawyer", "password": "a long password lawyer"}"#)
            #expect(throttled.status == .tooManyRequests)
        }
    }

    /// 32 clients append to one procedure through real HTTP, each reading the version and
    /// retrying on 409/412 (each withdraws its own candidate of 40 nominated): every acknowledged
    /// event is in the log once, versions have no gaps, and a retry with the same key stores nothing.
    @Test(arguments: TestServer.stores)
    func thirtyTwoClientsOnOneProcedure(_ store: TestServer.Store) async throws {
        let server = try await TestServer.make(store: store)
        defer { Task { await server.close() } }
        let secretary = server.tokens["secretary"]!
        try await server.app().test(.live) { client in
            let made = try await client.call(.post, "/api/v1/procedures", token: secretary, json: Self.akim)
            #expect(made.status == .created, "\(made.text.prefix(300))")
            let names = (0..<40).map { "\"Candidate \($0)\"" }.joined(separator: ", ")
            let nominate = #"{"type": "nominated", "date": "2010-03-01", "fields": {"by": "prime-minister", "candidates": [\#(names)]}}"#
            #expect(try await client.call(.post, "/api/v1/procedures/sokuluk-akim/events", token: secretary, json: nominate, headers: [.ifMatch: "\"1\""]).status == .created)
            let results = try await withThrowingTaskGroup(of: (Int, Int, Int).self) { group in
                for c in 0..<32 {
                    group.addTask {
                        var attempts = 0, losses = 0
                        let body = #"{"type": "withdrawn", "date": "2010-03-05", "fields": {"candidate": "Candidate \#(c)"}}"#
                        while attempts < 500 {
                            attempts += 1
                            let state = try await client.call(.get, "/api/v1/procedures/sokuluk-akim")
                            let version = state.object["version"] as? Int ?? 0
                            let r = try await client.call(.post, "/api/v1/procedures/sokuluk-akim/events", token: secretary, json: body,
                                                          headers: [.ifMatch: "\"\(version)\"", HTTPField.Name("Idempotency-Key")!: "withdraw-\(c)"])
                            if r.status == .created || r.status == .ok {
                                // The same request again: stored once, answered with the same version.
                                let again = try await client.call(.post, "/api/v1/procedures/sokuluk-akim/events", token: secretary, json: body,
                                                                  headers: [.ifMatch: "\"\(version)\"", HTTPField.Name("Idempotency-Key")!: "withdraw-\(c)"])
                                #expect(again.status == .ok && again.object["already_stored"] as? Bool == true
                                        && again.object["version"] as? Int == r.object["version"] as? Int, "\(again.text.prefix(200))")
                                return (c, r.object["version"] as? Int ?? -1, losses)
                            }
                            #expect([409, 412].contains(r.status.code), "\(r.status) \(r.text.prefix(200))")
                            losses += 1
                        }
                        return (c, -1, losses)
                    }
                }
                var all: [(Int, Int, Int)] = []
                for try await v in group { all.append(v) }
                return all
            }
            let stored = try await server.env.store.events(in: try StreamID("sokuluk-akim"), after: 0)
            #expect(stored.count == 2 + 32)
            #expect(stored.map(\.version) == Array(1...stored.count))
            #expect(Set(results.map(\.1)) == Set(3...34), "every client acknowledged once, at a distinct version")
            #expect(results.map(\.2).reduce(0, +) > 0, "some clients lost a race and retried")
        }
    }
}
