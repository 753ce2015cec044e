using Microsoft.IdentityModel.Tokens;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>A validly signed token that names its tenant or tier more than once: it cannot say whom it acts for, so it does not authenticate.</summary>
public sealed class AmbiguousClaimException(string claim, string meaning)
    : SecurityTokenValidationException($"The bearer token gives the claim '{claim}' more than one value; it must name exactly one {meaning}.")
{
    /// <summary>The claim of the token that had several values.</summary>
    public string Claim { get; } = claim;
}
