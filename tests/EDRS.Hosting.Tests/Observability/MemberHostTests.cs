using System.Net;
using System.Text.Json;
using EDRS.Actors.Personas;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Grains;
using Microsoft.Extensions.DependencyInjection;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Hosting.Tests.Observability;

/// <summary>The member host has the same service defaults as the gateway: probes on its HTTP port, metrics on its own.</summary>
public sealed class MemberHostTests
{
    [Fact]
    public async Task A_member_answers_its_probes_and_serves_grain_journal_and_runtime_metrics()
    {
        await using var database = await TestDatabase.CreateAsync("member_host");
        await using var member = await TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Provider = ClusterProviderKind.Seed,
            ServesHttp = true,
            Settings = new Dictionary<string, string?> { ["Observability:ServiceName"] = "edrs-member" },
        });

        await member.Persona("member-ada").HireAsync(Hire("member-ada"));

        using (var readiness = await member.Http.GetAsync("/health/readiness"))
            Assert.Equal(HttpStatusCode.OK, readiness.StatusCode);
        using var metrics = new HttpClient();
        using (var detail = await metrics.GetAsync(new Uri(member.MetricsUri, "/health/readiness")))
        {
            var checks = JsonDocument.Parse(await detail.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
            Assert.Equal("Healthy", checks.GetProperty("cluster").GetProperty("status").GetString());
        }
        using (var startup = await member.Http.GetAsync("/health/startup"))
            Assert.Equal(HttpStatusCode.OK, startup.StatusCode);

        var text = await metrics.GetStringAsync(member.MetricsUri);
        var names = PrometheusText.Names(text);
        Assert.Contains("edrs_grain_activations_total", names);
        Assert.Contains("edrs_journal_append_duration_milliseconds_bucket", names);
        Assert.Contains("dotnet_gc_heap_total_allocated_bytes_total", names);
        Assert.True(PrometheusText.Sum(text, "edrs_grain_call_duration_milliseconds_count", "kind=\"persona\"", "status=\"OK\"") >= 1);
        Assert.Contains("service_name=\"edrs-member\"", text.Split('\n').Single(l => l.StartsWith("target_info", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
