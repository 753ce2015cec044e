using System.Text.Json.Serialization;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>
/// An access token (RFC 6749 §5.1). Its fields are snake_case, as OAuth 2.0 clients expect, unlike the
/// rest of the API.
/// </summary>
/// <param name="AccessToken">The JWT to send as <c>Authorization: Bearer ...</c>.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresIn">Seconds until the token expires (3600 by default).</param>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
