using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EDRS.Testing.Gateway;
using Xunit.Abstractions;

namespace EDRS.Attacks.Tests.Auth;

/// <summary>
/// <c>POST /api/v1/auth/token</c> against someone guessing: guesses are limited per client id and caller address, so they
/// cannot lock the real client out from elsewhere, and nothing in a refusal tells a configured client id from an unknown one.
/// </summary>
public sealed class TokenEndpointAttackTests(KestrelAuthGateway gateway, ITestOutputHelper output) : IClassFixture<KestrelAuthGateway>
{
    private const string TokenPath = "/api/v1/auth/token";

    [Fact]
    public async Task Bad_tries_from_one_address_do_not_lock_the_client_out_on_another()
    {
        using var attacker = LoopbackCaller.From(gateway, "127.0.0.2");
        using var owner = LoopbackCaller.From(gateway, "127.0.0.3");

        var attempts = 0;
        HttpStatusCode status;
        do
        {
            using var guess = await attacker.PostAsync(TokenPath, Form(TestClients.MeteredA, $"guess-{attempts}"));
            status = guess.StatusCode;
            attempts++;
        }
        while (status == HttpStatusCode.Unauthorized && attempts < 30);
        using var real = await owner.PostAsync(TokenPath, Form(TestClients.MeteredA, TestClients.Secret));

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        var body = await real.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
    }

    [Fact]
    public async Task The_attacker_stays_limited_on_its_own_address()
    {
        using var attacker = LoopbackCaller.From(gateway, "127.0.0.5");
        for (var i = 0; i < 30; i++)
        {
            using var guess = await attacker.PostAsync(TokenPath, Form(TestClients.MeteredC, $"guess-{i}"));
            if (guess.StatusCode == HttpStatusCode.TooManyRequests)
                break;
        }

        using var again = await attacker.PostAsync(TokenPath, Form(TestClients.MeteredC, TestClients.Secret));

        await again.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(again.Headers.RetryAfter is not null, "a refused guess says when to retry");
    }

    [Fact]
    public async Task A_known_and_an_unknown_client_id_get_identical_refusals()
    {
        using var prober = LoopbackCaller.From(gateway, "127.0.0.4");
        // Earlier probes of other unknown ids, as an enumerating attacker makes them.
        foreach (var ghost in new[] { "ghost-1", "ghost-2" })
            (await prober.PostAsync(TokenPath, Form(ghost, "guess"))).Dispose();

        using var known = await prober.PostAsync(TokenPath, Form(TestClients.MeteredB, "wrong-secret"));
        using var unknown = await prober.PostAsync(TokenPath, Form("ghost-3", "wrong-secret"));

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(Headers(known), Headers(unknown));
        Assert.Equal(await BodyAsync(known), await BodyAsync(unknown));
    }

    /// <summary>Reported, not asserted: the time of a refusal for a known and for an unknown client id (medians of 20).</summary>
    [Fact]
    public async Task Refusal_times_of_known_and_unknown_client_ids_are_reported()
    {
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            // A fresh address per pair keeps both inside the limit.
            using var caller = LoopbackCaller.From(gateway, $"127.0.1.{i + 1}");
            known.Add(await TimeAsync(caller, TestClients.Pro));
            unknown.Add(await TimeAsync(caller, $"nobody-{i}"));
        }

        var (knownMs, unknownMs) = (Median(known), Median(unknown));
        output.WriteLine($"RESULT token_refusal_known_ms={knownMs:0.00} token_refusal_unknown_ms={unknownMs:0.00}");
        Assert.True(knownMs > 0 && unknownMs > 0);
    }

    private static async Task<double> TimeAsync(HttpClient caller, string clientId)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await caller.PostAsync(TokenPath, Form(clientId, "wrong-secret"));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return elapsed;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Every response header but Date and X-Request-ID (which name the response, not the client), as name: values.</summary>
    private static string Headers(HttpResponseMessage response) => string.Join("\n", response.Headers.Concat(response.Content.Headers)
        .Where(h => h.Key is not ("Date" or "X-Request-ID"))
        .OrderBy(h => h.Key, StringComparer.Ordinal)
        .Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));

    /// <summary>The body without its trace id, which names the request, not the client.</summary>
    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("traceId");
        return body.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static FormUrlEncodedContent Form(string clientId, string secret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = clientId,
        ["client_secret"] = secret,
    });
}
