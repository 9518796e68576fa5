import Foundation
import WorkingDays

/// The portable export of a log: JSON Lines, the same from SQLite and PostgreSQL.
///
/// ```
/// {"aimak":"event-log-backup","format":2,"schema":1}
/// {"author":"…","crc32":"1c291ca3","data":{…},"legal_date":"2010-03-01","position":1,"recorded_at":"…","stream":"…","type":"…","version":1}
/// …
/// {"end":true,"events":N}
/// ```
/// Keys are written sorted and data in its canonical form, so exporting, restoring anywhere and
/// exporting again gives the same bytes. The closing line makes a truncated file detectable; the
/// CRC-32 of each event line (computed over the line without its `crc32`) makes a flipped byte
/// detectable. Format 1 files (no checksums) are still read.
public enum Backup {
    public static let format: Int64 = 2
    /// The formats this build reads.
    public static let readable: ClosedRange<Int64> = 1...2

    public static func header() -> String {
        JSON.object(["aimak": .string("event-log-backup"), "format": .int(format), "schema": .int(Int64(EventLogSchema.version))]).text
    }

    public static func line(_ e: RecordedEvent) throws -> String {
        var m: [String: JSON] = [
            "position": .int(e.position), "stream": .string(e.stream.rawValue), "version": .int(Int64(e.version)),
            "type": .string(e.type), "legal_date": .string(e.legalDate.description), "author": .string(e.author),
            "recorded_at": .string(e.recordedAt), "data": try JSON(parsing: e.dataText),
        ]
        if let key = e.idempotencyKey { m["idempotency_key"] = .string(key) }
        m["crc32"] = .string(CRC32.hex(JSON.object(m).text))
        return JSON.object(m).text
    }

    public static func trailer(count: Int) -> String {
        JSON.object(["end": .bool(true), "events": .int(Int64(count))]).text
    }

    /// Writes the whole log to `path`: to a temporary file first, flushed to disk, then renamed
    /// over `path`, so a failed backup never leaves a half file under the name.
    @discardableResult
    public static func write(_ store: any EventStore, to path: String) async throws -> Int {
        let tmp = path + ".partial-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: nil), let handle = FileHandle(forWritingAtPath: tmp) else {
            throw EventStoreError.unavailable("cannot create \(tmp): check the folder exists and is writable")
        }
        var count = 0
        do {
            var buffer = header() + "\n"
            try await store.scan(batchSize: 5_000) { batch in
                for e in batch {
                    buffer += try line(e)
                    buffer += "\n"
                }
                count += batch.count
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
            buffer += trailer(count: count) + "\n"
            try handle.write(contentsOf: Data(buffer.utf8))
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: tmp, toPath: path)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: tmp)
            if let e = error as? EventStoreError { throw e }
            throw EventStoreError.unavailable("cannot write the backup \(path): \(error.localizedDescription)")
        }
        return count
    }

    /// Restores the backup at `path` into an empty store. The file is checked line by line as it
    /// is loaded; any fault rolls the whole restore back.
    @discardableResult
    public static func restore(_ store: any EventStore, from path: String) async throws -> Int {
        var reader = try BackupReader(path: path)
        try await store.restore { try reader.next(batch: 5_000) }
        return reader.count
    }
}

/// Reads a backup file, checking it as it goes: the header, every line's fields, positions that
/// increase, versions that start at 1 and have no gaps, unique idempotency keys, and the closing
/// line with the right count.
public struct BackupReader {
    let path: String
    var lines: LineReader
    var lineNumber = 0
    public private(set) var count = 0
    var lastPosition: Int64 = 0
    var versions: [StreamID: Int] = [:]
    var keys: Set<String> = []
    var ended = false
    var format: Int64 = Backup.format
    /// The line each event was read from, by stream and version (for errors found after reading).
    public private(set) var eventLines: [StreamID: [Int: Int]] = [:]
    /// The line being read.
    public var line: Int { lineNumber }

    public init(path: String) throws {
        self.path = path
        guard let lines = LineReader(path: path) else { throw EventStoreError.backup("cannot read the backup file \(path)") }
        self.lines = lines
        guard let first = try lines.next() else { throw fail("the file is empty") }
        lineNumber = 1
        guard let header = try? JSON(parsing: first), header["aimak"]?.stringValue == "event-log-backup" else {
            throw fail("this is not an Aimak backup (the first line must be {\"aimak\":\"event-log-backup\",…})")
        }
        guard let format = header["format"]?.intValue, Backup.readable.contains(format) else {
            throw fail("backup format \(header["format"]?.text ?? "?") is not one this aimak reads (\(Backup.readable.lowerBound)-\(Backup.readable.upperBound))")
        }
        self.format = format
        if let schema = header["schema"]?.intValue, schema > EventLogSchema.version {
            throw fail("the backup was made with schema \(schema), newer than this aimak knows (\(EventLogSchema.version))")
        }
    }

    func fail(_ message: String) -> EventStoreError {
        .backup("\(path):\(lineNumber): \(message); nothing was restored")
    }

