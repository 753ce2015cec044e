using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.RateLimits;
using Microsoft.Extensions.Options;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>Checks <see cref="AuthOptions"/> at start-up; every message names the environment variable to set.</summary>
internal sealed class AuthOptionsValidator(IHostEnvironment environment, IOptions<RateLimitOptions> rateLimits) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Audience))
            problems.Add("Auth:Audience is required: set Auth__Audience.");
        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
            problems.Add($"Auth:ClockSkew must be 0..5 min (was {options.ClockSkew}): set Auth__ClockSkew.");
        if (options.UsesExternalIssuer)
            ValidateExternal(options, problems);
        else
            ValidateLocal(options, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void ValidateExternal(AuthOptions options, List<string> problems)
    {
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority)
            || (authority.Scheme != Uri.UriSchemeHttps && (options.RequireHttpsMetadata || authority.Scheme != Uri.UriSchemeHttp)))
            problems.Add($"Auth:Authority must be the issuer's https URL (was '{options.Authority}'): set Auth__Authority (http only with Auth__RequireHttpsMetadata=false).");
        foreach (var (claim, variable) in new[] { (options.TenantClaim, "TenantClaim"), (options.RoleClaim, "RoleClaim"), (options.TierClaim, "TierClaim") })
        {
            if (string.IsNullOrWhiteSpace(claim))
                problems.Add($"Auth:{variable} must name a claim: set Auth__{variable}.");
        }
    }

    private void ValidateLocal(AuthOptions options, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(options.Issuer))
            problems.Add("Auth:Issuer is required: set Auth__Issuer.");
        if (options.TokenLifetime < TimeSpan.FromMinutes(1) || options.TokenLifetime > TimeSpan.FromHours(24))
            problems.Add($"Auth:TokenLifetime must be 1 min..24 h (was {options.TokenLifetime}): set Auth__TokenLifetime.");
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            // Development gets a generated key (see AuthRegistration); anywhere else a missing key is an error.
            problems.Add("Auth:SigningKey is required: set Auth__SigningKey to the base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`), or Auth__Authority to validate tokens of an external OIDC issuer.");
        }
        else if (!IsSigningKey(options.SigningKey))
        {
            problems.Add($"Auth:SigningKey must be base64 of at least {SigningKeys.MinBytes} bytes: set Auth__SigningKey (e.g. `openssl rand -base64 32`).");
        }
        foreach (var (clientId, client) in options.Clients)
            ValidateClient(clientId, client, problems);
    }

    private void ValidateClient(string clientId, ClientOptions client, List<string> problems)
    {
        var prefix = $"Auth__Clients__{clientId}";
        if (!GrainIds.IsTenant(clientId))
            problems.Add($"Auth:Clients:{clientId}: a client id is its tenant and must be 1..63 lowercase letters, digits or dashes: rename {prefix}.");
        if (!ClientSecretHash.IsWellFormed(client.SecretHash))
            problems.Add($"Auth:Clients:{clientId}:SecretHash must be a hash printed by `dotnet EDRS.Hosts.Gateway.dll hash-secret`: set {prefix}__SecretHash.");
        else if (!environment.IsDevelopment() && ClientSecretHash.Verify(DevelopmentCredentials.Secret, client.SecretHash))
            problems.Add($"Auth:Clients:{clientId} uses the development secret, which is public: set {prefix}__SecretHash to the hash of a real secret (`dotnet EDRS.Hosts.Gateway.dll hash-secret`).");
        if (client.Roles.Count == 0 || client.Roles.Any(r => !GatewayRoles.All.Contains(r)))
            problems.Add($"Auth:Clients:{clientId}:Roles must be admin and/or user (was '{string.Join(",", client.Roles)}'): set {prefix}__Roles__0.");
        if (!rateLimits.Value.Tiers.ContainsKey(client.Tier))
            problems.Add($"Auth:Clients:{clientId}:Tier '{client.Tier}' is not a tier of RateLimits:Tiers: set {prefix}__Tier to one of {string.Join(", ", rateLimits.Value.Tiers.Keys)}.");
    }

    internal static bool IsSigningKey(string value) => SigningKeys.Decode(value) is not null;
}
