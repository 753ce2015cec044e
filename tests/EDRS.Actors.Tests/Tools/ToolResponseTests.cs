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
/// What a tool's answer becomes in the call's output, against a real HTTP server on loopback: JSON is kept as JSON, other
/// text as text, and a body longer than <c>Tools:MaxResponseBytes</c> is cut at the limit and marked, never parsed.
/// </summary>
public sealed class ToolResponseTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int Limit = 1_024;

    [Fact]
    public async Task Json_is_kept_as_json_text_as_text_and_a_body_past_the_limit_is_cut_and_marked()
    {
        await using var member = await TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Kinds = MemberKinds.Tools,
            Settings = new Dictionary<string, string?> { ["Tools:MaxResponseBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
        await using var server = await RecordingHttpServer.StartAsync();
        var exactly = $$"""{"pad":"{{new string('x', Limit - 10)}}"}""";
        server.Respond = r => r.Path switch
        {
            "/json" => new ScriptedResponse(Body: """{"ticket":"T-5","tags":["a","b"]}"""),
            "/exactly" => new ScriptedResponse(Body: exactly),
            "/text" => new ScriptedResponse(Body: "plain words", ContentType: "text/plain"),
            "/long-json" => new ScriptedResponse(Body: $$"""{"pad":"{{new string('y', 3 * Limit)}}"}"""),
            _ => new ScriptedResponse(404, "{}"),
        };
        foreach (var name in new[] { "json", "exactly", "text", "long-json" })
        {
            await member.Grains.Tools(Tenant).RegisterToolAsync(new RegisterToolRequest
            {
                RequestId = NewRequestId(),
                Tool = new ToolDefinition { Name = name, Method = "POST", UrlTemplate = $"{server.BaseUrl}/{name}", TimeoutSeconds = 5 },
            });
        }

        var json = await BodyOfAsync(member, "json");
        var atLimit = await BodyOfAsync(member, "exactly");
        var text = await BodyOfAsync(member, "text");
        var cut = await BodyOfAsync(member, "long-json");

        Assert.Equal("T-5", json.GetProperty("ticket").GetString());
        Assert.Equal(2, json.GetProperty("tags").GetArrayLength());
        Assert.Equal(Limit, System.Text.Encoding.UTF8.GetByteCount(exactly));
        Assert.Equal(Limit - 10, atLimit.GetProperty("pad").GetString()!.Length);
        Assert.Equal("plain words", text.GetString());
        Assert.Equal(JsonValueKind.String, cut.ValueKind);
        Assert.EndsWith($"… (cut at {Limit} bytes)", cut.GetString(), StringComparison.Ordinal);
        Assert.Equal($$"""{"pad":"{{new string('y', Limit - 8)}}""", cut.GetString()![..Limit]);
    }

    private static async Task<JsonElement> BodyOfAsync(TestMember member, string tool)
    {
        var result = await member.Service<ToolInvoker>().InvokeAsync(
            new ToolInvocation(Tenant, tool, JsonDocument.Parse("{}").RootElement, NewRequestId(), DateTimeOffset.UtcNow, "test"), CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        using var output = JsonDocument.Parse(result.Output);
        return output.RootElement.GetProperty("body").Clone();
    }
}
