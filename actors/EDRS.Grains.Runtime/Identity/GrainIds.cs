using System.Text.RegularExpressions;

namespace EDRS.Grains.Runtime;

/// <summary>The shapes of ids that become parts of grain identities and stream keys.</summary>
public static partial class GrainIds
{
    /// <summary>Tenants: lowercase letters, digits and dashes, 1..63 characters.</summary>
    public static bool IsTenant(string? value) => value is not null && TenantPattern().IsMatch(value);

    /// <summary>Entity ids (personas, people, ...): letters, digits, '.', '_' and '-', 1..64 characters, starting with a letter or digit.</summary>
    public static bool IsEntityId(string? value) => value is not null && EntityIdPattern().IsMatch(value);

    /// <summary>Request ids: 1..100 printable ASCII characters without spaces.</summary>
    public static bool IsRequestId(string? value) => value is not null && RequestIdPattern().IsMatch(value);

    public const string TenantRule = "1..63 characters: lowercase letters, digits or '-', starting with a letter or digit";

    public const string EntityIdRule = "1..64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit";

    public const string RequestIdRule = "1..100 printable ASCII characters without spaces";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}\\z")]
    private static partial Regex TenantPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z")]
    private static partial Regex EntityIdPattern();

    [GeneratedRegex("^[!-~]{1,100}\\z")]
    private static partial Regex RequestIdPattern();
}
