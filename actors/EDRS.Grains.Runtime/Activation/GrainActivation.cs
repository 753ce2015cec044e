namespace EDRS.Grains.Runtime;

/// <summary>One activation of a grain: who it is, its clock, and the way it asks to be stopped.</summary>
public sealed class GrainActivation(GrainIdentity identity, TimeProvider time)
{
    public GrainIdentity Identity { get; } = identity;

    public string Kind => Identity.Kind;

    /// <summary>The grain's journal stream, <c>{kind}/{tenant}/{key}</c>.</summary>
    public string StreamKey => Identity.StreamKey;

    public TimeProvider Time { get; } = time;

    /// <summary>True once the activation asked to stop after the current call.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>
    /// Stops this activation once the current call has replied: its memory may disagree with the journal
    /// (another activation wrote, or an append's outcome is unknown); the next call recovers from the journal.
    /// </summary>
    public void StopAfterThisCall() => StopRequested = true;
}
