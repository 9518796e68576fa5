import EventLog
import Law
import Procedures
import WorkingDays

/// A procedure as a stream of the event log.
///
/// Version 1 is `procedure-started` (kind, unit, settings; its legal date is the start day); each
/// later version is one procedure event, its fields as the data, its author and recording time
/// kept by the log. The record a file holds and the stream the log holds say the same thing.
public enum ProcedureStream {
    public static let startedType = "procedure-started"

    /// Streams whose names begin with this hold accounts, not procedures (same log, same backups).
    public static let reservedPrefix = "account:"

    /// The stream of recorded territorial changes (same log, same backups; not a procedure).
    public static let territoryStream = "territory:changes"

    public static func isProcedure(_ stream: StreamID) -> Bool {
        !stream.rawValue.hasPrefix(reservedPrefix) && !stream.rawValue.hasPrefix("territory:")
    }

    /// The readable name for a new procedure's stream: `akim-appointment-41708222000000-2010-03-01`.
    public static func suggestedID(kind: ProcedureKind, unit: String, started: Day) -> String {
        "\(kind.rawValue)-\(unit.lowercased())-\(started)"
    }

    public static func startEvent(_ record: ProcedureRecord, author: String, idempotencyKey: String? = nil) -> NewEvent {
        var data: [String: JSON] = ["procedure": .string(record.kind.rawValue), "unit": .string(record.unit)]
        if !record.settings.isEmpty { data["settings"] = .object(record.settings.mapValues(JSON.init)) }
        return NewEvent(type: startedType, legalDate: record.started, author: author, data: data, idempotencyKey: idempotencyKey)
    }

    public static func event(_ e: ProcedureEvent, author: String, idempotencyKey: String? = nil) -> NewEvent {
        NewEvent(type: e.type, legalDate: e.date, author: e.recordedBy ?? author, data: e.fields.mapValues(JSON.init), idempotencyKey: idempotencyKey)
    }

    /// The whole record as events (for `aimak import`).
    public static func events(for record: ProcedureRecord, author: String, keyPrefix: String? = nil) -> [NewEvent] {
        var out = [startEvent(record, author: author, idempotencyKey: keyPrefix.map { "\($0):1" })]
        for (i, e) in record.events.enumerated() {
            out.append(event(e, author: author, idempotencyKey: keyPrefix.map { "\($0):\(i + 2)" }))
        }
        return out
    }

    /// The record a stream holds. Events keep their author and recording time.
    public static func record(from events: [RecordedEvent]) throws -> ProcedureRecord {
        guard let first = events.first else { throw ProcedureError("the stream is empty") }
        guard first.type == startedType, first.version == 1 else {
            throw ProcedureError("stream '\(first.stream)' does not start with \(startedType): it is not a procedure")
        }
        let head = try first.data()
        guard let k = head["procedure"]?.stringValue, let kind = ProcedureKind(rawValue: k), let unit = head["unit"]?.stringValue else {
            throw ProcedureError("stream '\(first.stream)': \(startedType) needs 'procedure' and 'unit'")
        }
        var settings: [String: Value] = [:]
        if case .object(let m) = head["settings"] { settings = try m.mapValues(Value.init) }
        var record = ProcedureRecord(kind: kind, unit: unit, started: first.legalDate, settings: settings)
        record.events.reserveCapacity(events.count - 1)
        // Read in place: iterating the array would copy each stored event (its strings retained
        // and released) only to take four of its fields.
        try events.withUnsafeBufferPointer { stored in
            for k in stored.indices.dropFirst() {
                record.events.append(ProcedureEvent(type: stored[k].type, date: stored[k].legalDate, recordedBy: stored[k].author,
                                                    recordedAt: stored[k].recordedAt, fields: try stored[k].data(as: Value.self)))
            }
        }
        return record
    }
}

// The bridge between procedure fields (the law's values) and the event log's JSON: here, at the
// edge where procedures become streams, so the engine knows nothing of the log.
extension JSON {
    /// A procedure field as JSON.
    public init(_ v: Value) {
        switch v {
        case .bool(let b): self = .bool(b)
        case .int(let n): self = .int(Int64(n))
        case .string(let s): self = .string(s)
        case .list(let l): self = .array(l.map(JSON.init))
        case .map(let m): self = .object(m.mapValues(JSON.init))
        }
    }
}

// Procedure fields are read from the log's text directly (JSON null has no counterpart).
extension Value: JSONReadable {
    public static var jsonNull: Value? { nil }
    public static func jsonBool(_ b: Bool) -> Value { .bool(b) }
    public static func jsonInt(_ n: Int64) -> Value { .int(Int(n)) }
    public static func jsonString(_ s: String) -> Value { .string(s) }
    public static func jsonArray(_ items: [Value]) -> Value { .list(items) }
    public static func jsonObject(_ members: [String: Value]) -> Value { .map(members) }
}

extension Value {
    /// A JSON value as a procedure field (JSON null has no counterpart).
    public init(_ j: JSON) throws {
        switch j {
        case .null: throw ProcedureError("a field is null: procedure fields have values")
        case .bool(let b): self = .bool(b)
        case .int(let n): self = .int(Int(n))
        case .string(let s): self = .string(s)
        case .array(let l): self = .list(try l.map(Value.init))
        case .object(let m): self = .map(try m.mapValues(Value.init))
        }
    }
}
