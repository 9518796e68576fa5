import EventLog
import Foundation
import Law
import ProcedureLog
import Territory
import WorkingDays

/// A territorial change as the log keeps it.
public struct RecordedTerritorialChange: Codable, Sendable, Equatable {
    /// Its place in the stream of changes (1, 2, …): changes apply in this order.
    public var version: Int
    public var change: TerritorialChange
    public var author: String
    public var recordedAt: String
    enum CodingKeys: String, CodingKey { case version, change, author, recordedAt = "recorded_at" }
}

/// Territorial changes kept in the event log: the registry at a date is the bundled file plus every
/// change recorded, in order. A change is checked against the registry with all earlier changes
/// before it is stored; one that breaks a rule of the file is refused and nothing is written.
public struct TerritoryChangeService: Sendable {
    public let store: any EventStore
    public init(store: any EventStore) { self.store = store }

    static let eventType = "territory-change"
    var stream: StreamID { StreamID(unchecked: ProcedureStream.territoryStream) }

    public func recorded() async throws -> [RecordedTerritorialChange] {
        try await store.events(in: stream, after: 0).map { e in
            let text = JSON.object(try e.data()).text
            do {
                let change = try JSONDecoder().decode(TerritorialChange.self, from: Data(text.utf8))
                return RecordedTerritorialChange(version: e.version, change: change, author: e.author, recordedAt: e.recordedAt)
            } catch {
                throw AppError(.unavailable, "territorial change \(e.version) in the log cannot be read: \(error)")
            }
        }
    }

    /// The registry with every recorded change applied (the base when none is recorded).
    public func registry(over base: TerritorialRegistry) async throws -> TerritorialRegistry {
        let changes = try await recorded()
        guard !changes.isEmpty else { return base }
        do { return try base.applying(changes.map(\.change)) } catch {
            throw AppError(.unavailable, "the recorded territorial changes no longer apply to the bundled registry: \(error.message)")
        }
    }

    /// Checks a change against the registry as recorded so far and stores it; the registry after it.
    public func record(_ change: TerritorialChange, over base: TerritorialRegistry, by author: String,
                       idempotencyKey: String? = nil) async throws -> (RecordedTerritorialChange, TerritorialRegistry) {
        let earlier = try await recorded()
        let current: TerritorialRegistry
        do { current = try base.applying(earlier.map(\.change)) } catch {
            throw AppError(.unavailable, "the recorded territorial changes no longer apply to the bundled registry: \(error.message)")
        }
        let after: TerritorialRegistry
        do { after = try current.applying(change) } catch { throw AppError(.refused, error.message) }
        let data = try JSONEncoder().encode(change)
        guard case .object(let fields) = try JSON(parsing: String(decoding: data, as: UTF8.self)) else {
            throw AppError(.unavailable, "a territorial change did not encode as a JSON object")
        }
        let event = NewEvent(type: Self.eventType, legalDate: Day(iso: change.effective)!, author: author, data: fields, idempotencyKey: idempotencyKey)
        do {
            let result = try await store.append([event], to: stream, expecting: earlier.isEmpty ? .noStream : .exactly(earlier.count))
            let stored = try await recorded()
            let mine = stored.last { $0.change == change } ?? stored.last!
            _ = result
            return (mine, after)
        } catch EventStoreError.conflict {
            throw AppError(.conflict, "another territorial change was recorded meanwhile: read the changes again and retry")
        }
    }
}
