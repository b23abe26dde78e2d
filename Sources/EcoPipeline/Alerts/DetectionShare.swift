import Synchronization

/// The detection partitions one process holds, and how many it should: its share, about the partition
/// count over the live processes. ``PartitionedDetectionService`` sets the share and claims partitions;
/// each partition's detection asks ``isExtra(_:)`` and hands its partition over when it is.
final class DetectionShare: Sendable {
    private struct State {
        var target: Int
        var held: Set<Int> = []
    }

    private let state: Mutex<State>

    init(target: Int) { state = Mutex(State(target: target)) }

    /// How many partitions the process should hold.
    var target: Int {
        get { state.withLock { $0.target } }
        set { state.withLock { $0.target = max(0, newValue) } }
    }

    /// The partitions the process holds (a partition handing over counts until it has let go).
    var held: Set<Int> { state.withLock { $0.held } }

    /// Records that the process holds partition `index`.
    func hold(_ index: Int) { _ = state.withLock { $0.held.insert(index) } }

    /// Records that the process let partition `index` go.
    func letGo(_ index: Int) { _ = state.withLock { $0.held.remove(index) } }

    /// Whether partition `index` is beyond the share and should be handed over: the process keeps
    /// its `target` lowest-numbered partitions.
    func isExtra(_ index: Int) -> Bool {
        state.withLock { state in state.held.contains(index) && state.held.sorted().dropFirst(state.target).contains(index) }
    }
}
