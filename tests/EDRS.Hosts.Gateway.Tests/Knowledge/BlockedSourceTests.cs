using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using EDRS.Testing.Http;
using static EDRS.Testing.Gateway.KnowledgeRequests;

namespace EDRS.Hosts.Gateway.Tests.Knowledge;

/// <summary>
/// A source whose host resolves only into a blocked network (<c>Outbound__BlockedNetworks</c>) is never fetched, and its
/// refresh fails at its first attempt naming the network: retrying would not make the address allowed.
/// </summary>
public sealed class BlockedSourceTests(BlockedSourceGateway gateway) : IClassFixture<BlockedSourceGateway>
{
    [Fact]
    public async Task A_source_in_a_blocked_network_fails_at_once_and_is_never_fetched()
    {
        await using var source = await RecordingHttpServer.StartAsync();
        var client = gateway.Client;
        await client.CreateCollectionAsync("facilities", allowedSources: [$"{source.BaseUrl}/docs"]);
        var uri = $"{source.BaseUrl}/docs/parking.md";

        await client.PublishAsync(SourceChanged("facilities", uri));

        var refresh = await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"{CollectionsPath}/facilities/refreshes")).GetProperty("items").EnumerateArray()
                .FirstOrDefault(r => r.GetProperty("sourceUri").GetString() == uri),
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("status").GetString() != "pending", $"the refresh of {uri} to end", TimeSpan.FromSeconds(60));
        Assert.Equal(("failed", 1), (refresh.GetProperty("status").GetString(), refresh.GetProperty("attempts").GetInt32()));
        Assert.Contains("in the blocked network 127.0.0.0/8 (Outbound__BlockedNetworks): the call was not made", refresh.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(source.Requests);
    }
}
