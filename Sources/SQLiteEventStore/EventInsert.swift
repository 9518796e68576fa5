import GRDB
#if canImport(SQLite3)
import SQLite3
#else
import GRDBSQLite
#endif

/// The append's INSERT of one event, its values bound straight to SQLite.
///
/// A batched append runs this once per event. Through GRDB's `StatementArguments` each value
/// was boxed as a `DatabaseValue` before it was bound: about a fifth of the append's own work in
/// a profile. Bound here, a text is handed to SQLite as the C string Swift already keeps, ending
/// at its first NUL as GRDB binds it, so every reader gets the same text back. GRDB still
/// prepares, caches and finalizes the statement.
struct EventInsert {
    static let sql = "INSERT INTO aimak_events (stream_id, version, type, legal_date, author, recorded_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)"
    private let statement: Statement

    init(_ db: Database) throws {
        statement = try db.cachedStatement(sql: Self.sql)
    }

    /// Inserts the event and returns its position.
    func callAsFunction(stream: Int64, version: Int, type: String, legalDate: String, author: String, recordedAt: String, data: String) throws -> Int64 {
        let s = statement.sqliteStatement
        defer {
            sqlite3_reset(s)
            sqlite3_clear_bindings(s)
        }
        sqlite3_bind_int64(s, 1, stream)
        sqlite3_bind_int64(s, 2, Int64(version))
        try bind(type, 3)
        try bind(legalDate, 4)
        try bind(author, 5)
        try bind(recordedAt, 6)
        try bind(data, 7)
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else { throw error(code) }
        return sqlite3_last_insert_rowid(sqlite3_db_handle(s))
    }

    private func bind(_ text: String, _ index: Int32) throws {
        let code = text.withCString { sqlite3_bind_text(statement.sqliteStatement, index, $0, -1, Self.transient) }
        guard code == SQLITE_OK else { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        // The extended code, as GRDB reports it (a constraint's kind, a disk error's cause).
        let handle = sqlite3_db_handle(statement.sqliteStatement)
        return DatabaseError(resultCode: ResultCode(rawValue: sqlite3_extended_errcode(handle)), message: String(cString: sqlite3_errmsg(handle)),
                             sql: Self.sql)
    }

    /// SQLITE_TRANSIENT: SQLite copies the text before the call returns (the C macro is not
    /// imported into Swift).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