    /// The next events, up to `batch`, or nil at the (checked) end.
    public mutating func next(batch: Int) throws -> [RecordedEvent]? {
        if ended { return nil }
        var out: [RecordedEvent] = []
        while out.count < batch {
            guard let text = try lines.next() else { throw fail("the file ends without its closing line (truncated?)") }
            lineNumber += 1
            let json: JSON
            do { json = try JSON(parsing: text) } catch { throw fail("not JSON (\(error))") }
            guard case .object(let m) = json else { throw fail("a line must be a JSON object") }
            if m["end"] == .bool(true) {
                guard m["events"]?.intValue == Int64(count) else {
                    throw fail("the closing line says \(m["events"]?.text ?? "?") events, the file has \(count)")
                }
                if let extra = try lines.next(), !extra.isEmpty { lineNumber += 1; throw fail("text after the closing line") }
                ended = true
                return out.isEmpty ? nil : out
            }
            out.append(try event(m))
        }
        return out
    }

    mutating func event(_ m: [String: JSON]) throws -> RecordedEvent {
        var m = m
        let crc = m.removeValue(forKey: "crc32")
        let allowed: Set = ["position", "stream", "version", "type", "legal_date", "author", "recorded_at", "data", "idempotency_key"]
        if let extra = m.keys.sorted().first(where: { !allowed.contains($0) }) { throw fail("unknown field '\(extra)'") }
        func string(_ k: String) throws -> String {
            guard let s = m[k]?.stringValue else { throw fail("'\(k)' is missing or not a string") }
            return s
        }
        func int(_ k: String) throws -> Int64 {
            guard let n = m[k]?.intValue else { throw fail("'\(k)' is missing or not a whole number") }
            return n
        }
        let position = try int("position")
        guard position > lastPosition else { throw fail("position \(position) does not follow \(lastPosition)") }
        let stream: StreamID
        do { stream = try StreamID(try string("stream")) } catch let e as EventStoreError { throw fail(e.description) }
        let version = Int(try int("version"))
        let expected = (versions[stream] ?? 0) + 1
        guard version == expected else { throw fail("stream '\(stream)' jumps to version \(version); expected \(expected)") }
        let dateText = try string("legal_date")
        guard let date = Day(iso: dateText) else { throw fail("'\(dateText)' is not a date") }
        guard case .object = m["data"] else { throw fail("'data' is missing or not an object") }
        var key: String?
        if let k = m["idempotency_key"] {
            guard let s = k.stringValue, !s.isEmpty else { throw fail("'idempotency_key' must be a string") }
            guard keys.insert(s).inserted else { throw fail("the idempotency key '\(s)' appears twice") }
            key = s
        }
        let type = try string("type"), author = try string("author"), recordedAt = try string("recorded_at")
        let e = RecordedEvent(position: position, stream: stream, version: version, type: type, legalDate: date, author: author,
                              recordedAt: recordedAt, idempotencyKey: key, dataText: m["data"]!.text)
        let probe = NewEvent(type: type, legalDate: date, author: author, data: [:], idempotencyKey: key)
        do { try probe.validate() } catch { throw fail(error.description) }
        if format >= 2 {
            guard let crc = crc?.stringValue else { throw fail("'crc32' is missing (every event line of a format 2 backup has one)") }
            guard crc == CRC32.hex(JSON.object(m).text) else {
                throw fail("the line does not match its checksum (crc32 \(crc)): the file was changed or damaged")
            }
        }
        lastPosition = position
        eventLines[stream, default: [:]][version] = lineNumber
        versions[stream] = version
        count += 1
        return e
    }
}

/// Reads a file line by line in 1 MB chunks (backups can be larger than memory is happy with).
public final class LineReader {
    let handle: FileHandle
    var buffer = Data()
    var atEnd = false

    public init?(path: String) {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        handle = h
    }

    deinit { try? handle.close() }

    /// The next line without its newline, or nil at the end of the file.
    /// The longest line read: an event is a few kilobytes; a line of this size is damage, not data.
    public static let maximumLine = 16 << 20

    public func next() throws -> String? {
        while true {
            if buffer.count > Self.maximumLine, buffer.firstIndex(of: 0x0A).map({ $0 - buffer.startIndex > Self.maximumLine }) ?? true {
                throw EventStoreError.backup("a line is longer than \(Self.maximumLine >> 20) MB: this is not a backup line")
            }
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<nl]
                buffer = buffer[(nl + 1)...]
                return try decode(line)
            }
            if atEnd {
                if buffer.isEmpty { return nil }
                defer { buffer = Data() }
                return try decode(buffer)
            }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { atEnd = true } else { buffer = Data(buffer) + chunk }
        }
    }

    func decode(_ bytes: Data) throws -> String {
        guard let s = String(data: bytes, encoding: .utf8) else { throw EventStoreError.backup("a line is not UTF-8 text") }
        return s
    }
}

/// CRC-32 (IEEE 802.3, as zip and PNG use), for the backup's line checksums. Kept here rather than
/// taken from a library: it is twenty lines, and EventLog depends on nothing but WorkingDays.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ text: String) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in text.utf8 { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func hex(_ text: String) -> String {
        let s = String(checksum(text), radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }
}
