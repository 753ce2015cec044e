namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>Optional note when completing (<c>outcome</c>, at most 2,000 characters) or handing back (<c>reason</c>, at most 500) work.</summary>
/// <param name="Outcome">What came of it (complete).</param>
/// <param name="Reason">Why it is handed back (return).</param>
public sealed record WorkBody(string? Outcome, string? Reason);
