using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using EDRS.Testing.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static EDRS.Testing.Gateway.KnowledgeRequests;

namespace EDRS.Hosts.Gateway.Tests.Knowledge;

/// <summary>
/// The knowledge REST API on the development gateway (every kind in-process, the real embedding model, a real journal):
/// collections, documents as JSON and as file uploads, search with citations, removal, limits, roles and tenancy.
/// </summary>
public sealed class KnowledgeApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_document_goes_in_as_json_is_found_with_its_citation_and_comes_out_again()
    {
        var client = gateway.Client;
        await client.CreateCollectionAsync("handbook");

        using var created = await client.AddDocumentAsync("handbook", SampleDocuments.LeavePolicyMarkdown, tags: ["hr"]);
        var ack = await created.ReadJsonAsync(HttpStatusCode.Created);
        using var again = await client.AddDocumentAsync("handbook", SampleDocuments.LeavePolicyMarkdown, tags: ["hr"]);
        var unchanged = await again.ReadJsonAsync(HttpStatusCode.OK);
        var hits = await client.SearchAsync("handbook", "How many days of vacation do I get per year?");
        var documentId = ack.GetProperty("documentId").GetString()!;
        var document = await client.GetJsonAsync($"{CollectionsPath}/handbook/documents/{documentId}");

        Assert.Equal(1, ack.GetProperty("version").GetInt64());
        Assert.True(ack.GetProperty("chunks").GetInt32() >= 1);
        Assert.Equal("Annual leave policy", ack.GetProperty("title").GetString());
        Assert.True(unchanged.GetProperty("unchanged").GetBoolean());
        var best = hits[0];
        Assert.Equal(["documentId", "title", "chunkId", "text", "score", "start", "end", "version"], best.PropertyNames());
        Assert.Equal(documentId, best.GetProperty("documentId").GetString());
        Assert.Contains(SampleDocuments.LeaveSentence, best.GetProperty("text").GetString());
        Assert.StartsWith($"{documentId}:1:", best.GetProperty("chunkId").GetString());
        Assert.True(best.GetProperty("end").GetInt32() > best.GetProperty("start").GetInt32());
        Assert.Equal(["hr"], document.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("text/markdown", document.GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task A_pdf_uploaded_as_a_file_is_cited_with_its_page()
    {
        var client = gateway.Client;
        await client.CreateCollectionAsync("benefits");

        using var uploaded = await client.UploadDocumentAsync("benefits", SampleDocuments.BenefitsPdf(), "benefits-guide.pdf", "application/pdf", tags: "hr,benefits");
        var ack = await uploaded.ReadJsonAsync(HttpStatusCode.Created);
        var hits = await client.SearchAsync("benefits", "When does dental cover start?", k: 3, tags: "benefits");
        var none = await client.SearchAsync("benefits", "When does dental cover start?", k: 3, tags: "finance");

        Assert.Equal("Benefits guide", ack.GetProperty("title").GetString());
        Assert.Equal(2, hits[0].GetProperty("page").GetInt32());
        Assert.Contains(SampleDocuments.PdfPageTwoSentence, hits[0].GetProperty("text").GetString());
        Assert.Empty(none);
    }

    [Fact]
    public async Task Html_as_json_and_plain_text_as_a_file_are_found_with_their_main_text_only()
    {
        var client = gateway.Client;
        await client.CreateCollectionAsync("operations");

        using var html = await client.AddDocumentAsync("operations", SampleDocuments.OnCallHtml, "on-call", "text/html");
        using var text = await client.UploadDocumentAsync("operations", Encoding.UTF8.GetBytes(SampleDocuments.ExpensesText), "expenses.txt", documentId: "expenses");
        await html.ReadJsonAsync(HttpStatusCode.Created);
        await text.ReadJsonAsync(HttpStatusCode.Created);
        var onCall = await client.SearchAsync("operations", "how fast must the engineer on call respond to a page");
        var hotel = await client.SearchAsync("operations", "hotel reimbursement limit per night");

        Assert.Equal(("on-call", "On-call policy"), (onCall[0].GetProperty("documentId").GetString(), onCall[0].GetProperty("title").GetString()));
        Assert.Contains(SampleDocuments.OnCallSentence, onCall[0].GetProperty("text").GetString());
        Assert.DoesNotContain(onCall, h => h.GetProperty("text").GetString()!.Contains("not content", StringComparison.Ordinal));
        Assert.Equal("expenses", hotel[0].GetProperty("documentId").GetString());
        Assert.Contains(SampleDocuments.ExpenseSentence, hotel[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_search_through_the_api_during_a_replacement_sees_one_version_never_a_mix()
    {
        var client = gateway.Client;
        await client.CreateCollectionAsync("rotations", shards: 1);
        var first = await (await client.AddDocumentAsync("rotations", SampleDocuments.Long("alpha", 60), "rotation")).ReadJsonAsync(HttpStatusCode.Created);
        Assert.True(first.GetProperty("chunks").GetInt32() >= 10, "too few chunks to catch a half-swapped state");

        using var replaced = new CancellationTokenSource();
        var seen = new List<HashSet<long>>();
        var searching = Task.Run(async () =>
        {
            while (!replaced.IsCancellationRequested)
            {
                var hits = await client.SearchAsync("rotations", "rotation schedule of the team", k: 20);
                seen.Add([.. hits.Select(h => h.GetProperty("version").GetInt64())]);
            }
        });
        var second = await (await client.AddDocumentAsync("rotations", SampleDocuments.Long("beta", 60), "rotation")).ReadJsonAsync(HttpStatusCode.Created);
        var after = await client.SearchAsync("rotations", "rotation schedule of the team", k: 20);
        await replaced.CancelAsync();
        await searching;

        Assert.Equal(2, second.GetProperty("version").GetInt64());
        Assert.All(seen, versions => Assert.Single(versions));
        Assert.All(after, h => Assert.Contains("beta", h.GetProperty("text").GetString()));
        Assert.NotEmpty(seen);
    }

    [Fact]
    public async Task A_deleted_document_is_gone_from_search_and_reads()
    {
        var client = gateway.Client;
        await client.CreateCollectionAsync("facilities");
        (await (await client.AddDocumentAsync("facilities", SampleDocuments.ParkingText, "parking", "text/plain")).ReadJsonAsync(HttpStatusCode.Created)).ToString();
        (await (await client.AddDocumentAsync("facilities", SampleDocuments.ExpensesText, "expenses", "text/plain")).ReadJsonAsync(HttpStatusCode.Created)).ToString();

        using var deleted = await client.DeleteAsync($"{CollectionsPath}/facilities/documents/parking");
        using var read = await client.GetAsync($"{CollectionsPath}/facilities/documents/parking");
        using var deletedAgain = await client.DeleteAsync($"{CollectionsPath}/facilities/documents/parking");
        var hits = await client.SearchAsync("facilities", "where do visitors park", k: 5);
        var listed = await client.GetJsonAsync($"{CollectionsPath}/facilities/documents");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await read.ReadProblemAsync(HttpStatusCode.NotFound);
        await deletedAgain.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(hits, h => h.GetProperty("documentId").GetString() == "parking");
        Assert.Equal(["expenses"], listed.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("documentId").GetString()));
    }

    [Fact]
    public async Task Adding_updating_and_removing_a_document_publish_knowledge_events_through_the_outbox()
    {
        var client = gateway.Client;
        await client.CreateCollectionAsync("published", shards: 1);

        await (await client.AddDocumentAsync("published", SampleDocuments.ParkingText, "parking", "text/plain")).ReadJsonAsync(HttpStatusCode.Created);
        await (await client.AddDocumentAsync("published", SampleDocuments.ParkingText + "\nBicycles go in the shed.", "parking", "text/plain")).ReadJsonAsync(HttpStatusCode.Created);
        (await client.DeleteAsync($"{CollectionsPath}/published/documents/parking")).Dispose();

        var dataSource = gateway.Services.GetRequiredService<NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand(
            "select topic, payload::text from edrs_outbox where message_key = $1 order by sequence");
        command.Parameters.AddWithValue($"knowledge-shard/{TestClients.Default}/published.s0");
        var rows = new List<(string Topic, string Payload)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        Assert.Equal(["knowledge.document_added", "knowledge.document_updated", "knowledge.document_removed"], rows.Select(r => r.Topic));
        Assert.All(rows, r => Assert.Contains("\"parking\"", r.Payload, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Documents_are_listed_page_by_page_and_collections_appear_in_the_directory()
    {
        var client = gateway.Client;
        await client.CreateCollectionAsync("paged", shards: 3);
        foreach (var id in new[] { "a", "b", "c" })
            (await client.AddDocumentAsync("paged", $"Document {id} is about {id}.", id, "text/plain")).Dispose();

        var first = await client.GetJsonAsync($"{CollectionsPath}/paged/documents?limit=2");
        var second = await client.GetJsonAsync($"{CollectionsPath}/paged/documents?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");
        var collections = await Eventually.ValueAsync(() => client.GetJsonAsync($"{CollectionsPath}?limit=200"),
            page => page.GetProperty("items").EnumerateArray().Any(c => c.GetProperty("id").GetString() == "paged"), "the new collection is listed");

        Assert.Equal(["a", "b"], first.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("documentId").GetString()));
        Assert.Equal(["c"], second.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("documentId").GetString()));
        Assert.False(second.TryGetProperty("nextCursor", out _));
        Assert.Equal(3, collections.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "paged").GetProperty("shards").GetInt32());
    }

    [Fact]
    public async Task The_document_route_takes_bodies_over_the_general_limit_up_to_the_document_limit_and_413_above()
    {
        var client = gateway.Client;
        await client.CreateCollectionAsync("big", shards: 1);
        // Over the API's general 1 MiB and well under the document limit: accepted.
        var large = string.Join("\n\n", Enumerable.Range(0, 300).Select(i => $"Paragraph {i} of the large handbook says nothing new about section {i % 40}, at some length to fill the page."))
            + new string(' ', 2 * 1024 * 1024);
        var oversized = new byte[(20 * 1024 * 1024) + (2 * 1024 * 1024)];
        Array.Fill(oversized, (byte)'a');

        using var accepted = await client.AddDocumentAsync("big", large, "large", "text/plain");
        using var refused = await client.UploadDocumentAsync("big", oversized, "huge.txt", "text/plain");
        using var elsewhere = await client.PostAsync(Api.PersonasPath, new ByteArrayContent(new byte[2 * 1024 * 1024]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });

        await accepted.ReadJsonAsync(HttpStatusCode.Created);
        await refused.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await elsewhere.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Creating_a_collection_needs_the_admin_role()
    {
        using var reader = await gateway.ClientForAsync(TestClients.Reader);

        using var response = await reader.PostJsonAsync(CollectionsPath, new Dictionary<string, object?> { ["id"] = "readers-own", ["name"] = "Mine" });

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_tenant_cannot_read_search_or_write_a_collection()
    {
        using var owner = await gateway.ClientForAsync(TestClients.TenantA);
        using var other = await gateway.ClientForAsync(TestClients.TenantB);
        await owner.CreateCollectionAsync("secrets", shards: 1);
        (await (await owner.AddDocumentAsync("secrets", SampleDocuments.ExpensesText, "expenses", "text/plain")).ReadJsonAsync(HttpStatusCode.Created)).ToString();

        using var get = await other.GetAsync($"{CollectionsPath}/secrets");
        using var search = await other.GetAsync($"{CollectionsPath}/secrets/search?q=hotel");
        using var document = await other.GetAsync($"{CollectionsPath}/secrets/documents/expenses");
        using var write = await other.AddDocumentAsync("secrets", "planted", "planted", "text/plain");

        await get.ReadProblemAsync(HttpStatusCode.NotFound);
        await search.ReadProblemAsync(HttpStatusCode.NotFound);
        await document.ReadProblemAsync(HttpStatusCode.NotFound);
        await write.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Single(await owner.SearchAsync("secrets", "hotel per night"));
    }

    [Theory]
    [InlineData("/handbook-bad/search", "q")]
    [InlineData("/handbook-bad/search?q=leave&k=0", "k")]
    [InlineData("/handbook-bad/search?q=leave&k=x", "k")]
    [InlineData("/bad%20id/search?q=leave", "collectionId")]
    [InlineData("/handbook-bad/documents?limit=0", "limit")]
    [InlineData("/handbook-bad/documents?cursor=%21", "cursor")]
    [InlineData("/handbook-bad/documents/bad%20id", "documentId")]
    public async Task Bad_queries_are_a_400_naming_the_parameter(string path, string field)
    {
        await gateway.Client.CreateCollectionAsync("handbook-bad", shards: 1);

        using var response = await gateway.Client.GetAsync(CollectionsPath + path);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("{\"title\":\"no text\"}", "text")]
    [InlineData("{\"text\":\"x\",\"contentType\":\"application/zip\"}", "contentType")]
    [InlineData("{\"text\":\"x\",\"documentId\":\"bad id\"}", "documentId")]
    [InlineData("{\"text\":\"x\",\"tags\":[\" \"]}", "tags[0]")]
    [InlineData("{\"text\":\"   \"}", "text")]
    public async Task Bad_documents_are_a_400_naming_the_field(string json, string field)
    {
        await gateway.Client.CreateCollectionAsync("bad-docs", shards: 1);

        using var response = await gateway.Client.PostJsonAsync($"{CollectionsPath}/bad-docs/documents", json);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_document_of_another_media_type_is_a_415()
    {
        await gateway.Client.CreateCollectionAsync("media", shards: 1);

        using var response = await gateway.Client.PostAsync($"{CollectionsPath}/media/documents", new StringContent("plain", Encoding.UTF8, "text/plain"));

        await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }
}
