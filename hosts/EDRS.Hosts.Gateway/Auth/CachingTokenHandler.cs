using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>
/// Validates a local-issuer token once and remembers the result until the token expires (at most
/// <see cref="MaxAge"/>): a client sends the same token with every call for an hour, and checking its signature
/// and claims each time was a quarter of the gateway's work per read. Used only with the local issuer, whose key and
/// validation rules are fixed for the process; only tokens that validated are kept, so nothing forged enters it.
/// </summary>
internal sealed class CachingTokenHandler(TimeProvider time) : JsonWebTokenHandler
{
    /// <summary>Longest a result is reused: bounds how long a changed rule (e.g. a restarted gateway's config) could be missed.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _validated = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow();
        if (_validated.TryGetValue(token, out var entry))
        {
            if (now < entry.Until)
                return entry.Result;
            _validated.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            // The expiry without clock skew: a reused result never outlives what a fresh validation would allow.
            var until = new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc));
            if (until > now + MaxAge)
                until = now + MaxAge;
            if (_validated.Count >= MaxEntries)
                Evict(now);
            _validated[token] = new Entry(result, until);
        }
        return result;
    }

    private void Evict(DateTimeOffset now)
    {
        foreach (var (token, entry) in _validated)
        {
            if (entry.Until <= now)
                _validated.TryRemove(token, out _);
        }
        // Still full of live tokens (more clients than entries): start over rather than grow.
        if (_validated.Count >= MaxEntries)
            _validated.Clear();
    }

    private sealed record Entry(TokenValidationResult Result, DateTimeOffset Until);
}
