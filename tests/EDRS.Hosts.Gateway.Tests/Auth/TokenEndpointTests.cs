using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EDRS.Testing.Gateway;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EDRS.Hosts.Gateway.Tests.Auth;

/// <summary><c>POST /api/v1/auth/token</c>: the client-credentials grant for configured clients.</summary>
public sealed class TokenEndpointTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string TokenPath = "/api/v1/auth/token";

    [Fact]
    public async Task Client_credentials_in_the_form_get_a_one_hour_token_with_tenant_roles_and_tier()
    {
        using var response = await gateway.Anonymous.PostAsync(TokenPath, Form(TestClients.TenantA, TestClients.Secret));

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal(TestClients.TenantA, token.GetClaim("client_id").Value);
        Assert.Equal(["admin", "user"], token.Claims.Where(c => c.Type == "role").Select(c => c.Value).Order());
        Assert.Equal("unmetered", token.GetClaim("tier").Value);
        Assert.Equal(TestClients.Issuer, token.Issuer);
        Assert.Equal([TestClients.Audience], token.Audiences);
        Assert.Equal(TimeSpan.FromHours(1), token.ValidTo - token.IssuedAt);
        Assert.Equal("HS256", token.Alg);
    }

    [Fact]
    public async Task Client_credentials_as_HTTP_Basic_get_a_token_that_works()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestClients.Reader}:{TestClients.Secret}")));

        using var response = await gateway.Anonymous.SendAsync(request);
        var token = (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
        using var client = gateway.ClientWithToken(token);
        using var list = await client.GetAsync(Api.PersonasPath);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    public static TheoryData<string, string, int, string> Refusals => new()
    {
        // client id, secret, status, OAuth error
        { TestClients.TenantA, "wrong-secret", 401, "invalid_client" },
        { "no-such-client", TestClients.Secret, 401, "invalid_client" },
        { "", TestClients.Secret, 400, "invalid_request" },
        { TestClients.TenantA, "", 400, "invalid_request" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Wrong_or_missing_credentials_get_no_token_and_a_problem_naming_the_OAuth_error(string clientId, string secret, int status, string error)
    {
        using var response = await gateway.Anonymous.PostAsync(TokenPath, Form(clientId, secret));

        var problem = await response.ReadProblemAsync((HttpStatusCode)status);
        Assert.Equal(error, problem.GetProperty("error").GetString());
        Assert.False(problem.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Another_grant_type_is_refused()
    {
        using var response = await gateway.Anonymous.PostAsync(TokenPath, Form(TestClients.TenantA, TestClients.Secret, grantType: "password"));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("unsupported_grant_type", problem.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Credentials_sent_as_JSON_are_a_415_problem()
    {
        using var content = new StringContent($$"""{"grant_type":"client_credentials","client_id":"{{TestClients.TenantA}}","client_secret":"{{TestClients.Secret}}"}""", Encoding.UTF8, "application/json");

        using var response = await gateway.Anonymous.PostAsync(TokenPath, content);

        await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Guessing_secrets_is_rate_limited_per_client()
    {
        HttpStatusCode status;
        var attempts = 0;
        do
        {
            using var response = await gateway.Anonymous.PostAsync(TokenPath, Form(TestClients.MeteredE, "guess-" + attempts));
            status = response.StatusCode;
            attempts++;
        }
        while (status == HttpStatusCode.Unauthorized && attempts < 30);

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.InRange(attempts, 10, 13);
    }

    private static FormUrlEncodedContent Form(string clientId, string secret, string grantType = "client_credentials") =>
        new(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }.Where(p => p.Value.Length > 0));
}
