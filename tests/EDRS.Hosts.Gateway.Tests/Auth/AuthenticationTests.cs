using System.Net;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests.Auth;

/// <summary>Every /api/v1 operation needs a valid token (401 otherwise), and the admin ones the admin role (403 otherwise).</summary>
public sealed class AuthenticationTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    /// <summary>Every REST operation: method, path, body, and whether it needs the admin role.</summary>
    public static TheoryData<string, string, string?, bool> Operations => new()
    {
        { "GET", PersonasPath, null, false },
        { "POST", PersonasPath, Profile("auth-hired"), true },
        { "GET", $"{PersonasPath}/auth-known", null, false },
        { "PUT", $"{PersonasPath}/auth-known/profile", Profile(name: "Renamed"), true },
        { "POST", $"{PersonasPath}/auth-known/people/bob/facts", Fact(), false },
        { "PUT", $"{PersonasPath}/auth-known/people/bob/facts/1", """{"text": "Revised."}""", false },
        { "DELETE", $"{PersonasPath}/auth-known/people/bob/facts/1", null, false },
        { "GET", $"{PersonasPath}/auth-known/people/bob", null, false },
        { "DELETE", $"{PersonasPath}/auth-known/people/bob", null, true },
    };

    public static TheoryData<string, string> BadTokens => new()
    {
        { "expired", Tokens.Mint(expires: DateTime.UtcNow.AddMinutes(-5)) },
        { "signature", Tokens.Mint(signingKey: Tokens.OtherKey()) },
        { "audience", Tokens.Mint(audience: "some-other-api") },
        { "issuer", Tokens.Mint(issuer: "someone-else") },
        { "well-formed", "not.a.jwt" },
        { "signature", Tokens.Unsigned() },
    };

    public static TheoryData<string, string, string?, bool, string, string> OperationsWithBadTokens()
    {
        var data = new TheoryData<string, string, string?, bool, string, string>();
        foreach (var operation in Operations)
        {
            foreach (var token in BadTokens)
                data.Add((string)operation[0], (string)operation[1], (string?)operation[2], (bool)operation[3], (string)token[0], (string)token[1]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Without_a_token_every_operation_is_a_401_problem_with_a_bearer_challenge(string method, string path, string? body, bool admin)
    {
        var before = await JournalAsync();

        using var response = await gateway.Anonymous.SendAsync(new HttpMethod(method), path, body);

        var problem = await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("bearer token is required", problem.GetProperty("detail").GetString());
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(before, await JournalAsync());
        _ = admin;
    }

    [Theory]
    [MemberData(nameof(OperationsWithBadTokens))]
    public async Task An_expired_wrongly_signed_or_foreign_token_is_a_401_saying_why(string method, string path, string? body, bool admin, string reason, string token)
    {
        await EnsureKnownAsync();
        var before = await JournalAsync();
        using var client = gateway.ClientWithToken(token);

        using var response = await client.SendAsync(new HttpMethod(method), path, body);

        var problem = await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
        Assert.Equal(before, await JournalAsync());
        _ = admin;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_user_may_call_only_the_non_admin_operations(string method, string path, string? body, bool admin)
    {
        await EnsureKnownAsync(TestClients.Reader);
        var before = await JournalAsync();
        using var reader = await gateway.ClientForAsync(TestClients.Reader);

        using var response = await reader.SendAsync(new HttpMethod(method), path, body);

        if (admin)
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.Forbidden);
            Assert.Contains("admin", problem.GetProperty("detail").GetString());
            Assert.Equal(before, await JournalAsync());
        }
        else
        {
            // Past authorization: the grain answered (success, or 404 once an earlier row retracted the fact).
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)response.StatusCode < 500,
                $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static TheoryData<string, string?> TokensWithoutAUsableTenant => new()
    {
        { "no client_id", null },
        { "a client_id with a slash", "tenant-a/victim" },
        { "an upper-case client_id", "Tenant-A" },
        { "an empty client_id", "" },
    };

    [Theory]
    [MemberData(nameof(TokensWithoutAUsableTenant))]
    public async Task A_valid_token_without_a_usable_tenant_is_a_403(string why, string? clientId)
    {
        using var client = gateway.ClientWithToken(Tokens.Mint(clientId: clientId));

        using var response = await client.GetAsync($"{PersonasPath}/auth-known");

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{why}: {(int)response.StatusCode}");
        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_minted_token_signed_with_the_configured_key_is_accepted()
    {
        await EnsureKnownAsync();
        using var client = gateway.ClientWithToken(Tokens.Mint());

        using var response = await client.GetAsync($"{PersonasPath}/auth-known");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The persona "auth-known" with fact 1 about bob, in the tenant given (default: "default").</summary>
    private async Task EnsureKnownAsync(string clientId = TestClients.Default)
    {
        using var admin = await gateway.ClientForAsync(clientId == TestClients.Reader ? TestClients.Default : clientId);
        using var hire = await admin.SendAsync(HttpMethod.Post, PersonasPath, Profile("auth-known"));
        if (hire.StatusCode == HttpStatusCode.Created)
            await admin.RememberAsync("auth-known", "bob", Fact());
        if (clientId == TestClients.Reader)
        {
            // The reader is its own tenant: hire its persona through a minted admin token of that tenant.
            using var readerAdmin = gateway.ClientWithToken(Tokens.Mint(clientId: TestClients.Reader));
            using var readerHire = await readerAdmin.SendAsync(HttpMethod.Post, PersonasPath, Profile("auth-known"));
            if (readerHire.StatusCode == HttpStatusCode.Created)
                await readerAdmin.RememberAsync("auth-known", "bob", Fact());
        }
    }

    private Task<string> JournalAsync() => gateway.Database.JournalAsync("persona/");
}
