using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EDRS.Testing.Gateway;

/// <summary>
/// A double of an OpenID Connect issuer (no real identity provider runs in the tests), as far as a resource server sees one: a discovery document and a JWKS over real HTTP
/// on a loopback port, and RS256 tokens signed with its key. Served by <see cref="HttpListener"/>, not a second
/// ASP.NET host: WebApplicationFactory intercepts hosts built in the process while it starts the gateway.
/// </summary>
public sealed class FakeOidcIssuer : IAsyncDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly HttpListener _listener = new();
    private Task? _loop;

    public FakeOidcIssuer()
    {
        _key = new RsaSecurityKey(_rsa) { KeyId = "fake-oidc-1" };
        Port = FreePorts.Next();
    }

    public int Port { get; }

    public string Authority => $"http://127.0.0.1:{Port}";

    public Task StartAsync()
    {
        _listener.Prefixes.Add($"{Authority}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
        return Task.CompletedTask;
    }

    /// <summary>A token as an identity provider would issue it, with the claims named as that provider names them.</summary>
    public string Issue(IReadOnlyDictionary<string, object> claims, string audience = "edrs-api", string? issuer = null, SecurityKey? key = null) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            Claims = claims.ToDictionary(),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
        });

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        if (_loop is not null)
            await _loop;
        _listener.Close();
        _rsa.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            object? document = context.Request.Url?.AbsolutePath switch
            {
                "/.well-known/openid-configuration" => new Dictionary<string, object>
                {
                    ["issuer"] = Authority,
                    ["jwks_uri"] = $"{Authority}/jwks",
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                },
                "/jwks" => Jwks(),
                _ => null,
            };
            context.Response.StatusCode = document is null ? 404 : 200;
            context.Response.ContentType = "application/json";
            if (document is not null)
                await JsonSerializer.SerializeAsync(context.Response.OutputStream, document);
            context.Response.Close();
        }
    }

    private Dictionary<string, object> Jwks()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = _key.KeyId });
        return new Dictionary<string, object>
        {
            ["keys"] = new[] { new Dictionary<string, string> { ["kty"] = jwk.Kty, ["kid"] = jwk.Kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = jwk.N, ["e"] = jwk.E } },
        };
    }
}
