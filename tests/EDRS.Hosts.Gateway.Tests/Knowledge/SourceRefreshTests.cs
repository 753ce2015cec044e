using System.Net;
using System.Text.Json;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using EDRS.Testing.Http;
using Grpc.Core;
using static EDRS.Testing.Gateway.KnowledgeRequests;

namespace EDRS.Hosts.Gateway.Tests.Knowledge;

/// <summary>
/// Inbound <c>knowledge.*</c> events re-ingest a source the collection allows: the gateway fetches it from a real HTTP
/// server, ingests it (real embedding model, real journal) and records the outcome, which the REST API lists.
/// </summary>
public sealed class SourceRefreshTests(SourceRefreshGateway gateway) : IClassFixture<SourceRefreshGateway>, IAsyncLifetime
{
    private const string FirstVersion = "# Parking\n\nVisitors park on level two of the north garage and sign in at the front desk.\n";
    private const string SecondVersion = "# Parking\n\nVisitors now park in the south lot behind the cafeteria; the north garage is closed for repairs.\n";

    private RecordingHttpServer _source = null!;
    private string _page = FirstVersion;

    public async Task InitializeAsync()
    {
        _source = await RecordingHttpServer.StartAsync();
        _source.Respond = request => request.Path switch
        {
            "/docs/parking.md" => new ScriptedResponse(Body: _page, ContentType: "text/markdown"),
            "/docs/missing.md" => new ScriptedResponse(404, "{}"),
            "/docs/flaky.md" when _source.To("/docs/flaky.md").Count == 1 => new ScriptedResponse(503, "{}"),
            "/docs/flaky.md" => new ScriptedResponse(Body: "# Badges\n\nLost badges are replaced by security within one working day.\n", ContentType: "text/markdown"),
            _ => new ScriptedResponse(Body: "# Private\n\nThe payroll run happens on the 25th.\n", ContentType: "text/markdown"),
        };
    }

    public async Task DisposeAsync() => await _source.DisposeAsync();

