import AimakApp
@testable import AimakCLI
import AimakServer
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import WorkingDays

/// The draft law of the draft comparisons (`law/scenarios/drafts/`, shared with the CLI tests).
let headsDraft = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("law/scenarios/drafts/heads-appointed-by-akim.yaml"), encoding: .utf8)

/// The bundled law, loaded once for every server test.
enum Shared {
    static let law: LawLibrary = try! LawLibrary.bundled()
}

/// A server over a fresh SQLite store, with an administrator of the whole republic and accounts
/// of every role (scoped to Sokuluk district unless said otherwise), each with a bearer token.
struct TestServer {
    let env: ServerEnvironment
    let folder: URL
    var tokens: [String: String] = [:]

    static let sokuluk = "41708222000000"      // Sokuluk district (Chüy oblast)
    static let chuy = "41708000000000"         // Chüy oblast
    static let alamudun = "41708203000000"     // Alamüdün district (Chüy oblast)
    static let issykAta = "41708209000000"     // another Chüy district

    /// The stores the API is tested on: SQLite always, PostgreSQL when AIMAK_TEST_POSTGRES is set.
    enum Store: String, CaseIterable, Sendable { case sqlite, postgres }
    static let postgres = ProcessInfo.processInfo.environment["AIMAK_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let stores: [Store] = postgres == nil ? [.sqlite] : [.sqlite, .postgres]

    static func make(today: String = "2010-03-20", store kind: Store = .sqlite) async throws -> TestServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aimak-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let address: String
        switch kind {
        case .sqlite: address = folder.appendingPathComponent("aimak.sqlite").path
        case .postgres:
            let base = postgres!
            address = base + (base.contains("?") ? "&" : "?") + "schema=api_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        }
        let store = try await StoreAddress.open(address)
        let day = Day(iso: today)!
        let env = ServerEnvironment(law: Shared.law, store: store, bcryptCost: 4, today: { day })
        var server = TestServer(env: env, folder: folder)
        let accounts: [(String, Role, String)] = [
            ("admin", .administrator, "kg"), ("secretary", .keneshSecretary, sokuluk), ("lawyer", .administrationLawyer, sokuluk),
            ("reader", .reader, "kg"), ("oblast-secretary", .keneshSecretary, chuy), ("other-secretary", .keneshSecretary, alamudun),
        ]
        for (name, role, unit) in accounts {
            _ = try await env.accounts.add(name, role: role, unit: unit, password: "a long password \(name)", registry: Shared.law.registry, by: "test")
            server.tokens[name] = try await env.accounts.createToken(name, label: "test", by: "test").token
        }
        try await env.book.rebuild()
        return server
    }

    func app() -> some ApplicationProtocol {
        Application(router: HeadAsGet(buildRouter(env)), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    func close() async {
        await env.store.close()
        try? FileManager.default.removeItem(at: folder)
    }
}

extension TestClientProtocol {
    /// A request with JSON in and the response's status, headers and body out.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil, body: String? = nil,
              headers: HTTPFields = [:]) async throws -> TestResponse {
        var h = headers
        if let token { h[.authorization] = "Bearer \(token)" }
        if json != nil { h[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: h, body: (json ?? body).map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var array: [[String: Any]] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? [] }
    var isProblem: Bool { headers[.contentType] == "application/problem+json" && object["type"] != nil && object["detail"] != nil }
}

/// The CLI's answer to the same question, in-process.
func cli(_ args: [String]) async throws -> String {
    let command = try Aimak.parseAsRoot(args)
    if let text = command as? any AsyncTextCommand { return try await text.output() }
    guard let text = command as? any TextCommand else { return "" }
    return try text.output()
}

func jsonEqual(_ a: String, _ b: String) -> Bool {
    guard let x = try? JSONSerialization.jsonObject(with: Data(a.utf8)), let y = try? JSONSerialization.jsonObject(with: Data(b.utf8)) else { return false }
    return NSDictionary(dictionary: ["v": x]).isEqual(to: ["v": y])
}

/// Sends `request` as raw bytes to the live server on `port` and returns what it answers within
/// `seconds` (empty if nothing): for requests a well-behaved HTTP client will not send, such as
/// a Content-Length the body never reaches.
func rawHTTP(port: Int, _ request: String, seconds: Int = 5) -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return "" }
    defer { close(fd) }
    var timeout = timeval(tv_sec: seconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return "" }
    _ = request.utf8CString.withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count - 1, 0) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = recv(fd, &buffer, buffer.count, 0)
    return n > 0 ? String(decoding: buffer[..<n], as: UTF8.self) : ""
}

