namespace EDRS.Grains.Runtime;

/// <summary>One activation of a grain: its kind and identity, and the way it asks to be stopped.</summary>
public sealed class GrainActivation(string kind, string identity, TimeProvider time)
{
    public string Kind { get; } = kind;

    /// <summary>The cluster identity, <c>{tenant}/{key}</c>.</summary>
    public string Identity { get; } = identity;

    /// <summary>The grain's journal stream, <c>{kind}/{tenant}/{key}</c>.</summary>
    public string StreamKey { get; } = $"{kind}/{identity}";

    public TimeProvider Time { get; } = time;

    /// <summary>True once the activation asked to stop after the current call.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>
    /// Stops this activation once the current call has replied: its memory may disagree with the journal
    /// (another activation wrote, or an append's outcome is unknown); the next call recovers from the journal.
    /// </summary>
    public void StopAfterThisCall() => StopRequested = true;
}
