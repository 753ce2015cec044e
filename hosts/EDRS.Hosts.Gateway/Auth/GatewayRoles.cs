namespace EDRS.Hosts.Gateway.Auth;

/// <summary>The roles a token can carry.</summary>
public static class GatewayRoles
{
    /// <summary>Manages personas: hires them, replaces profiles, erases what they know about a person.</summary>
    public const string Admin = "admin";

    /// <summary>Talks to personas and reads: tells and corrects facts, reads profiles, people and the directory.</summary>
    public const string User = "user";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Admin, User };
}
