using System.Net.Http.Headers;
using System.Text;
using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.RateLimits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>
/// <c>POST /api/v1/auth/token</c>: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for the configured
/// clients. Not served when an external OIDC issuer hands out the tokens.
/// </summary>
public static partial class AuthApi
{
    public const string TokenPath = "/api/v1/auth/token";
    private const string ClientCredentials = "client_credentials";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.UsesExternalIssuer)
            return app;
        app.MapPost(TokenPath, IssueAsync)
            .WithTags("Auth")
            .WithName("IssueToken")
            .WithSummary("Get an access token (client credentials)")
            .WithDescription(
                "Exchanges a client id and secret for a bearer token valid for one hour. Send them as form fields " +
                "(`client_id`, `client_secret`) or as HTTP Basic credentials. The client id is the tenant: every call " +
                "made with the token acts on that tenant's grains only.")
            .AllowAnonymous()
            // A machine-to-machine endpoint with no cookies: there is nothing for a forged cross-site form to ride on.
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static Results<Ok<TokenResponse>, ProblemHttpResult> IssueAsync(
        [FromForm(Name = "grant_type")] string? grantType,
        [FromForm(Name = "client_id")] string? clientId,
        [FromForm(Name = "client_secret")] string? clientSecret,
        HttpContext http,
        TokenIssuer issuer,
        ClientRateLimiter limiter,
        IOptions<AuthOptions> options,
        ILoggerFactory loggers)
    {
        if (grantType != ClientCredentials)
            return OAuthProblem(StatusCodes.Status400BadRequest, "unsupported_grant_type", $"grant_type must be {ClientCredentials}.");
        if (!TryReadCredentials(http.Request, clientId, clientSecret, out var id, out var secret))
            return OAuthProblem(StatusCodes.Status400BadRequest, "invalid_request", "Send client_id and client_secret as form fields or as HTTP Basic credentials, not both.");

        // Each guess costs a PBKDF2 hash, so guesses are limited — per client id AND caller address: guesses from one
        // address never lock the client out on another. Configured and unknown ids are counted alike (an id that cannot be
        // a client at all shares its address's "?" bucket), so the rate-limit headers do not tell which client ids exist.
        var partition = $"token:{CallerAddress.Of(http)}:{(GrainIds.IsTenant(id) ? id : "?")}";
        using var lease = limiter.Acquire(partition, tier: null);
        RateLimitHeaders.Apply(http.Response, lease);
        if (!lease.Acquired)
        {
            RateLimitHeaders.CountRejection(lease, "http");
            return OAuthProblem(StatusCodes.Status429TooManyRequests, "slow_down", $"Too many token requests; retry in {lease.RetryAfterSeconds} s.");
        }

        var client = issuer.Authenticate(id, secret);
        var logger = loggers.CreateLogger(typeof(AuthApi).FullName!);
        if (client is null)
        {
            LogRefused(logger, id);
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"edrs\"";
            return OAuthProblem(StatusCodes.Status401Unauthorized, "invalid_client", "Unknown client or wrong secret.");
        }
        var token = issuer.Issue(id, client);
        LogIssued(logger, id, token.ExpiresAt);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new TokenResponse(token.AccessToken, "Bearer", (int)options.Value.TokenLifetime.TotalSeconds));
    }

    /// <summary>Form fields or HTTP Basic (RFC 6749 §2.3.1), exactly one of the two.</summary>
    private static bool TryReadCredentials(HttpRequest request, string? formId, string? formSecret, out string id, out string secret)
    {
        id = secret = "";
        var basic = AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) ? header.Parameter : null;
        if (basic is not null)
        {
            if (formSecret is not null)
                return false;
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(basic));
            }
            catch (FormatException)
            {
                return false;
            }
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                return false;
            // Basic credentials are form-urlencoded first (RFC 6749 §2.3.1).
            id = Uri.UnescapeDataString(decoded[..colon]);
            secret = Uri.UnescapeDataString(decoded[(colon + 1)..]);
            return formId is null || formId == id;
        }
        if (string.IsNullOrEmpty(formId) || string.IsNullOrEmpty(formSecret))
            return false;
        (id, secret) = (formId, formSecret);
        return true;
    }

    private static ProblemHttpResult OAuthProblem(int status, string error, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: status == StatusCodes.Status429TooManyRequests ? "Too many requests." : "No token was issued.",
            extensions: new Dictionary<string, object?> { ["error"] = error });

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued a token to client {ClientId}, valid until {ExpiresAt:o}")]
    private static partial void LogIssued(ILogger logger, string clientId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a token to client {ClientId}: unknown client or wrong secret")]
    private static partial void LogRefused(ILogger logger, string clientId);
}
