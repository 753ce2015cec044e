using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;

namespace EDRS.Hosting.Tests.Observability;

public sealed class LogTests
{
    private static readonly string[] Fields = ["timestamp", "level", "service", "trace_id", "span_id", "client_id", "request_id", "message"];

    [Fact]
    public async Task Every_line_is_one_JSON_object_with_every_field_and_its_ids_are_those_of_the_active_span()
    {
        const string factText = "Keeps a spare key under the blue flowerpot";
        await using var database = await TestDatabase.CreateAsync("logs");
        using var console = ConsoleCapture.Start();
        await using var gateway = await StartGatewayAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:LogLevel:Proto"] = "Warning",
            ["Logging:LogLevel:Marten"] = "Warning",
            ["Logging:LogLevel:Npgsql"] = "Warning",
        });
        console.Release();

        await gateway.Client.HireAsync("logs-ada", requestId: "req-hire-1");
        using (var response = await gateway.Client.PostJsonAsync($"{Api.PersonasPath}/logs-ada/people/bob/facts", new { kind = "note", text = factText }, "req-fact-2"))
        {
            await response.ReadJsonAsync(System.Net.HttpStatusCode.Created);
            Assert.Equal("req-fact-2", Assert.Single(response.Headers.GetValues("X-Request-Id")));
        }

        // The gateway's own line for the fact request (category EDRS.Requests), and the grain's line from its
        // activation during the hire (category EDRS.Grains, written inside the actor, on the grain span).
        var requestLine = await WaitForLineAsync(console, l => Category(l) == "EDRS.Requests" && Field(l, "request_id") == "req-fact-2");
        var grainLine = await WaitForLineAsync(console, l => Category(l) == "EDRS.Grains" && Field(l, "request_id") == "req-hire-1");

        var jsonLines = console.Lines.Where(l => l.StartsWith('{')).ToList();
        Assert.True(jsonLines.Count >= 2);
        foreach (var line in jsonLines)
        {
            using var document = JsonDocument.Parse(line);
            var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(Fields, names.Take(Fields.Length));
            var timestamp = document.RootElement.GetProperty("timestamp").GetString()!;
            Assert.True(DateTimeOffset.TryParseExact(timestamp, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at), timestamp);
            Assert.Equal(TimeSpan.Zero, at.Offset);
            Assert.Equal("edrs-gateway", document.RootElement.GetProperty("service").GetString());
        }

        // trace_id / span_id are the span that was active when the line was written.
        var httpSpan = await gateway.Spans.WaitForAsync(s => s.TraceId.ToHexString() == Field(requestLine, "trace_id")
            && s.SpanId.ToHexString() == Field(requestLine, "span_id"), "the request line's span");
        Assert.Equal("Microsoft.AspNetCore", httpSpan.Source.Name);
        Assert.Equal("/api/v1/personas/{personaId}/people/{personId}/facts", httpSpan.GetTagItem("http.route"));
        Assert.Equal("debug", Field(requestLine, "level"));
        // The client is the token's client_id claim, read when the line was written (after authentication).
        Assert.Equal(TestClients.Default, Field(requestLine, "client_id"));
        Assert.Contains("/api/v1/personas/{personaId}/people/{personId}/facts", Field(requestLine, "message"));

        var grainSpan = await gateway.Spans.WaitForAsync(s => s.TraceId.ToHexString() == Field(grainLine, "trace_id")
            && s.SpanId.ToHexString() == Field(grainLine, "span_id"), "the grain line's span");
        Assert.Equal("persona.Hire", grainSpan.DisplayName);
        Assert.Equal(ActivityKind.Server, grainSpan.Kind);
        // The grain's client is the tenant of its identity; the request id came with the request, across the actor boundary.
        Assert.Equal(TestClients.Default, Field(grainLine, "client_id"));

        // Personal data stays out of the logs.
        Assert.DoesNotContain(factText, console.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("flowerpot", console.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(gateway.Token, console.Text, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForLineAsync(ConsoleCapture console, Func<string, bool> match)
    {
        try
        {
            var line = await Eventually.ValueAsync(() => Task.FromResult(console.Lines.FirstOrDefault(l => l.StartsWith('{') && match(l))),
                l => l is not null, "the log line is written", TimeSpan.FromSeconds(10));
            return line!;
        }
        catch (TimeoutException late)
        {
            throw new TimeoutException($"{late.Message} Captured:\n{console.Text}", late);
        }
    }

    private static string? Category(string line) => Field(line, "category");

    private static string? Field(string line, string name)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>The real gateway on <paramref name="journal"/>, its spans recorded.</summary>
    private static Task<GatewayFixture> StartGatewayAsync(string journal, IReadOnlyDictionary<string, string?>? settings = null) =>
        GatewayFixture.StartAsync(new GatewayOptions { Journal = journal, RecordsSpans = true, Settings = settings ?? new Dictionary<string, string?>() });
}
