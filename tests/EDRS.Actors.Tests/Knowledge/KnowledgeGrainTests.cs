using System.Text;
using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Ingestion;
using EDRS.Actors.Knowledge.Search;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Knowledge.Documents.Parsing;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Knowledge;
using Grpc.Core;

namespace EDRS.Actors.Tests.Knowledge;

/// <summary>
/// The knowledge grains on a real member with a real journal and the real all-MiniLM-L6-v2 embedding model: documents of
/// every format in, cited chunks out, re-ingest, replacement under concurrent search, removal and recovery.
/// </summary>
public sealed class KnowledgeGrainTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Tenant = "acme";

    private Task<TestMember> StartMemberAsync(Dictionary<string, string?>? settings = null) => TestMember.StartAsync(new MemberSpec
    {
        Journal = database.ConnectionString,
        Kinds = MemberKinds.Core | MemberKinds.Embedding,
        Settings = settings ?? [],
    });

    private static async Task CreateAsync(TestMember member, string collectionId, int shards = 2) =>
        await member.Grains.KnowledgeCollection(Tenant, collectionId).CreateCollectionAsync(new CreateCollectionRequest
        {
            RequestId = Guid.NewGuid().ToString("N"),
            Name = collectionId,
            Shards = shards,
        });

    private static Task<IngestResult> IngestAsync(TestMember member, string collectionId, DocumentSubmission document) =>
        member.Service<DocumentIngestor>().IngestAsync(Tenant, collectionId, document, CancellationToken.None);

    private static Task<IReadOnlyList<KnowledgeHitView>> SearchAsync(TestMember member, string collectionId, string query, int k = 5) =>
        member.Service<KnowledgeSearcher>().SearchAsync(Tenant, [collectionId], query, k, [], CancellationToken.None);

    [Fact]
    public async Task Each_format_is_found_by_meaning_and_cited_with_offsets_into_its_canonical_text()
    {
        await using var member = await StartMemberAsync();
        await CreateAsync(member, "formats");
        var documents = new (string Id, DocumentSubmission Submission, string Sentence)[]
        {
            ("leave", new DocumentSubmission { DocumentId = "leave", Text = SampleDocuments.LeavePolicyMarkdown, ContentType = "text/markdown" }, SampleDocuments.LeaveSentence),
            ("on-call", new DocumentSubmission { DocumentId = "on-call", Text = SampleDocuments.OnCallHtml, ContentType = "text/html" }, SampleDocuments.OnCallSentence),
            ("expenses", new DocumentSubmission { DocumentId = "expenses", Content = Encoding.UTF8.GetBytes(SampleDocuments.ExpensesText), FileName = "expenses.txt" }, SampleDocuments.ExpenseSentence),
            ("benefits", new DocumentSubmission { DocumentId = "benefits", Content = SampleDocuments.BenefitsPdf(), FileName = "benefits.pdf" }, SampleDocuments.PdfPageTwoSentence),
        };
        foreach (var (_, submission, _) in documents)
            Assert.False((await IngestAsync(member, "formats", submission)).Unchanged);

        var leave = await SearchAsync(member, "formats", "How many vacation days do staff get each year?");
        var onCall = await SearchAsync(member, "formats", "how fast must the engineer on call respond to a page");
        var hotel = await SearchAsync(member, "formats", "hotel reimbursement limit per night");
        var dental = await SearchAsync(member, "formats", "when does dental insurance begin");

        foreach (var (hits, (id, submission, sentence)) in new[] { leave, onCall, hotel, dental }.Zip(documents))
        {
            var best = hits[0];
            Assert.Equal(id, best.Chunk.DocumentId);
            Assert.Contains(sentence, best.Chunk.Text);
            // Offsets cite the canonical text the parser makes of the document.
            var parser = new DocumentParser();
            var canonical = submission.Text is { } text ? parser.ParseText(text, submission.ContentType!).Text : parser.Parse(submission.Content!.Value, null, submission.FileName).Text;
            Assert.Equal(best.Chunk.Text, canonical[best.Chunk.Start..best.Chunk.End]);
        }
        Assert.Equal("On-call policy", onCall[0].Chunk.Title);
        Assert.DoesNotContain(onCall.SelectMany(h => new[] { h.Chunk.Text }), t => t.Contains("not content", StringComparison.Ordinal));
        Assert.Equal(2, dental[0].Page);
        Assert.Null(leave[0].Page);
    }

    [Fact]
    public async Task Ingesting_the_same_content_again_changes_nothing()
    {
        await using var member = await StartMemberAsync();
        await CreateAsync(member, "idempotent", shards: 1);
        var submission = new DocumentSubmission { DocumentId = "leave", Text = SampleDocuments.LeavePolicyMarkdown, ContentType = "text/markdown", Title = "Leave" };
        var first = await IngestAsync(member, "idempotent", submission);
        var journal = await database.JournalAsync($"knowledge-shard/{Tenant}/idempotent.");

        // The same text with other line ends and a retitle: the canonical text, hence the hash, is the same.
        var again = await IngestAsync(member, "idempotent", submission with { Text = submission.Text!.Replace("\n", "\r\n"), Title = "Leave policy" });

        Assert.True(again.Unchanged);
        Assert.Equal((first.Version, first.Chunks), (again.Version, again.Chunks));
        Assert.Equal(journal, await database.JournalAsync($"knowledge-shard/{Tenant}/idempotent."));
    }

    [Fact]
    public async Task A_search_during_a_replacement_sees_one_version_of_the_document_never_a_mix()
    {
        await using var member = await StartMemberAsync();
        await CreateAsync(member, "atomic", shards: 1);
        var first = await IngestAsync(member, "atomic", new DocumentSubmission { DocumentId = "rotation", Text = SampleDocuments.Long("alpha", 60), ContentType = "text/markdown" });
        Assert.True(first.Chunks >= 10, $"the document makes {first.Chunks} chunks: too few to catch a half-swapped state");

        using var replaced = new CancellationTokenSource();
        var seen = new List<HashSet<long>>();
        var searching = Task.Run(async () =>
        {
            while (!replaced.IsCancellationRequested)
            {
                var hits = await SearchAsync(member, "atomic", "rotation schedule of the team", k: 20);
                seen.Add([.. hits.Select(h => h.Chunk.Version)]);
            }
        });
        var second = await IngestAsync(member, "atomic", new DocumentSubmission { DocumentId = "rotation", Text = SampleDocuments.Long("beta", 60), ContentType = "text/markdown" });
        var after = await SearchAsync(member, "atomic", "rotation schedule of the team", k: 20);
        await replaced.CancelAsync();
        await searching;

        Assert.Equal(2, second.Version);
        Assert.All(seen, versions => Assert.Single(versions));
        Assert.All(after, h => Assert.Contains("beta", h.Chunk.Text));
        Assert.True(seen.Count > 1, "searches ran while the new version was ingested");
    }

    [Fact]
    public async Task A_removed_document_leaves_search_the_shard_and_its_snapshot_and_stays_removed_after_a_restart()
    {
        var settings = new Dictionary<string, string?> { ["Journal:SnapshotEvery"] = "2" };
        await using (var member = await StartMemberAsync(settings))
        {
            await CreateAsync(member, "removal", shards: 1);
            await IngestAsync(member, "removal", new DocumentSubmission { DocumentId = "parking", Text = SampleDocuments.ParkingText, ContentType = "text/plain" });
            await IngestAsync(member, "removal", new DocumentSubmission { DocumentId = "leave", Text = SampleDocuments.LeavePolicyMarkdown, ContentType = "text/markdown" });
            Assert.Equal("parking", (await SearchAsync(member, "removal", "where do visitors park"))[0].Chunk.DocumentId);

            await member.Service<KnowledgeRouter>().DeleteDocumentAsync(Tenant, "removal", "parking", "delete-parking", CancellationToken.None);

            Assert.DoesNotContain(await SearchAsync(member, "removal", "where do visitors park"), h => h.Chunk.DocumentId == "parking");
            var missing = await Assert.ThrowsAsync<RpcException>(() => member.Service<KnowledgeRouter>().GetDocumentAsync(Tenant, "removal", "parking", CancellationToken.None));
            Assert.Equal(StatusCode.NotFound, missing.StatusCode);
            var snapshot = await database.ScalarAsync<string>("select data::text from edrs_snapshots where stream_id = $1", $"knowledge-shard/{Tenant}/removal.s0");
            Assert.DoesNotContain("blue zone", snapshot);
            Assert.Contains("27 days", snapshot);
        }

        await using var restarted = await StartMemberAsync(settings);
        var hits = await SearchAsync(restarted, "removal", "where do visitors park");
        Assert.DoesNotContain(hits, h => h.Chunk.DocumentId == "parking");
        Assert.Equal("leave", (await SearchAsync(restarted, "removal", "annual leave entitlement"))[0].Chunk.DocumentId);
    }

    [Fact]
    public async Task A_restarted_member_finds_documents_from_the_snapshot_and_the_events_after_it()
    {
        // A snapshot every 4 events: the first document ends up in the snapshot, the second only in the tail.
        var settings = new Dictionary<string, string?> { ["Journal:SnapshotEvery"] = "4" };
        await using (var member = await StartMemberAsync(settings))
        {
            await CreateAsync(member, "recovery", shards: 1);
            await IngestAsync(member, "recovery", new DocumentSubmission { DocumentId = "leave", Text = SampleDocuments.LeavePolicyMarkdown, ContentType = "text/markdown" });
            await IngestAsync(member, "recovery", new DocumentSubmission { DocumentId = "expenses", Text = SampleDocuments.ExpensesText, ContentType = "text/plain" });
            Assert.True(await database.SnapshotVersionAsync($"knowledge-shard/{Tenant}/recovery.s0") > 0);
        }

        await using var restarted = await StartMemberAsync(settings);
        Assert.Equal("leave", (await SearchAsync(restarted, "recovery", "vacation days per year"))[0].Chunk.DocumentId);
        Assert.Equal("expenses", (await SearchAsync(restarted, "recovery", "hotel reimbursement per night"))[0].Chunk.DocumentId);
        var (documents, next) = await restarted.Service<KnowledgeRouter>().ListDocumentsAsync(Tenant, "recovery", "", 10, CancellationToken.None);
        Assert.Equal(["expenses", "leave"], documents.Select(d => d.DocumentId));
        Assert.Null(next);
    }

    [Fact]
    public async Task Documents_spread_over_shards_are_listed_in_order_page_by_page_and_searched_together()
    {
        await using var member = await StartMemberAsync();
        await CreateAsync(member, "spread", shards: 4);
        var ids = new[] { "d1", "d2", "d3", "d4", "d5", "d6" };
        foreach (var id in ids)
            await IngestAsync(member, "spread", new DocumentSubmission { DocumentId = id, Text = $"Document {id}. {SampleDocuments.ParkingText} Room {id}.", ContentType = "text/plain" });
        var router = member.Service<KnowledgeRouter>();

        var (first, after) = await router.ListDocumentsAsync(Tenant, "spread", "", 4, CancellationToken.None);
        var (second, end) = await router.ListDocumentsAsync(Tenant, "spread", after!, 4, CancellationToken.None);
        var hits = await SearchAsync(member, "spread", "visitor parking", k: 6);

        Assert.True(ids.Select(id => ShardKeys.ShardOf(id, 4)).Distinct().Count() > 1, "the documents are on more than one shard");
        Assert.Equal(ids, first.Concat(second).Select(d => d.DocumentId));
        Assert.Null(end);
        Assert.Equal(ids.Order(), hits.Select(h => h.Chunk.DocumentId).Order());
    }

    [Fact]
    public async Task Bad_documents_and_unknown_collections_are_refused_naming_the_field()
    {
        await using var member = await StartMemberAsync();
        await CreateAsync(member, "refusals", shards: 1);

        var empty = await Assert.ThrowsAsync<RpcException>(() => IngestAsync(member, "refusals", new DocumentSubmission { Text = "   ", ContentType = "text/plain" }));
        var type = await Assert.ThrowsAsync<RpcException>(() => IngestAsync(member, "refusals", new DocumentSubmission { Text = "x", ContentType = "application/zip" }));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => IngestAsync(member, "no-such-collection", new DocumentSubmission { Text = "x", ContentType = "text/plain" }));

        Assert.Equal((StatusCode.InvalidArgument, "text"), (empty.StatusCode, Assert.Single(Grains.Runtime.GrainFaults.ViolationsOf(empty)).Field));
        Assert.Equal("contentType", Assert.Single(Grains.Runtime.GrainFaults.ViolationsOf(type)).Field);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }
}
