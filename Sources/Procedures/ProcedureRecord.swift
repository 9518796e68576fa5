import Foundation
import Law
import WorkingDays

/// The procedures Aimak runs.
public enum ProcedureKind: String, Sendable, CaseIterable, Codable {
    /// The akim's appointment, with the kenesh's consent vote or proposal where the law has one.
    case akimAppointment = "akim-appointment"
    /// The oblast head's appointment (governor, plenipotentiary), with a kenesh's consent where the law has one.
    case oblastHeadAppointment = "oblast-head-appointment"
    /// Oversight of an unlawful act of a self-government body: suspension, prosecutor, court.
    case actOversight = "act-oversight"
    /// A periodic report the law requires (the akim's annual report to the district kenesh).
    case annualReport = "annual-report"
    /// A request of the local state administration to a territorial subdivision of a ministry.
    case coordinationRequest = "coordination-request"
}

/// One step that happened: what, on which legal date, recorded by whom and when.
/// Events are only ever appended; a correction is a new event.
public struct ProcedureEvent: Sendable, Equatable {
    public var type: String
    /// The day it legally happened.
    public var date: Day
    public var recordedBy: String?
    /// When it was recorded (ISO 8601 timestamp), set by the tool that appends it.
    public var recordedAt: String?
    /// The event's own fields (candidates, counts, who acted …).
    public var fields: [String: Value]

    public init(type: String, date: Day, recordedBy: String? = nil, recordedAt: String? = nil, fields: [String: Value] = [:]) {
        (self.type, self.date, self.recordedBy, self.recordedAt, self.fields) = (type, date, recordedBy, recordedAt, fields)
    }

    public func string(_ key: String) -> String? { fields[key]?.stringValue ?? fields[key].map(\.description) }
    public func int(_ key: String) -> Int? { fields[key]?.intValue }
    public func strings(_ key: String) -> [String] {
        switch fields[key] {
        case .list(let l): l.map(\.description)
        case .string(let s): [s]
        default: []
        }
    }
}

/// A procedure as a file (until the store lands): its header and its events in order.
public struct ProcedureRecord: Sendable, Equatable {
    public var kind: ProcedureKind
    /// The СОАТЕ code of the territorial unit (district or oblast) the procedure belongs to.
    public var unit: String
    /// The day the procedure started; the law in force on this day governs it throughout
    /// (no transition provision is in the data).
    public var started: Day
    /// Kind-specific settings (the reporter of a report, …).
    public var settings: [String: Value]
    public var events: [ProcedureEvent]

    public init(kind: ProcedureKind, unit: String, started: Day, settings: [String: Value] = [:], events: [ProcedureEvent] = []) {
        (self.kind, self.unit, self.started, self.settings, self.events) = (kind, unit, started, settings, events)
    }
}

/// A procedure file or an event that cannot be accepted; the procedure is left as it was.
public struct ProcedureError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The reason in English, exactly as the command line and the API have always said it.
    public var message: String
    /// 1-based index of the event refused, when one is.
    public var event: Int?
    /// The phrase of law/vocabulary.yaml (`err-…`) that says the reason in Kyrgyz, Russian and
    /// English, its `{0}`, `{1}` … filled with `args` (``ProcedureText/error(_:)``); nil when the
    /// reason comes from another layer and is said in English only.
    public var key: String?
    public var args: [Arg]
    public init(_ message: String, key: String? = nil, args: [Arg] = [], event: Int? = nil) {
        (self.message, self.key, self.args, self.event) = (message, key, args, event)
    }
    public var description: String { event.map { "event \($0): \(message)" } ?? message }
}

