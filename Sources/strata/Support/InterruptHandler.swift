import Dispatch
import Foundation
import StrataApply

/// Ctrl-C (SIGINT) and SIGTERM while `apply` runs.
///
/// Without this, the process dies and the server finishes the running statement (a long index
/// build, a table rewrite) before it notices, holding its lock meanwhile. Here the first signal
/// cancels the running statement and lets the run roll back and say where the database is (exit
/// 130); a second one quits at once. Before any statement runs there is nothing to roll back,
/// and the first signal quits.
enum InterruptHandler {
    /// Runs `body` with the handler installed, and the default signal handling back after it.
    static func whileRunning<T, E: Error>(
        cancelling interruption: ApplyInterruption, _ body: () throws(E) -> T
    ) throws(E) -> T {
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if interruption.isRequested || !interruption.request() { exit(130) }
                Console.err(
                    "\nstrata: interrupted: the server is cancelling the running statement and the run rolls back "
                        + "what is open (press Ctrl-C again to quit at once)\n")
            }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        return try body()
    }
}
