import Foundation
import Testing
import WhereaboutsCore

@testable import WhereaboutsStore

/// The preparing stage of bulk creates, on its own: order, the window, and failures.
struct ChunkPreparerTests {
    struct Failure: Error, Equatable { let text: String }

    /// Batches of sources whose titles number them, in the sizes given.
    static func batches(_ sizes: [Int]) -> [SQLRecordStore.NewRecords] {
        var next = 0
        return sizes.map { size in
            (0..<size).map { _ in
                next += 1
                return (id: RecordID(), body: Source(type: .testimony, title: "source \(next)") as any RecordBody)
            }
        }
    }

    static func stream(
        _ batches: [SQLRecordStore.NewRecords], failingAfter: Int? = nil
    ) -> AsyncThrowingStream<SQLRecordStore.NewRecords, any Error> {
        let (stream, continuation) = AsyncThrowingStream<SQLRecordStore.NewRecords, any Error>.makeStream()
        for (index, batch) in batches.enumerated() {
            if index == failingAfter {
                continuation.finish(throwing: Failure(text: "stream"))
                return stream
            }
            continuation.yield(batch)
        }
        continuation.finish()
        return stream
    }

    /// Stands in for ``PreparedRecord`` building: records the ids it saw (in chunk order) and fails
    /// on a title if asked to.
    static func preparer(
        _ batches: AsyncThrowingStream<SQLRecordStore.NewRecords, any Error>, window: Int, failOn title: String? = nil
    ) throws -> ChunkPreparer {
        let vocabulary = VocabularyIndex([])
        let sealer = RecordSealer.unsealed
        return ChunkPreparer(batches, chunkSize: 3, window: window) { records in
            try records.map { record in
                if let title, (record.body as? Source)?.title == title { throw Failure(text: title) }
                return try PreparedRecord(record.body, id: record.id, vocabulary: vocabulary, sealer: sealer)
            }
        }
    }

    @Test("chunks come in the order of the records, across batches of any size, with a window of one or many")
    func order() async throws {
        let batches = Self.batches([1, 7, 0, 3, 5, 2])
        let expected = batches.flatMap { $0.map(\.id) }
        for window in [1, 2, 50] {
            let preparer = try Self.preparer(Self.stream(batches), window: window)
            var seen: [RecordID] = []
            for try await chunk in preparer.chunks {
                #expect(chunk.count <= 3 && !chunk.isEmpty)
                seen += chunk.map(\.id)
            }
            await preparer.stop()
            #expect(seen == expected)
        }
    }

    @Test("a failing stream or a failing record ends the chunks with that error; stopping never hangs")
    func failures() async throws {
        let batches = Self.batches([4, 4, 4])
        var taken = 0
        let broken = try Self.preparer(Self.stream(batches, failingAfter: 2), window: 2)
        await #expect(throws: Failure(text: "stream")) {
            for try await chunk in broken.chunks { taken += chunk.count }
        }
        await broken.stop()
        #expect(taken == 8)
        let failing = try Self.preparer(Self.stream(batches), window: 1, failOn: "source 5")
        await #expect(throws: Failure(text: "source 5")) {
            for try await _ in failing.chunks {}
        }
        await failing.stop()
        // The writer gives up after one chunk: the feeder, waiting for room, is let go.
        let abandoned = try Self.preparer(Self.stream(Self.batches([30])), window: 1)
        for try await _ in abandoned.chunks { break }
        await abandoned.stop()
    }
}
