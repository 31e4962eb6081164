import Foundation
import WhereaboutsCore

/// The preparing stage of a bulk create: cuts the batches a stream delivers into chunks of one
/// statement's worth of records, prepares each chunk (checks, sealing, digests, JSON) on
/// ``PreparationThreads``, and hands the prepared chunks to the writer in order.
///
/// It runs ahead of the writer across batch boundaries, by up to `window` chunks: while the writer is
/// busy with a long statement (moving an import's pending index rows in takes seconds), the other
/// cores keep reading and preparing instead of waiting for it. The window bounds the memory held.
final class ChunkPreparer: Sendable {
    private let prepared: AsyncThrowingStream<Task<[PreparedRecord], any Error>, any Error>
    private let window: ChunkWindow
    private let threads: PreparationThreads
    private let feeder: Task<Void, Never>

    init(
        _ batches: some AsyncSequence<SQLRecordStore.NewRecords, any Error> & Sendable, chunkSize: Int,
        window size: Int,
        prepare: @escaping @Sendable (SQLRecordStore.NewRecords) throws -> [PreparedRecord]
    ) {
        let (prepared, output) = AsyncThrowingStream<Task<[PreparedRecord], any Error>, any Error>.makeStream()
        let window = ChunkWindow(size: size)
        let threads = PreparationThreads()
        self.prepared = prepared
        self.window = window
        self.threads = threads
        feeder = Task {
            do {
                for try await bodies in batches {
                    for chunk in bodies.chunked(chunkSize) {
                        guard await window.enter() else { return output.finish() }
                        let records = Array(chunk)
                        output.yield(Task { try await threads.run { try prepare(records) } })
                    }
                }
                output.finish()
            } catch {
                output.finish(throwing: error)
            }
        }
    }

    /// The prepared chunks, in the order of the batches. Throws what the stream of batches or the
    /// preparation of a chunk threw. One consumer only.
    var chunks: some AsyncSequence<[PreparedRecord], any Error> {
        prepared.map { [self] task in
            let chunk = try await task.value
            await window.leave()
            return chunk
        }
    }

    /// Stops reading batches and preparing: call it when done with the chunks, whether all were
    /// taken or not (preparations already started run to their end, unused).
    func stop() async {
        await window.close()
        feeder.cancel()
        threads.close()
    }

    deinit { threads.close() }
}

/// How many chunks may be started but not yet taken by the writer: the feeder enters before it
/// starts a chunk and waits while the window is full; the writer leaves as it takes one.
private actor ChunkWindow {
    private var free: Int
    private var waiting: [CheckedContinuation<Bool, Never>] = []
    private var closed = false

    init(size: Int) { free = max(1, size) }

    /// Takes a place, waiting for one if need be; false once the window is closed.
    func enter() async -> Bool {
        guard !closed else { return false }
        if free > 0 {
            free -= 1
            return true
        }
        return await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives a place back, to the longest waiter if there is one.
    func leave() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume(returning: true)
        }
    }

    /// Refuses every place from now on, waking whoever waits.
    func close() {
        closed = true
        for waiter in waiting { waiter.resume(returning: false) }
        waiting.removeAll()
    }
}
