using System.Globalization;
using System.Security.Cryptography;
using EDRS.Hosts.Gateway.Auth;

namespace EDRS.Testing.Gateway;

/// <summary>
/// The clients (= tenants) every test gateway knows, configured as an operator would: hashed secrets, roles,
/// tiers. "unmetered" is a test tier with limits no test reaches, for tests that are not about rate limits.
/// </summary>
public static class TestClients
{
    /// <summary>The tenant a gateway fixture's <c>Client</c> acts for: admin and user.</summary>
    public const string Default = "default";

    public const string TenantA = "tenant-a";
    public const string TenantB = "tenant-b";

    /// <summary>Role user only.</summary>
    public const string Reader = "reader";

    /// <summary>Standard tier (60/min, burst 10, 5 concurrent): one per test, as buckets outlive a test.</summary>
    public const string MeteredA = "metered-a";
    public const string MeteredB = "metered-b";
    public const string MeteredC = "metered-c";
    public const string MeteredD = "metered-d";
    public const string MeteredE = "metered-e";

    /// <summary>Professional tier (300/min, burst 30).</summary>
    public const string Pro = "pro";

    public const string Secret = "a-test-secret-that-is-long-enough";
    public const string Issuer = "edrs";
    public const string Audience = "edrs-api";

    /// <summary>One signing key per test run: tokens outlive a gateway restart within the run.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    // Few iterations: tests fetch many tokens, and the iteration count is part of the stored hash anyway.
    private static readonly string SecretHash = ClientSecretHash.Create(Secret, iterations: 1_000);

    private static readonly (string Id, string[] Roles, string Tier)[] Clients =
    [
        (Default, ["admin", "user"], "unmetered"),
        (TenantA, ["admin", "user"], "unmetered"),
        (TenantB, ["admin", "user"], "unmetered"),
        (Reader, ["user"], "unmetered"),
        (MeteredA, ["admin", "user"], "standard"),
        (MeteredB, ["admin", "user"], "standard"),
        (MeteredC, ["admin", "user"], "standard"),
        (MeteredD, ["admin", "user"], "standard"),
        (MeteredE, ["admin", "user"], "standard"),
        (Pro, ["admin", "user"], "professional"),
    ];

    public static IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("Auth:SigningKey", SigningKey);
        yield return new("Auth:Issuer", Issuer);
        yield return new("Auth:Audience", Audience);
        yield return new("RateLimits:Tiers:unmetered:RequestsPerMinute", "10000000");
        yield return new("RateLimits:Tiers:unmetered:Burst", "1000000");
        yield return new("RateLimits:Tiers:unmetered:Concurrency", "100000");
        foreach (var (id, roles, tier) in Clients)
        {
            yield return new($"Auth:Clients:{id}:SecretHash", SecretHash);
            yield return new($"Auth:Clients:{id}:Tier", tier);
            for (var i = 0; i < roles.Length; i++)
                yield return new($"Auth:Clients:{id}:Roles:{i.ToString(CultureInfo.InvariantCulture)}", roles[i]);
        }
    }
}
