import AimakApp
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import Law
import Metrics
import ProcedureLog
import Procedures
import WorkingDays

/// Procedures: read by anyone; started and appended to by an account whose role and territory
/// allow it (checked by ``Authorizer``, the one place that decides).
func addProcedureRoutes(_ api: RouterGroup<AimakRequestContext>, _ env: ServerEnvironment) {
    api.get("procedures") { request, _ -> Response in
        try request.checkQuery(["procedure", "unit", "phase", "overdue"])
        let filter = ProcedureService.Filter(kind: request.query("procedure"), unit: request.query("unit"), phase: request.query("phase"),
                                             overdue: try request.bool("overdue"))
        return try jsonResponse(try await env.procedures(request.language).list(filter), request)
    }

    api.post("procedures") { request, context -> Response in
        try request.checkQuery([])
        let body = try await request.decode(NewProcedureRequest.self, allowed: ["procedure", "unit", "date", "settings", "id"])
        let service = env.procedures(request.language)
        let record = try service.record(body)
        try env.authorizer.check(context.account, .procedure(record.kind, unit: record.unit, on: record.started))
        let (answer, again) = try await service.start(body, author: try context.requireAccount().name, idempotencyKey: request.idempotencyKey())
        if !again { env.appended.increment() }
        return try jsonResponse(answer, request, status: again ? .ok : .created,
                                extra: [.location: "/api/v1/procedures/\(answer.id ?? "")", .eTag: "\"\(answer.version ?? 1)\""])
    }

    api.get("procedures/:id") { request, context -> Response in
        try request.checkQuery([])
        let answer = try await env.procedures(request.language).state(context.parameters.get("id") ?? "")
        // The ETag is the version: what a writer sends back in If-Match.
        // (Not used for 304: the same version reads differently by language and by day.)
        return try jsonResponse(answer, request, extra: [.eTag: "\"\(answer.version ?? 0)\""])
    }

    api.post("procedures/:id/events") { request, context -> Response in
        try request.checkQuery([])
        let id = context.parameters.get("id") ?? ""
        let service = env.procedures(request.language)
        let body = try await request.decode(NewEventRequest.self, allowed: ["type", "date", "fields"])
        let account = try context.requireAccount()
        _ = try service.event(body, author: account.name)  // a malformed event is refused before the store is read
        let (entry, record) = try await service.entry(id)
        try env.authorizer.check(account, .procedure(record.kind, unit: record.unit, on: record.started))
        let key = try request.idempotencyKey()
        guard let expected = try request.expectedVersion() else {
            throw AppError(.versionRequired, "name the version you read in If-Match (the ETag of GET /api/v1/procedures/\(id)); it is at version \(entry.version)",
                           currentVersion: entry.version)
        }
        func stale(_ version: Int) -> StaleVersion {
            StaleVersion(error: AppError(.conflict, "the procedure '\(id)' is at version \(version), not \(expected): read it again",
                                         currentVersion: version))
        }
        // A retry with a stored key is answered as the first time, whatever the version is now.
        if key == nil, expected != entry.version { throw stale(entry.version) }
        do {
            let answer = try await service.append(body, to: id, expecting: expected, author: account.name, idempotencyKey: key)
            if !answer.alreadyStored { env.appended.increment() }
            return try jsonResponse(answer, request, status: answer.alreadyStored ? .ok : .created,
                                    extra: [.eTag: "\"\(answer.procedure.version ?? answer.version)\""])
        } catch let e as EventStoreError {
            // With a key not stored yet, a version already old when the request came is a stale
            // If-Match (412), as without a key; only one that was current is a race lost (409).
            if case .conflict(_, _, let actual) = e, key != nil, expected != entry.version { throw stale(actual) }
            if case .conflict = e { env.conflicts.increment() }
            throw e
        }
    }

    api.get("procedures/:id/events") { request, context -> Response in
        try request.checkQuery([])
        return try jsonResponse(try await env.procedures(request.language).events(context.parameters.get("id") ?? ""), request)
    }

    api.get("procedures/:id/minutes") { request, context -> Response in
        try request.checkQuery(["format"])
        let id = context.parameters.get("id") ?? ""
        let service = env.procedures(request.language)
        switch request.query("format") ?? "md" {
        case "md": return bytesResponse(Data(try await service.minutes(id, html: false).utf8), contentType: "text/markdown; charset=utf-8", request)
        case "html": return bytesResponse(Data(try await service.minutes(id, html: true).utf8), contentType: "text/html; charset=utf-8", request)
        case "json":
            return try jsonResponse(MinutesAnswer(try await service.state(id)), request)
        case let f: throw AppError.badInput("format is md, html or json, not '\(f.prefix(20))'")
        }
    }
}

extension Request {
    /// `Idempotency-Key`: 1-200 visible characters.
    func idempotencyKey() throws -> String? {
        guard let key = headers[HTTPField.Name("Idempotency-Key")!] else { return nil }
        guard (1...200).contains(key.count), key.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
            throw AppError.badInput("Idempotency-Key must be 1-200 visible ASCII characters")
        }
        return key
    }

    /// `If-Match: "3"` (or `3`, or `W/"3"`): the version the writer read.
    func expectedVersion() throws -> Int? {
        guard let raw = headers[.ifMatch] else { return nil }
        // Exactly the ETag given out ("3", or weak W/"3"), or the bare number; nothing looser.
        var t = Substring(raw.trimmingCharacters(in: .whitespaces))
        if t.hasPrefix("W/") { t = t.dropFirst(2) }
        if t.count >= 2, t.first == "\"", t.last == "\"" { t = t.dropFirst().dropLast() }
        guard !t.isEmpty, t.allSatisfy(\.isASCII), t.allSatisfy(\.isNumber), t.first != "0", let n = Int(t) else {
            throw AppError.badInput("If-Match must be the version you read, as its ETag gives it, e.g. \"3\"")
        }
        return n
    }
}
