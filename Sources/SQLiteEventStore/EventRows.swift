import EventLog
import GRDB
import WorkingDays
#if canImport(SQLite3)
import SQLite3
#else
import GRDBSQLite
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The rows of a `SELECT` of ``SQLiteEventStore/select``, read straight from SQLite's columns.
///
/// A rebuild reads every event of the log. Through GRDB's `Row` each row cost about 1.4 µs (a
/// row object, a value enum per column, a String per text); read here, a stream's name is made
/// once per stream rather than once per event, the date is parsed from the column's bytes, and
/// short texts (type, author) stay inline. GRDB still prepares, owns and finalizes the statement.
struct EventRows {
    private let statement: Statement

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
    }

    /// Calls `body` with every row, in the query's order.
    func forEach(_ body: (consuming RecordedEvent) throws -> Void) throws {
        let s = statement.sqliteStatement
        var stream = StreamID(unchecked: "")
        var streamBytes: [UInt8] = []
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))
            }
            let position = sqlite3_column_int64(s, 0)
            let name = Self.bytes(s, 1)
            if name.count != streamBytes.count || (name.count > 0 && memcmp(name.baseAddress!, streamBytes, name.count) != 0) {
                streamBytes = Array(name)
                stream = StreamID(unchecked: String(decoding: name, as: UTF8.self))
            }
            guard let day = Day(isoBytes: Self.bytes(s, 4)) else {
                throw EventStoreError.corrupt("event \(position): legal date '\(String(decoding: Self.bytes(s, 4), as: UTF8.self))'")
            }
            try body(RecordedEvent(
                position: position, stream: stream, version: Int(sqlite3_column_int64(s, 2)), type: Self.text(s, 3), legalDate: day,
                author: Self.text(s, 5), recordedAt: Self.text(s, 6),
                idempotencyKey: sqlite3_column_type(s, 7) == SQLITE_NULL ? nil : Self.text(s, 7), dataText: Self.text(s, 8)))
        }
    }

    /// A text column's bytes, valid until the next step (empty for NULL).
    @inline(__always)
    private static func bytes(_ s: OpaquePointer, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let p = sqlite3_column_text(s, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, column)))
    }

    @inline(__always)
    private static func text(_ s: OpaquePointer, _ column: Int32) -> String {
        String(decoding: bytes(s, column), as: UTF8.self)
    }
}
