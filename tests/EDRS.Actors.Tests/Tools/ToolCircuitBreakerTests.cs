using System.Text.Json;
using EDRS.Actors.Tools;
using EDRS.Actors.Tools.Invocation;
using EDRS.Grains.Contracts.Work;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Http;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Tools;

/// <summary>
/// The circuit breaker of each tool (per tenant and tool), against a real HTTP server on loopback that fails and then
/// recovers: consecutive failures open the circuit, an open circuit refuses at once without calling the tool, and after
/// the break one probe call goes through and closes it again. Other tools, and the same tool of another tenant, keep working.
/// </summary>
public sealed class ToolCircuitBreakerTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int Threshold = 3;

    private Task<TestMember> StartMemberAsync() => TestMember.StartAsync(new MemberSpec
    {
        Journal = database.ConnectionString,
        Kinds = MemberKinds.Tools,
        Settings = new Dictionary<string, string?>
        {
            ["Tools:BreakerMinimumThroughput"] = Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tools:BreakerBreakDuration"] = "00:00:01",
            ["Tools:CatalogTtl"] = "00:00:00",
        },
    });

    private static async Task RegisterAsync(TestMember member, string tenant, string name, string url) =>
        await member.Grains.Tools(tenant).RegisterToolAsync(new RegisterToolRequest
        {
            RequestId = NewRequestId(),
            Tool = new ToolDefinition { Name = name, Method = "POST", UrlTemplate = url, TimeoutSeconds = 5 },
        });

    private static Task<ToolCallResult> CallAsync(TestMember member, string tenant, string name) =>
        member.Service<ToolInvoker>().InvokeAsync(
            new ToolInvocation(tenant, name, JsonDocument.Parse("{}").RootElement, NewRequestId(), DateTimeOffset.UtcNow, "test"), CancellationToken.None);

    [Fact]
    public async Task Consecutive_failures_open_the_circuit_which_fails_fast_until_a_probe_after_the_break_succeeds()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var failing = true;
        server.Respond = r => r.Path == "/flaky" && Volatile.Read(ref failing) ? new ScriptedResponse(500, """{"error":"down"}""") : new ScriptedResponse();
        await RegisterAsync(member, Tenant, "flaky", $"{server.BaseUrl}/flaky");
        await RegisterAsync(member, Tenant, "steady", $"{server.BaseUrl}/steady");
        await RegisterAsync(member, "globex", "flaky", $"{server.BaseUrl}/other-tenant");

        for (var i = 0; i < Threshold; i++)
        {
            var failed = await CallAsync(member, Tenant, "flaky");
            Assert.False(failed.Succeeded);
            Assert.True(failed.Retryable);
            Assert.Contains("answered 500", failed.Error, StringComparison.Ordinal);
        }
        var reached = server.To("/flaky").Count;

        var refused = await CallAsync(member, Tenant, "flaky");

        Assert.False(refused.Succeeded);
        Assert.True(refused.Retryable);
        Assert.StartsWith("circuit open for tool flaky", refused.Error, StringComparison.Ordinal);
        Assert.Equal(reached, server.To("/flaky").Count);
        Assert.True((await CallAsync(member, Tenant, "steady")).Succeeded, "another tool of the tenant keeps its own closed circuit");
        Assert.True((await CallAsync(member, "globex", "flaky")).Succeeded, "the same tool name of another tenant keeps its own closed circuit");

        Volatile.Write(ref failing, false);
        var recovered = await Eventually.ValueAsync(() => CallAsync(member, Tenant, "flaky"), r => r.Succeeded, "a probe call after the break to close the circuit");
        Assert.Contains("\"status\":200", recovered.Output, StringComparison.Ordinal);
        Assert.True((await CallAsync(member, Tenant, "flaky")).Succeeded, "the closed circuit lets the next call through");
        Assert.Equal(reached + 2, server.To("/flaky").Count);
    }

    [Fact]
    public async Task A_tool_that_fails_only_sometimes_keeps_its_circuit_closed()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var calls = 0;
        server.Respond = _ => Interlocked.Increment(ref calls) % 2 == 1 ? new ScriptedResponse(503) : new ScriptedResponse();
        await RegisterAsync(member, Tenant, "wobbly", $"{server.BaseUrl}/wobbly");

        var results = new List<ToolCallResult>();
        for (var i = 0; i < Threshold * 3; i++)
            results.Add(await CallAsync(member, Tenant, "wobbly"));

        Assert.DoesNotContain(results, r => r.Error.StartsWith("circuit open", StringComparison.Ordinal));
        Assert.Equal(Threshold * 3, server.To("/wobbly").Count);
    }
}
