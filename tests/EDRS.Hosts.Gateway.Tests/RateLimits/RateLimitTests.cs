using System.Globalization;
using System.Net;
using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.RateLimits;

/// <summary>Token buckets per client and tier on the REST facade (each test uses a client of its own).</summary>
public sealed class RateLimitTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string Path = $"{Api.PersonasPath}/rate-nobody";

    [Fact]
    public async Task A_standard_client_gets_a_burst_of_10_then_429_with_Retry_After_and_the_headers_on_every_response()
    {
        using var client = await gateway.ClientForAsync(TestClients.MeteredA);
        await client.GetAsync(Path); // the grain activates; later calls are quick
        var remaining = new List<int>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 15 && refused is null; i++)
        {
            var response = await client.GetAsync(Path);
            Assert.Equal("60", Header(response, "X-RateLimit-Limit"));
            Assert.True(int.Parse(Header(response, "X-RateLimit-Reset"), CultureInfo.InvariantCulture) is >= 1 and <= 10);
            remaining.Add(int.Parse(Header(response, "X-RateLimit-Remaining"), CultureInfo.InvariantCulture));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                refused = response;
            else
                response.Dispose();
        }

        Assert.NotNull(refused);
        using (refused)
        {
            var problem = await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.Contains("rate limit", problem.GetProperty("detail").GetString());
            var retryAfter = refused.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
            Assert.Equal(0, remaining[^1]);
        }
        // The first call took one token, so at most 9 (plus what refilled meanwhile, about one a second) passed.
        Assert.InRange(remaining.Count - 1, 8, 11);
        Assert.Equal(remaining.Take(remaining.Count - 1), remaining.Take(remaining.Count - 1).OrderDescending());
    }

    [Fact]
    public async Task After_Retry_After_seconds_the_client_may_call_again()
    {
        using var client = await gateway.ClientForAsync(TestClients.MeteredB);
        HttpResponseMessage response;
        do
        {
            response = await client.GetAsync(Path);
        }
        while (response.StatusCode != HttpStatusCode.TooManyRequests);
        var wait = response.Headers.RetryAfter!.Delta!.Value;
        response.Dispose();

        await Task.Delay(wait);
        using var again = await client.GetAsync(Path);

        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Buckets_are_per_client_one_exhausted_client_does_not_slow_another()
    {
        using var first = await gateway.ClientForAsync(TestClients.MeteredC);
        using var second = await gateway.ClientForAsync(TestClients.MeteredD);
        HttpStatusCode status;
        do
        {
            using var response = await first.GetAsync(Path);
            status = response.StatusCode;
        }
        while (status != HttpStatusCode.TooManyRequests);

        using var other = await second.GetAsync(Path);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("9", Header(other, "X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task The_tier_comes_from_the_token()
    {
        using var pro = await gateway.ClientForAsync(TestClients.Pro);

        using var response = await pro.GetAsync(Path);

        Assert.Equal("300", Header(response, "X-RateLimit-Limit"));
        Assert.Equal("29", Header(response, "X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task A_standard_client_may_have_5_calls_in_flight_and_the_6th_is_refused_at_once()
    {
        using var client = await gateway.ClientForAsync(TestClients.MeteredE);
        Task<HttpResponseMessage>[] inFlight;
        HttpResponseMessage sixth;
        await using (await JournalLock.TakeAsync(gateway))
        {
            // PersonasPath never called before: each waits on the locked journal to recover.
            inFlight = [.. Enumerable.Range(0, 5).Select(i => client.GetAsync($"{Api.PersonasPath}/in-flight-{i}"))];
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.All(inFlight, call => Assert.False(call.IsCompleted));
            sixth = await client.GetAsync($"{Api.PersonasPath}/in-flight-6");
        }

        using (sixth)
        {
            await sixth.ReadProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.Equal("1", sixth.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var call in inFlight)
        {
            using var response = await call;
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Unmetered_endpoints_carry_no_rate_limit_headers()
    {
        using var response = await gateway.Anonymous.GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-RateLimit-Limit"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"No {name} header on {(int)response.StatusCode}.");
}
