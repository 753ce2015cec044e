using System.Text.Json;
using EDRS.Actors.Knowledge.Sources;
using EDRS.Actors.Outbound;
using EDRS.Actors.Tools;
using EDRS.Actors.Tools.Invocation;
using EDRS.Actors.Webhooks;
using EDRS.Grains.Contracts.Work;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Http;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Tools;

/// <summary>
/// Tool calls (and webhook deliveries and knowledge-source fetches) never connect to a blocked network (<c>Outbound:BlockedNetworks</c>): by default the link-local range where
/// cloud providers serve instance credentials; here also loopback, configured, against a real HTTP server that must see
/// nothing.
/// </summary>
public sealed class ToolBlockedNetworkTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private Task<TestMember> StartMemberAsync(string? blocked = null) => TestMember.StartAsync(new MemberSpec
    {
        Journal = database.ConnectionString,
        Kinds = MemberKinds.Tools,
        Settings = blocked is null
            ? new Dictionary<string, string?> { ["Tools:CatalogTtl"] = "00:00:00" }
            : new Dictionary<string, string?> { ["Tools:CatalogTtl"] = "00:00:00", ["Outbound:BlockedNetworks"] = blocked },
    });

    private static async Task<ToolCallResult> RegisterAndCallAsync(TestMember member, string name, string url)
    {
        await member.Grains.Tools(Tenant).RegisterToolAsync(new RegisterToolRequest
        {
            RequestId = NewRequestId(),
            Tool = new ToolDefinition { Name = name, Method = "POST", UrlTemplate = url, TimeoutSeconds = 5 },
        });
        return await member.Service<ToolInvoker>().InvokeAsync(
            new ToolInvocation(Tenant, name, JsonDocument.Parse("{}").RootElement, NewRequestId(), DateTimeOffset.UtcNow, "test"), CancellationToken.None);
    }

    [Fact]
    public async Task By_default_the_instance_metadata_address_is_refused_without_a_connection_while_loopback_is_called()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();

        var metadata = await RegisterAndCallAsync(member, "metadata", "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
        var local = await RegisterAndCallAsync(member, "local", $"{server.BaseUrl}/local");

        // Refused, not failed: waiting does not make the address allowed, so a step fails at once rather than retrying.
        Assert.Equal((false, false), (metadata.Succeeded, metadata.Retryable));
        Assert.StartsWith("metadata was not called: ", metadata.Error, StringComparison.Ordinal);
        Assert.Contains("169.254.169.254, in the blocked network 169.254.0.0/16", metadata.Error, StringComparison.Ordinal);
        Assert.True(local.Succeeded, local.Error);
        Assert.Single(server.To("/local"));
    }

    [Fact]
    public async Task A_configured_network_is_refused_by_address_by_name_and_by_ipv6_literal_and_the_server_sees_nothing()
    {
        await using var member = await StartMemberAsync("127.0.0.0/8, ::1/128");
        await using var server = await RecordingHttpServer.StartAsync();

        var byAddress = await RegisterAndCallAsync(member, "by-address", $"{server.BaseUrl}/by-address");
        var byName = await RegisterAndCallAsync(member, "by-name", $"http://localhost:{server.Port}/by-name");
        var byIpv6 = await RegisterAndCallAsync(member, "by-ipv6", $"http://[::1]:{server.Port}/by-ipv6");

        Assert.False(byAddress.Succeeded);
        Assert.Contains("in the blocked network 127.0.0.0/8", byAddress.Error, StringComparison.Ordinal);
        Assert.False(byName.Succeeded);
        Assert.Contains("localhost resolves to", byName.Error, StringComparison.Ordinal);
        Assert.False(byIpv6.Succeeded);
        Assert.Contains("in the blocked network ::1/128", byIpv6.Error, StringComparison.Ordinal);
        Assert.All(new[] { byAddress, byName, byIpv6 }, refused => Assert.False(refused.Retryable, refused.Error));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Webhook_deliveries_and_knowledge_sources_go_through_the_same_guard()
    {
        await using var member = await TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Kinds = MemberKinds.Webhooks | MemberKinds.Knowledge | MemberKinds.Embedding,
            Settings = new Dictionary<string, string?> { ["Outbound:BlockedNetworks"] = "127.0.0.0/8" },
        });
        await using var server = await RecordingHttpServer.StartAsync();
        var clients = member.Service<IHttpClientFactory>();

        foreach (var name in new[] { WebhookSender.HttpClientName, SourceRefresher.HttpClientName })
        {
            using var client = clients.CreateClient(name);
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"{server.BaseUrl}/{name}"));
            Assert.Contains("in the blocked network 127.0.0.0/8", refused.Message, StringComparison.Ordinal);
            Assert.NotNull(OutboundRefusedException.In(refused));
        }
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_setting_that_is_not_a_network_list_stops_the_member_naming_the_variable()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StartMemberAsync("169.254.0.0/16, intranet"));

        Assert.Contains("Outbound__BlockedNetworks", failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("intranet", failure.ToString(), StringComparison.Ordinal);
    }
}
