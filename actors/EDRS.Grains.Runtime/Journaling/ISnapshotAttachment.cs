namespace EDRS.Grains.Runtime;

/// <summary>
/// The binary part of a grain's snapshot: what JSON would bloat or slow down (a vector index, say). A grain whose state
/// holds such data gives one to its <see cref="JournaledState{TState, TEvent}"/>; the runtime stores the bytes beside the
/// JSON state, in the same snapshot row, and hands them back on recovery before the tail of events is folded.
/// </summary>
public interface ISnapshotAttachment<TState>
    where TState : class
{
    /// <summary>The binary part of <paramref name="state"/> (null: none). Called with the state being snapshotted.</summary>
    byte[]? Export(TState state);

    /// <summary>The state restored from its JSON part, completed with its binary part.</summary>
    TState Import(TState state, byte[] attachment);
}
