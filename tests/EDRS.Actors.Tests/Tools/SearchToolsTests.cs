using System.Text.Json;
using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Ingestion;
using EDRS.Actors.Memory;
using EDRS.Actors.Tools;
using EDRS.Actors.Tools.Invocation;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Grains.Contracts.Memory;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Knowledge;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Tools;

/// <summary>
/// The built-in <c>memory_search</c> and <c>knowledge_search</c> tools on a real member (real journal, the real MiniLM
/// embedding model): what a persona remembers and what a collection holds, found by meaning, through the same invoker
/// workflows and chat models call; bad arguments and unknown collections refused as permanent failures.
/// </summary>
public sealed class SearchToolsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private Task<TestMember> StartMemberAsync() => TestMember.StartAsync(new MemberSpec
    {
        Journal = database.ConnectionString,
        Kinds = MemberKinds.Core | MemberKinds.Embedding,
    });

    private static Task<ToolCallResult> CallAsync(TestMember member, string tool, object args) =>
        member.Service<ToolInvoker>().InvokeAsync(
            new ToolInvocation(Tenant, tool, JsonSerializer.SerializeToElement(args), NewRequestId(), DateTimeOffset.UtcNow, "test"), CancellationToken.None);

    private static JsonElement[] Items(ToolCallResult result)
    {
        Assert.True(result.Succeeded, result.Error);
        using var output = JsonDocument.Parse(result.Output);
        return [.. output.RootElement.GetProperty("items").EnumerateArray().Select(i => i.Clone())];
    }

    [Fact]
    public async Task Memory_search_finds_what_the_persona_was_told_best_first_and_refuses_bad_arguments()
    {
        await using var member = await StartMemberAsync();
        var personaId = NewId();
        var memory = member.Grains.Memory(Tenant, personaId);
        foreach (var (text, person) in new[] { ("Maria Garcia works from home on Fridays.", "maria-garcia"), ("Tom Becker likes long lunches.", "tom-becker") })
            await memory.RememberAsync(new RememberMemoryRequest { RequestId = NewRequestId(), Text = text, PersonId = person });

        var found = Items(await CallAsync(member, ToolNames.MemorySearch, new { personaId, query = "Which day does Maria work from home?", k = 1 }));
        var missingQuery = await CallAsync(member, ToolNames.MemorySearch, new { personaId });
        var badPersona = await CallAsync(member, ToolNames.MemorySearch, new { personaId = "no such/persona", query = "lunch" });
        var unknownArgument = await CallAsync(member, ToolNames.MemorySearch, new { personaId, query = "lunch", depth = 3 });

        var best = Assert.Single(found);
        Assert.Equal(("Maria Garcia works from home on Fridays.", "maria-garcia"), (best.GetProperty("text").GetString(), best.GetProperty("personId").GetString()));
        Assert.Equal((false, false), (missingQuery.Succeeded, missingQuery.Retryable));
        Assert.Contains("query", missingQuery.Error, StringComparison.Ordinal);
        Assert.Equal((false, false), (badPersona.Succeeded, badPersona.Retryable));
        Assert.Contains("personaId", badPersona.Error, StringComparison.Ordinal);
        Assert.Equal((false, false), (unknownArgument.Succeeded, unknownArgument.Retryable));
    }

    [Fact]
    public async Task Knowledge_search_finds_the_passage_with_its_document_and_an_unknown_collection_is_a_permanent_failure()
    {
        await using var member = await StartMemberAsync();
        var collectionId = $"handbook-{Guid.NewGuid():N}"[..20];
        await member.Grains.KnowledgeCollection(Tenant, collectionId).CreateCollectionAsync(new CreateCollectionRequest { RequestId = NewRequestId(), Name = collectionId, Shards = 2 });
        var ingestor = member.Service<DocumentIngestor>();
        await ingestor.IngestAsync(Tenant, collectionId, new DocumentSubmission { DocumentId = "leave", Text = SampleDocuments.LeavePolicyMarkdown, ContentType = "text/markdown" }, CancellationToken.None);
        await ingestor.IngestAsync(Tenant, collectionId, new DocumentSubmission { DocumentId = "on-call", Text = SampleDocuments.OnCallHtml, ContentType = "text/html" }, CancellationToken.None);

        var found = Items(await CallAsync(member, ToolNames.KnowledgeSearch, new { collections = new[] { collectionId }, query = "How many vacation days do staff get each year?", k = 2 }));
        var unknown = await CallAsync(member, ToolNames.KnowledgeSearch, new { collections = new[] { "no-such-collection" }, query = "vacation" });
        var noCollections = await CallAsync(member, ToolNames.KnowledgeSearch, new { collections = Array.Empty<string>(), query = "vacation" });

        Assert.Equal(2, found.Length);
        Assert.Equal((collectionId, "leave"), (found[0].GetProperty("collectionId").GetString(), found[0].GetProperty("documentId").GetString()));
        Assert.Contains(SampleDocuments.LeaveSentence, found[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal((false, false), (unknown.Succeeded, unknown.Retryable));
        Assert.StartsWith("knowledge_search: ", unknown.Error, StringComparison.Ordinal);
        Assert.Equal((false, false), (noCollections.Succeeded, noCollections.Retryable));
        Assert.Contains("collections", noCollections.Error, StringComparison.Ordinal);
    }
}
