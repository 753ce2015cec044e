namespace EDRS.Actors.Workflows;

/// <summary>What an instance's executor does next about one step.</summary>
public enum StepActionKind
{
    /// <summary>Start its next attempt (dependencies succeeded, or a retry is due).</summary>
    Begin,

    /// <summary>Run its activity (a tool call) for the attempt in flight: again after a crash, with the same idempotency key.</summary>
    Run,

    /// <summary>Its timer is due: the wait is over.</summary>
    Fire,

    /// <summary>Ask a <c>decompose</c> step's persona for its plan of subtasks.</summary>
    Plan,

    /// <summary>Its deadline passed while it waited (a signal, an approval).</summary>
    TimeOut,

    /// <summary>Start the next attempt of its compensation (its turn came, or its retry is due).</summary>
    BeginCompensation,

    /// <summary>Run its compensation's call for the attempt in flight: again after a crash, with the same idempotency key.</summary>
    Compensate,
}
