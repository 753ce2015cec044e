using System.Collections.Concurrent;
using System.Diagnostics;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Tests.Observability;

public sealed class SamplingAndExportTests
{
    [Fact]
    public async Task Outside_development_the_configured_ratio_decides_which_traces_are_recorded()
    {
        await using var database = await TestDatabase.CreateAsync("sampling");
        await using (var none = await StartGatewayAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Observability:TraceSampleRatio"] = "0",
        }))
        {
            await none.Client.HireAsync("sampled-none");
            await Task.Delay(300);
            Assert.DoesNotContain(none.Spans.Snapshot(), s => s.Source.Name == GrainTracing.SourceName);
        }

        await using var all = await StartGatewayAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Observability:TraceSampleRatio"] = "1",
        });
        await all.Client.HireAsync("sampled-all");
        await all.Spans.WaitForAsync(s => s.DisplayName == "persona.Hire" && s.Kind == ActivityKind.Server, "persona.Hire at ratio 1");
    }

    [Fact]
    public async Task Traces_go_to_the_OTLP_endpoint_named_by_OTEL_EXPORTER_OTLP_ENDPOINT()
    {
        var received = new ConcurrentQueue<string>();
        var port = FreePorts.Next();
        // No configuration sources: the test's output folder holds the gateway's appsettings and their Kestrel endpoints.
        var collector = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        collector.WebHost.UseKestrelCore().UseUrls($"http://127.0.0.1:{port}");
        collector.Services.AddRoutingCore();
        await using var receiver = collector.Build();
        // An OTLP/HTTP receiver: an empty 200 is a valid Export*ServiceResponse.
        receiver.MapPost("/v1/{signal}", (HttpContext context, string signal) =>
        {
            received.Enqueue(signal);
            return Results.Ok();
        });
        await receiver.StartAsync();

        await using var database = await TestDatabase.CreateAsync("otlp");
        await using var gateway = await StartGatewayAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        await gateway.Client.HireAsync("exported-ada");

        await Eventually.TrueAsync(() => received.Contains("traces"), "traces reach the OTLP endpoint", TimeSpan.FromSeconds(10));
        await receiver.StopAsync();
    }

    [Fact]
    public async Task Invalid_observability_settings_stop_the_host_naming_the_variable_to_set()
    {
        await using var database = await TestDatabase.CreateAsync("obs_options");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StartGatewayAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Observability:TraceSampleRatio"] = "1.5",
            ["Observability:MetricsPort"] = "70000",
        }));

        var validation = Assert.Single(Flatten(failure).OfType<OptionsValidationException>());
        Assert.Equal(typeof(EDRS.Hosting.Observability.ObservabilityOptions), validation.OptionsType);
        Assert.Contains(validation.Failures, f => f.Contains("Observability__TraceSampleRatio", StringComparison.Ordinal));
        Assert.Contains(validation.Failures, f => f.Contains("Observability__MetricsPort", StringComparison.Ordinal));
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : exception.InnerException is { } one ? [one] : [];
        foreach (var child in inner.SelectMany(Flatten))
            yield return child;
    }

    /// <summary>The real gateway on <paramref name="journal"/>, its spans recorded.</summary>
    private static Task<GatewayFixture> StartGatewayAsync(string journal, IReadOnlyDictionary<string, string?>? settings = null) =>
        GatewayFixture.StartAsync(new GatewayOptions { Journal = journal, RecordsSpans = true, Settings = settings ?? new Dictionary<string, string?>() });
}