extension ProcedureRecord {
    /// Reads a procedure file.
    public static func parse(_ text: String, file: String) throws -> ProcedureRecord {
        let root: DataNode
        do { root = try DataNode.parse(text, file: file) } catch let e as LegalDataError { throw ProcedureError(e.description) }
        guard case .map(let top) = root.plainValue else { throw ProcedureError("\(file): a procedure file is a mapping (procedure, unit, started, events)", key: "err-file-not-mapping", args: [.text(file)]) }
        let allowed: Set<String> = ["procedure", "unit", "started", "settings", "events"]
        if let extra = top.keys.first(where: { !allowed.contains($0) }) {
            let list = allowed.sorted().joined(separator: ", ")
            throw ProcedureError("\(file): unknown field '\(extra)' (allowed: \(list))", key: "err-file-unknown-field", args: [.text(file), .text(extra), .text(list)])
        }
        guard let k = top["procedure"]?.stringValue, let kind = ProcedureKind(rawValue: k) else {
            let kinds = ProcedureKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ProcedureError("\(file): 'procedure' must be one of \(kinds)", key: "err-file-procedure", args: [.text(file), .text(kinds)])
        }
        guard let unit = top["unit"]?.description, !unit.isEmpty else { throw ProcedureError("\(file): 'unit' (a СОАТЕ code) is missing", key: "err-file-unit", args: [.text(file)]) }
        guard let s = top["started"]?.stringValue, let started = Day(iso: s) else { throw ProcedureError("\(file): 'started' must be a date YYYY-MM-DD", key: "err-file-started", args: [.text(file)]) }
        var settings: [String: Value] = [:]
        if let st = top["settings"] {
            guard case .map(let m) = st else { throw ProcedureError("\(file): 'settings' must be a mapping", key: "err-file-settings", args: [.text(file)]) }
            settings = m
        }
        var events: [ProcedureEvent] = []
        if let ev = top["events"] {
            guard case .list(let items) = ev else { throw ProcedureError("\(file): 'events' must be a list", key: "err-file-events", args: [.text(file)]) }
            for (i, item) in items.enumerated() {
                guard case .map(var m) = item else { throw ProcedureError("an event must be a mapping", key: "err-event-not-mapping", event: i + 1) }
                guard let type = m.removeValue(forKey: "type")?.stringValue else { throw ProcedureError("the event has no 'type'", key: "err-event-no-type", event: i + 1) }
                guard let ds = m.removeValue(forKey: "date")?.stringValue, let date = Day(iso: ds) else {
                    throw ProcedureError("'\(type)' needs a date YYYY-MM-DD", key: "err-event-no-date", args: [.text(type)], event: i + 1)
                }
                let by = m.removeValue(forKey: "recorded_by")?.description
                let at = m.removeValue(forKey: "recorded_at")?.description
                events.append(ProcedureEvent(type: type, date: date, recordedBy: by, recordedAt: at, fields: m))
            }
        }
        return ProcedureRecord(kind: kind, unit: unit, started: started, settings: settings, events: events)
    }

    /// The file text: YAML whose values are written as JSON scalars, so any name round-trips.
    public func yaml() -> String {
        var lines = ["# An Aimak procedure. Append events with `aimak procedure add`; never edit or delete one:",
                     "# a correction is a new event.",
                     "procedure: \(kind.rawValue)", "unit: \(json(.string(unit)))", "started: \(started)"]
        if !settings.isEmpty {
            lines.append("settings:")
            for k in settings.keys.sorted() { lines.append("  \(k): \(json(settings[k]!))") }
        }
        if events.isEmpty { lines.append("events: []") } else { lines.append("events:") }
        for e in events {
            lines.append("  - type: \(e.type)")
            lines.append("    date: \(e.date)")
            for k in e.fields.keys.sorted() { lines.append("    \(k): \(json(e.fields[k]!))") }
            if let by = e.recordedBy { lines.append("    recorded_by: \(json(.string(by)))") }
            if let at = e.recordedAt { lines.append("    recorded_at: \(json(.string(at)))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A value as JSON text (valid YAML flow syntax, so any name round-trips), written by Foundation's
/// encoder: compact, keys sorted, slashes as they are.
public func json(_ v: Value) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(v)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
}
