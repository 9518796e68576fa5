import AimakApp
import AsyncHTTPClient
import EventLog
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// Two `aimak serve` processes on one PostgreSQL database, as a deployment runs them: what is
/// written through one is read through the other, and a server killed mid-load loses nothing it
/// acknowledged. Needs AIMAK_TEST_POSTGRES (set by .ci/run).
@Suite(.serialized) struct TwoServersTests {
    static let postgres = ProcessInfo.processInfo.environment["AIMAK_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// A server process and the port it announced.
    final class ServerProcess: @unchecked Sendable {
        let process = Process()
        let port: Int
        nonisolated(unsafe) static var announced = Set<Int32>()
        init(database: String) throws {
            process.executableURL = try aimakBinary()
            process.arguments = ["serve", "--port", "0", "--database", database]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // A server that never announces itself is stopped, which ends the read below.
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + 60) { [weak process] in
                if let process, process.isRunning, !Self.announced.contains(pid) { Foundation.kill(pid, SIGKILL) }
            }
            // The server prints "Aimak is serving http://127.0.0.1:PORT/…" once it listens.
            var text = ""
            let deadline = Date().addingTimeInterval(60)
            var port = 0
            while Date() < deadline, port == 0 {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
                if let r = text.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                    port = Int(text[r].dropFirst("http://127.0.0.1:".count).dropLast()) ?? 0
                }
            }
            guard port > 0 else { process.terminate(); throw AppError.badInput("the server did not start: \(text)") }
            Self.announced.insert(process.processIdentifier)
            self.port = port
        }
        func kill() { Foundation.kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        func stop() { if process.isRunning { process.terminate(); process.waitUntilExit() } }
    }

    static func aimakBinary() throws -> URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("aimak")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/aimak")
    }

    struct Reply { var status: Int; var body: String
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] } }

    static func send(_ client: HTTPClient, _ method: HTTPMethod, _ url: String, token: String? = nil, json: String? = nil,
                     headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let json { request.headers.add(name: "Content-Type", value: "application/json"); request.body = .bytes(ByteBuffer(string: json)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 8 << 20)
        return Reply(status: Int(response.status.code), body: String(buffer: body))
    }

    @Test(.enabled(if: postgres != nil, "needs AIMAK_TEST_POSTGRES"))
    func writesThroughOneAreReadThroughTheOtherAndAKillLosesNothing() async throws {
        let base = Self.postgres!
        let schema = "srv_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let database = base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
        let store = try await StoreAddress.open(database)
        let accounts = AccountService(store: store, bcryptCost: 4)
        _ = try await accounts.add("secretary", role: .keneshSecretary, unit: "41708222000000", password: "a long password here",
                                   registry: try LawLibrary.registry(nil), by: "test")
        let token = try await accounts.createToken("secretary", label: nil, by: "test").token
        let a = try ServerProcess(database: database), b = try ServerProcess(database: database)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let urlA = "http://127.0.0.1:\(a.port)/api/v1", urlB = "http://127.0.0.1:\(b.port)/api/v1"
            let made = try await Self.send(client, .POST, "\(urlA)/procedures", token: token,
                                           json: #"{"procedure": "akim-appointment", "unit": "41708222000000", "date": "2010-03-01", "id": "shared"}"#)
            #expect(made.status == 201, "\(made.body)")
            let seen = try await Self.send(client, .GET, "\(urlB)/procedures/shared")
            #expect(seen.status == 200 && seen.object["version"] as? Int == 1)
            let nominated = #"{"type": "nominated", "date": "2010-03-01", "fields": {"by": "prime-minister", "candidates": ["Asanov A.", "Bekov B.", "Duishenov D."]}}"#
            let viaB = try await Self.send(client, .POST, "\(urlB)/procedures/shared/events", token: token, json: nominated, headers: [("If-Match", "\"1\"")])
            #expect(viaB.status == 201)
            // A stale writer on A is told so: B's append is visible to A's check.
            let stale = try await Self.send(client, .POST, "\(urlA)/procedures/shared/events", token: token, json: nominated, headers: [("If-Match", "\"1\"")])
            #expect(stale.status == 412)
            // The list on A (its book follows the log by LISTEN/NOTIFY) shows B's append within a moment.
            var version = 0
            for _ in 0..<50 {
                let list = try await Self.send(client, .GET, "\(urlA)/procedures")
                version = ((try? JSONSerialization.jsonObject(with: Data(list.body.utf8))) as? [[String: Any]])?.first { $0["id"] as? String == "shared" }?["version"] as? Int ?? 0
                if version == 2 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(version == 2)

            // Load on A, killed mid-way: every procedure A acknowledged is in the log, read through B.
            let acknowledged = LockedList()
            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for c in 0..<4 {
                        group.addTask {
                            for i in 0..<1_000 {
                                let id = "load-\(c)-\(i)"
                                let body = #"{"procedure": "annual-report", "unit": "41708222000000", "date": "2010-03-01", "id": "\#(id)", "settings": {"reporter": "akim"}}"#
                                guard let r = try? await Self.send(client, .POST, "\(urlA)/procedures", token: token, json: body) else { return }
                                if r.status == 201 { acknowledged.append(id) }
                            }
                        }
                    }
                }
            }
            while acknowledged.count < 40 { try await Task.sleep(for: .milliseconds(20)) }
            a.kill()
            await load.value
            let ids = acknowledged.items
            #expect(ids.count >= 40)
            for id in ids {
                let r = try await Self.send(client, .GET, "\(urlB)/procedures/\(id)")
                #expect(r.status == 200, "acknowledged \(id) is missing after the kill: \(r.status)")
            }
        } catch {
            a.stop(); b.stop(); try? await client.shutdown(); await store.close()
            throw error
        }
        a.stop(); b.stop()
        try await client.shutdown()
        await store.close()
    }
}

final class LockedList: @unchecked Sendable {
    private var list: [String] = []
    private let lock = NSLock()
    func append(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
    var items: [String] { lock.lock(); defer { lock.unlock() }; return list }
    var count: Int { items.count }
}
