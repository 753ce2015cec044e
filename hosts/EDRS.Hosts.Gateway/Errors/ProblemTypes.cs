namespace EDRS.Hosts.Gateway.Errors;

/// <summary>
/// The problem kinds of EDRS's own, beyond the HTTP status: each has a stable <c>type</c> URI and the same name as a
/// <c>code</c> extension member (documented in the README), so clients can branch on them.
/// </summary>
public static class ProblemTypes
{
    /// <summary>The problem extension member that carries the code.</summary>
    public const string CodeMember = "code";

    /// <summary>The type URI of a code.</summary>
    public static string TypeOf(string code) => $"urn:edrs:problem:{code}";
}
