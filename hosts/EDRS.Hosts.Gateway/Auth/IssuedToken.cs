namespace EDRS.Hosts.Gateway.Auth;

/// <summary>A signed token and when it expires.</summary>
public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt);