    [Fact]
    public async Task An_event_about_an_allowed_source_ingests_it_and_later_events_update_it_or_change_nothing()
    {
        var client = gateway.Client;
        await client.CreateCollectionAsync("facilities", allowedSources: [$"{_source.BaseUrl}/docs"]);
        var uri = $"{_source.BaseUrl}/docs/parking.md";

        await client.PublishAsync(SourceChanged("facilities", uri, tags: ["visitors"]));
        var added = await FinishedAsync(client, "facilities", uri, requestsBefore: 0);
        var first = await client.SearchAsync("facilities", "where do visitors park");
        _page = SecondVersion;
        await client.PublishAsync(SourceChanged("facilities", uri));
        var updated = await FinishedAsync(client, "facilities", uri, requestsBefore: 1);
        var second = await client.SearchAsync("facilities", "where do visitors park");
        await client.PublishAsync(SourceChanged("facilities", uri));
        var unchanged = await FinishedAsync(client, "facilities", uri, requestsBefore: 2);
        var document = await client.GetJsonAsync($"{CollectionsPath}/facilities/documents/{added.GetProperty("documentId").GetString()}");

        Assert.Equal(("done", "added", 1L), Outcome(added));
        Assert.Contains("north garage", first[0].GetProperty("text").GetString());
        Assert.Equal(("done", "updated", 2L), Outcome(updated));
        Assert.Contains("south lot", second[0].GetProperty("text").GetString());
        Assert.DoesNotContain(second, hit => hit.GetProperty("text").GetString()!.Contains("level two", StringComparison.Ordinal));
        Assert.Equal(("done", "unchanged", 2L), Outcome(unchanged));
        Assert.Equal(uri, document.GetProperty("sourceUri").GetString());
        Assert.Equal(["visitors"], document.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Sources_the_collection_does_not_allow_and_other_tenants_collections_are_never_fetched()
    {
        var client = gateway.Client;
        var other = await gateway.ClientForAsync(TestClients.TenantB);
        await client.CreateCollectionAsync("restricted", allowedSources: [$"{_source.BaseUrl}/docs"]);
        var outside = $"{_source.BaseUrl}/docs-private/payroll.md";
        var fromOtherTenant = $"{_source.BaseUrl}/docs/other-tenant.md";
        var allowed = $"{_source.BaseUrl}/docs/parking.md";

        var refused = await client.PublishAsync(SourceChanged("restricted", outside));
        var foreign = await other.PublishAsync(SourceChanged("restricted", fromOtherTenant));
        await client.PublishAsync(SourceChanged("restricted", allowed));
        await FinishedAsync(client, "restricted", allowed, requestsBefore: 0);
        var listed = await RefreshesAsync(client, "restricted");

        Assert.False(string.IsNullOrEmpty(refused.GetProperty("eventId").GetString()));
        Assert.False(string.IsNullOrEmpty(foreign.GetProperty("eventId").GetString()));
        Assert.Empty(_source.To("/docs-private/payroll.md"));
        Assert.Empty(_source.To("/docs/other-tenant.md"));
        Assert.Equal([allowed], listed.Select(r => r.GetProperty("sourceUri").GetString()));
    }

    [Fact]
    public async Task A_source_that_fails_for_a_while_is_retried_and_one_that_is_gone_fails_at_once()
    {
        var client = gateway.Client;
        await client.CreateCollectionAsync("security", allowedSources: [$"{_source.BaseUrl}/docs/"]);
        var flaky = $"{_source.BaseUrl}/docs/flaky.md";
        var missing = $"{_source.BaseUrl}/docs/missing.md";

        await client.PublishAsync(SourceChanged("security", flaky));
        await client.PublishAsync(SourceChanged("security", missing));
        var recovered = await FinishedAsync(client, "security", flaky, requestsBefore: 0);
        var gone = await FinishedAsync(client, "security", missing, requestsBefore: 0);
        var hits = await client.SearchAsync("security", "how fast is a lost badge replaced");

        Assert.Equal(("done", "added", 1L), Outcome(recovered));
        Assert.Equal(2, recovered.GetProperty("attempts").GetInt32());
        Assert.Equal("failed", gone.GetProperty("status").GetString());
        Assert.Equal(1, gone.GetProperty("attempts").GetInt32());
        Assert.Equal("the source answered 404", gone.GetProperty("lastError").GetString());
        Assert.Contains("one working day", hits[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Grpc_lists_the_same_refreshes_and_names_a_bad_limit()
    {
        var client = gateway.Client;
        await client.CreateCollectionAsync("grpc-sources", allowedSources: [$"{_source.BaseUrl}/docs"]);
        var uri = $"{_source.BaseUrl}/docs/parking.md";
        await client.PublishAsync(SourceChanged("grpc-sources", uri));
        var rest = await FinishedAsync(client, "grpc-sources", uri, requestsBefore: 0);
        using var channel = gateway.OpenGrpcChannel();
        var knowledge = new KnowledgeBase.KnowledgeBaseClient(await gateway.GrpcForAsync(channel, TestClients.Default));

        var page = await knowledge.ListSourceRefreshesAsync(new ListSourceRefreshesRequest { CollectionId = "grpc-sources" });
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            knowledge.ListSourceRefreshesAsync(new ListSourceRefreshesRequest { CollectionId = "grpc-sources", Limit = 500 }).ResponseAsync);

        var listed = Assert.Single(page.Refreshes);
        Assert.Equal((uri, "done", rest.GetProperty("outcome").GetString(), rest.GetProperty("documentId").GetString()),
            (listed.SourceUri, listed.Status, listed.Outcome, listed.DocumentId));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("limit", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_of_refreshes_validates_its_paging_and_knows_only_existing_collections()
    {
        var client = gateway.Client;
        await client.CreateCollectionAsync("paging", allowedSources: [$"{_source.BaseUrl}/docs"]);

        using var badLimit = await client.GetAsync($"{CollectionsPath}/paging/refreshes?limit=0");
        using var badCursor = await client.GetAsync($"{CollectionsPath}/paging/refreshes?cursor=not-ours");
        using var unknown = await client.GetAsync($"{CollectionsPath}/no-such-collection/refreshes");

        var limitProblem = await badLimit.ReadProblemAsync(HttpStatusCode.BadRequest);
        var cursorProblem = await badCursor.ReadProblemAsync(HttpStatusCode.BadRequest);
        await unknown.ReadProblemAsync(HttpStatusCode.NotFound);

        Assert.True(limitProblem.GetProperty("errors").TryGetProperty("limit", out _), limitProblem.ToString());
        Assert.True(cursorProblem.GetProperty("errors").TryGetProperty("cursor", out _), cursorProblem.ToString());
    }

    /// <summary>The source's entry once a request made after <paramref name="requestsBefore"/> earlier ones has finished.</summary>
    private async Task<JsonElement> FinishedAsync(HttpClient client, string collectionId, string sourceUri, int requestsBefore)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var entry = (await RefreshesAsync(client, collectionId)).FirstOrDefault(r => r.GetProperty("sourceUri").GetString() == sourceUri);
            var fetches = _source.To(new Uri(sourceUri).AbsolutePath).Count;
            if (entry.ValueKind != JsonValueKind.Object || entry.GetProperty("status").GetString() == "pending" || fetches <= requestsBefore)
                return false;
            found = entry;
            return true;
        }, $"the re-ingest of {sourceUri} to finish", TimeSpan.FromSeconds(60));
        return found;
    }

    private static async Task<JsonElement[]> RefreshesAsync(HttpClient client, string collectionId) =>
        [.. (await client.GetJsonAsync($"{CollectionsPath}/{collectionId}/refreshes")).GetProperty("items").EnumerateArray()];

    private static (string?, string?, long) Outcome(JsonElement entry) =>
        (entry.GetProperty("status").GetString(), entry.GetProperty("outcome").GetString(), entry.GetProperty("version").GetInt64());
}
