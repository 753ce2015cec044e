namespace EDRS.Grains.Runtime;

/// <summary>Why the domain refused a command.</summary>
public enum RejectionReason
{
    /// <summary>The command is malformed: a field is missing, too long or of the wrong shape.</summary>
    Invalid,

    /// <summary>What the command addresses does not exist.</summary>
    NotFound,

    /// <summary>What the command creates exists already.</summary>
    AlreadyExists,

    /// <summary>The command contradicts the current state (a rule of the domain).</summary>
    Conflict,

    /// <summary>A limit of the grain or the tenant is reached; the command may succeed after something is removed.</summary>
    LimitReached,
}
