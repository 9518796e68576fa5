import Foundation

/// A few threads of their own that run jobs handed to them, with at most `capacity` jobs waiting:
/// `submit` blocks the caller while the queue is full, which keeps memory bounded when jobs come
/// faster than they finish.
///
/// Dedicated threads rather than a dispatch queue: the caller (a store's scan of the whole log)
/// holds a thread of the shared pool while it submits, and on a machine with few cores the jobs
/// would otherwise wait for the very thread that waits for them.
final class WorkerThreads: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var head = 0
    private var closed = false
    private var running = 0
    private let capacity: Int

    init(count: Int, capacity: Int) {
        self.capacity = max(1, capacity)
        running = max(1, count)
        for _ in 0..<running {
            let thread = Thread { [self] in work() }
            thread.start()
        }
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count && !closed { condition.wait() }
            if head == jobs.count {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head > 64, head * 2 > jobs.count { jobs.removeFirst(head); head = 0 }
            condition.broadcast()
            condition.unlock()
            job()
        }
    }

    /// Hands a job to the threads; waits while `capacity` jobs are already waiting.
    func submit(_ job: @escaping () -> Void) {
        condition.lock()
        while jobs.count - head >= capacity { condition.wait() }
        jobs.append(job)
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every job submitted has run; the threads then end.
    func finish() {
        condition.lock()
        closed = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }
}
