import Foundation
import WorkingDays

/// The name of a stream: one procedure's events. Lower-case letters, digits, '-', '.', '_' and ':'
/// (1-200 characters), so it is safe in a file name, a URL path and a NOTIFY payload.
public struct StreamID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) throws(EventStoreError) {
        guard (1...200).contains(rawValue.utf8.count),
              rawValue.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || [0x2D, 0x2E, 0x5F, 0x3A].contains($0) })
        else {
            throw .invalid("'\(rawValue)' is not a stream name: use 1-200 lower-case letters, digits, '-', '.', '_' or ':'")
        }
        self.rawValue = rawValue
    }

    /// For names read back from a store, which only ever holds valid ones.
    public init(unchecked rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
    public static func < (a: StreamID, b: StreamID) -> Bool { a.rawValue < b.rawValue }
}

/// An event to append: what happened, on which legal date, who records it, its data.
public struct NewEvent: Sendable, Equatable {
    public var type: String
    /// The day it legally happened (not the day it was recorded).
    public var legalDate: Day
    /// Who records it.
    public var author: String
    /// The event's own fields, a JSON object.
    public var data: [String: JSON]
    /// A key the caller chooses so that a retried request is stored once (unique in the whole log).
    public var idempotencyKey: String?

    public init(type: String, legalDate: Day, author: String, data: [String: JSON] = [:], idempotencyKey: String? = nil) {
        (self.type, self.legalDate, self.author, self.data, self.idempotencyKey) = (type, legalDate, author, data, idempotencyKey)
    }

    /// The canonical text of `data`, as stored.
    public var dataText: String { JSON.object(data).text }

    func validate() throws(EventStoreError) {
        guard !type.isEmpty, type.utf8.count <= 100 || type.count <= 100, !Self.hasWhitespace(type) else {
            throw .invalid("'\(type)' is not an event type: 1-100 characters, no spaces")
        }
        guard Self.hasNonWhitespace(author) else { throw .invalid("an event needs its author") }
        if let key = idempotencyKey, key.isEmpty || key.utf8.count > 200 {
            throw .invalid("an idempotency key has 1-200 characters")
        }
    }
}

extension NewEvent {
    // Every append checks every event: walking Characters (grapheme breaking) was a tenth of a
    // batched append's own work. These answer as `contains(where: \.isWhitespace)` does, from
    // the bytes when the text is ASCII (every event type) or from the first scalar (a Character
    // is whitespace by its first scalar), and by Characters otherwise.

    /// `text.contains { $0.isWhitespace }`.
    static func hasWhitespace(_ text: String) -> Bool {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.contains { $0 == 0x20 || (0x09...0x0D).contains($0) } }
        return text.contains { $0.isWhitespace }
    }

    /// `text.contains { !$0.isWhitespace }`.
    static func hasNonWhitespace(_ text: String) -> Bool {
        if let first = text.unicodeScalars.first, !first.properties.isWhitespace { return true }
        return text.contains { !$0.isWhitespace }
    }
}

/// An event as stored: its place in the log and in its stream, and when it was recorded.
public struct RecordedEvent: Sendable, Equatable {
    /// Position in the whole log (increasing; gaps are possible after a failed append).
    public var position: Int64
    public var stream: StreamID
    /// 1 for the stream's first event, then 2, 3 … without gaps.
    public var version: Int
    public var type: String
    public var legalDate: Day
    public var author: String
    /// When the store recorded it: ISO 8601 in UTC with milliseconds.
    public var recordedAt: String
    public var idempotencyKey: String?
    /// The canonical JSON text of the event's data (an object).
    public var dataText: String

    public init(position: Int64, stream: StreamID, version: Int, type: String, legalDate: Day, author: String,
                recordedAt: String, idempotencyKey: String?, dataText: String) {
        (self.position, self.stream, self.version, self.type, self.legalDate, self.author) = (position, stream, version, type, legalDate, author)
        (self.recordedAt, self.idempotencyKey, self.dataText) = (recordedAt, idempotencyKey, dataText)
    }

    /// The data as JSON (the store only holds objects it wrote itself).
    public func data() throws -> [String: JSON] { try data(as: JSON.self) }

    /// The data read straight into another tree type (a procedure's fields).
    @inlinable
    public func data<Tree: JSONReadable>(as: Tree.Type) throws -> [String: Tree] {
        guard let m = try Tree.members(parsing: dataText) else { throw EventStoreError.corrupt("event \(position): data is not an object") }
        return m
    }

    /// True when this stored event is what `new` asks to append (the retry of the same request).
    public func isSame(as new: NewEvent, in stream: StreamID) -> Bool {
        self.stream == stream && type == new.type && legalDate == new.legalDate && author == new.author
            && dataText == new.dataText && idempotencyKey == new.idempotencyKey
    }
}

/// The version an append expects the stream to be at.
public enum ExpectedVersion: Sendable, Equatable, CustomStringConvertible {
    /// The stream must be at exactly this version; 0 means it must not exist yet.
    case exactly(Int)
    /// Append whatever the version (for imports and tools, never for a user's step).
    case any

    public static let noStream = ExpectedVersion.exactly(0)

    public var description: String {
        switch self {
        case .exactly(0): "a new stream"
        case .exactly(let n): "version \(n)"
        case .any: "any version"
        }
    }
}

/// What an append did.
public struct AppendResult: Sendable, Equatable {
    /// The events as stored (the earlier ones when the append was a retry).
    public var events: [RecordedEvent]
    /// True when every event carried an idempotency key already stored: nothing new was written.
    public var deduplicated: Bool
    /// The stream's version after the append.
    public var version: Int { events.last?.version ?? 0 }

    public init(events: [RecordedEvent], deduplicated: Bool) { (self.events, self.deduplicated) = (events, deduplicated) }
}

/// The current time as the store records it: ISO 8601, UTC, milliseconds.
public func recordingTime(_ date: Date = Date()) -> String {
    // Written from the civil date and the milliseconds of the day: a formatter (ICU) cost more
    // than the append it stamps. Same text as ISO8601DateFormatter with fractional seconds in UTC.
    let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
    let (days, ms) = (milliseconds.quotientAndRemainder(dividingBy: 86_400_000))
    let (day, msOfDay) = ms < 0 ? (days - 1, ms + 86_400_000) : (days, ms)
    let (y, m, d) = Day(ordinal: Int32(day)).components
    func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(Int64(y), 4))-\(pad(Int64(m), 2))-\(pad(Int64(d), 2))T\(pad(msOfDay / 3_600_000, 2)):\(pad(msOfDay / 60_000 % 60, 2)):\(pad(msOfDay / 1000 % 60, 2)).\(pad(msOfDay % 1000, 3))Z"
}
