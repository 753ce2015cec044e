using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>What a client is told when its call is refused: why the token did not count, or which role was missing.</summary>
internal static class AuthFailures
{
    /// <summary>Why the call's token did not authenticate. The authentication middleware keeps only successes, so this asks
    /// the scheme again; the handler answers from its per-request cache without validating twice.</summary>
    public static async Task<string> UnauthenticatedAsync(HttpContext context) =>
        (await context.AuthenticateAsync().ConfigureAwait(false)).Failure switch
        {
            null => "A bearer token is required (Authorization: Bearer <token>); get one from POST /api/v1/auth/token.",
            SecurityTokenExpiredException => "The bearer token has expired; get a new one.",
            SecurityTokenNotYetValidException => "The bearer token is not valid yet.",
            SecurityTokenInvalidAudienceException => "The bearer token was not issued for this API (audience).",
            SecurityTokenInvalidIssuerException => "The bearer token comes from an issuer this API does not trust.",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The bearer token's signature is not valid.",
            SecurityTokenMalformedException or ArgumentException => "The bearer token is not a well-formed JWT.",
            AmbiguousClaimException ambiguous => ambiguous.Message,
            _ => "The bearer token is not valid.",
        };

    public static string Forbidden(AuthorizationPolicy policy)
    {
        var roles = policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles).ToArray();
        return roles.Length > 0
            ? $"This operation needs a token with the role {string.Join(" or ", roles)}, and a client_id that is a valid tenant."
            : "The token does not allow this operation.";
    }
}
