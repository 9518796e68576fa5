import EventLog
import Law
import ProcedureLog
import Procedures
import Territory
import WorkingDays

/// Why Aimak could not answer, sorted into the kinds a caller acts on differently. The command
/// line turns the kind into an exit code, the API into an HTTP status and a problem type; the
/// message is the same in both.
public struct AppError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Malformed input: a bad date, an unknown field, a file that does not parse.
        case badInput = "bad-input"
        /// No such unit, procedure, source or fact key.
        case notFound = "not-found"
        /// The input is well formed, but the law (or arithmetic) does not allow it.
        case refused = "refused"
        /// Someone else appended first.
        case conflict = "conflict"
        /// A write that must name the version it expects did not.
        case versionRequired = "version-required"
        /// The store cannot be reached or written.
        case unavailable = "unavailable"
        /// No valid credentials.
        case unauthenticated = "unauthenticated"
        /// Valid credentials, but the role does not allow this.
        case forbidden = "forbidden"
        /// A body over the limit.
        case tooLarge = "too-large"
        /// Too many attempts (logins).
        case tooManyRequests = "too-many-requests"
    }

    public var kind: Kind
    public var message: String
    /// The event refused (1-based, as stream versions), when one is.
    public var event: Int?
    /// The stream's version now, for a conflict.
    public var currentVersion: Int?

    /// The message is already in the reader's language (the law's refusals of a procedure step);
    /// otherwise it is English, the language of the layers' own checks.
    public var localized = false

    public init(_ kind: Kind, _ message: String, event: Int? = nil, currentVersion: Int? = nil, localized: Bool = false) {
        (self.kind, self.message, self.event, self.currentVersion, self.localized) = (kind, message, event, currentVersion, localized)
    }

    public static func badInput(_ m: String) -> AppError { AppError(.badInput, m) }
    public static func notFound(_ m: String) -> AppError { AppError(.notFound, m) }

    public var description: String { message }

    /// The process exit code of the command line for this kind of error (documented in the README).
    public var exitCode: Int32 {
        switch kind {
        case .conflict, .versionRequired: 3
        case .unavailable: 4
        default: 1
        }
    }

    /// Any error of the layers below, sorted into a kind with its message kept.
    public init(_ error: any Error) {
        switch error {
        case let e as AppError: self = e
        case let e as ProcedureError: self = AppError(.refused, e.description, event: e.event)
        case let e as ProcedureNotFound: self = AppError(.notFound, e.description)
        case let e as EventStoreError:
            switch e {
            case .conflict(_, _, let actual): self = AppError(.conflict, e.description, currentVersion: actual)
            case .idempotencyKeyReused: self = AppError(.conflict, e.description)
            case .invalid: self = AppError(.badInput, e.description)
            case .unavailable, .notAnAimakDatabase, .newerSchema, .corrupt: self = AppError(.unavailable, e.description)
            case .notEmpty, .backup: self = AppError(.badInput, e.description)
            }
        case let e as LegalDataErrors: self = AppError(.badInput, "\(e.errors.count) error(s):\n" + e.description)
        case let e as LegalDataError: self = AppError(.badInput, e.description)
        case let e as TerritoryQueryError:
            switch e {
            case .unknownCode, .notOnDate: self = AppError(.notFound, e.description)
            case .beforeData: self = AppError(.badInput, e.description)
            }
        case let e as TerritoryErrors: self = AppError(.badInput, e.description)
        case let e as CalendarError: self = AppError(.badInput, e.message)
        default: self = AppError(.badInput, "\(error)")
        }
    }
}
