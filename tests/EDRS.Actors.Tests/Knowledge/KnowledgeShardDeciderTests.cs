using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Shards;
using EDRS.Actors.Knowledge.Shards.Commands;
using EDRS.Actors.Knowledge.Shards.Events;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tests.Knowledge;

public sealed class KnowledgeShardDeciderTests
{
    private const string Collection = "handbook";
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);

    private static KnowledgeShardState Apply(KnowledgeShardState state, IEnumerable<KnowledgeShardEvent> events) =>
        events.Aggregate(state, KnowledgeShardDecider.Evolve);

    private static IReadOnlyList<KnowledgeShardEvent> Decide(KnowledgeShardState state, KnowledgeShardCommand command, DateTimeOffset? now = null) =>
        KnowledgeShardDecider.Decide(command, state, Collection, now ?? T0);

    private static BeginDocument Begin(string documentId, string hash, string title = "Leave policy", params string[] tags) =>
        new(documentId, hash, title, "text/markdown", "", tags, 0);

    private static EmbeddedChunk Chunk(int index, string text, int start = 0)
    {
        var vector = new float[KnowledgeLimits.VectorDimensions];
        vector[index % vector.Length] = 1f;
        return new EmbeddedChunk(new KnowledgeChunk(index, text, start, start + text.Length, null, null, ["Leave"], 10), ChunkVectors.ToBytes(vector));
    }

    /// <summary>Begins, stages and commits a version with one chunk per text.</summary>
    private static KnowledgeShardState Ingest(KnowledgeShardState state, string documentId, string hash, params string[] texts)
    {
        var begun = Decide(state, Begin(documentId, hash));
        state = Apply(state, begun);
        var version = begun.OfType<KnowledgeDocumentBegun>().Single().Version;
        state = Apply(state, Decide(state, new StageChunks(documentId, version, [.. texts.Select((t, i) => Chunk(i, t))])));
        return Apply(state, Decide(state, new CommitDocument(documentId, version, texts.Length)));
    }

    [Fact]
    public void Staged_chunks_become_the_documents_chunks_only_when_the_version_is_committed()
    {
        var state = Apply(KnowledgeShardState.Initial, Decide(KnowledgeShardState.Initial, Begin("leave", HashA)));
        state = Apply(state, Decide(state, new StageChunks("leave", 1, [Chunk(0, "25 days of annual leave"), Chunk(1, "carry over 5 days")])));

        Assert.Null(state.DocumentOf("leave"));
        Assert.Equal(2, state.StagedChunks);

        var committed = Decide(state, new CommitDocument("leave", 1, 2));
        var added = Assert.IsType<KnowledgeDocumentAdded>(Assert.Single(committed));
        state = Apply(state, committed);
        Assert.Equal((Collection, "leave", 1L, 2), (added.CollectionId, added.DocumentId, added.Version, added.Chunks));
        Assert.Equal(["25 days of annual leave", "carry over 5 days"], state.DocumentOf("leave")!.Chunks.Select(c => c.Text));
        Assert.Equal(0, state.StagedChunks);
    }

    [Fact]
    public void Beginning_the_same_content_again_is_a_no_op()
    {
        var state = Ingest(KnowledgeShardState.Initial, "leave", HashA, "25 days");

        Assert.Empty(Decide(state, Begin("leave", HashA, "A new title")));
    }

    [Fact]
    public void A_new_version_replaces_every_chunk_of_the_old_one_in_one_event()
    {
        var state = Ingest(KnowledgeShardState.Initial, "leave", HashA, "25 days", "carry over 5", "ask your manager");
        var begun = Decide(state, Begin("leave", HashB));
        state = Apply(state, begun);
        state = Apply(state, Decide(state, new StageChunks("leave", 2, [Chunk(0, "28 days")])));

        var events = Decide(state, new CommitDocument("leave", 2, 1));
        var changes = IndexChanges.Of(state, events);
        state = Apply(state, events);

        var updated = Assert.IsType<KnowledgeDocumentUpdated>(Assert.Single(events));
        Assert.Equal((2L, 1L), (updated.Version, updated.ReplacedVersion));
        Assert.Equal(["28 days"], state.DocumentOf("leave")!.Chunks.Select(c => c.Text));
        var change = Assert.Single(changes);
        Assert.Equal(["leave:2:0"], change.Upserts.Select(u => u.Key));
        Assert.Equal(["leave:1:0", "leave:1:1", "leave:1:2"], change.Deletes);
    }

    [Fact]
    public void A_commit_with_a_missing_chunk_is_refused_and_names_the_chunks()
    {
        var state = Apply(KnowledgeShardState.Initial, Decide(KnowledgeShardState.Initial, Begin("leave", HashA)));
        state = Apply(state, Decide(state, new StageChunks("leave", 1, [Chunk(0, "a"), Chunk(2, "c")])));

        var refused = Assert.Throws<CommandRejectedException>(() => Decide(state, new CommitDocument("leave", 1, 3)));

        Assert.Equal(RejectionReason.Invalid, refused.Reason);
        Assert.Equal("chunks", refused.Field);
    }

    [Fact]
    public void An_older_version_committed_after_a_newer_one_is_dropped()
    {
        var state = Apply(KnowledgeShardState.Initial, Decide(KnowledgeShardState.Initial, Begin("leave", HashA)));
        state = Apply(state, Decide(state, Begin("leave", HashB)));
        state = Apply(state, Decide(state, new StageChunks("leave", 1, [Chunk(0, "old")])));
        state = Apply(state, Decide(state, new StageChunks("leave", 2, [Chunk(0, "new")])));
        state = Apply(state, Decide(state, new CommitDocument("leave", 2, 1)));

        var events = Decide(state, new CommitDocument("leave", 1, 1));

        Assert.IsType<KnowledgeStagingDropped>(Assert.Single(events));
        Assert.Equal(["new"], Apply(state, events).DocumentOf("leave")!.Chunks.Select(c => c.Text));
    }

    [Fact]
    public void A_staging_left_uncommitted_for_an_hour_is_dropped_by_the_next_command()
    {
        var state = Apply(KnowledgeShardState.Initial, Decide(KnowledgeShardState.Initial, Begin("abandoned", HashA)));
        state = Apply(state, Decide(state, new StageChunks("abandoned", 1, [Chunk(0, "half")])));

        var events = Decide(state, Begin("other", HashB), T0 + KnowledgeLimits.StagingTimeToLive);
        state = Apply(state, events);

        Assert.Equal(("abandoned", 1L), events.OfType<KnowledgeStagingDropped>().Select(d => (d.DocumentId, d.Version)).Single());
        Assert.Null(state.StagingOf("abandoned", 1));
        Assert.Throws<CommandRejectedException>(() => Decide(state, new CommitDocument("abandoned", 1, 1), T0 + KnowledgeLimits.StagingTimeToLive));
    }

    [Fact]
    public void A_removed_document_leaves_the_indexes_and_its_versions_are_never_reused()
    {
        var state = Ingest(KnowledgeShardState.Initial, "leave", HashA, "25 days", "5 days");

        var removed = Decide(state, new RemoveDocument("leave"));
        var change = Assert.Single(IndexChanges.Of(state, removed));
        state = Apply(state, removed);
        var again = Decide(state, Begin("leave", HashA));

        Assert.Equal(["leave:1:0", "leave:1:1"], change.Deletes);
        Assert.Null(state.DocumentOf("leave"));
        Assert.Equal(2, again.OfType<KnowledgeDocumentBegun>().Single().Version);
        Assert.Equal(RejectionReason.NotFound, Assert.Throws<CommandRejectedException>(() => Decide(state, new RemoveDocument("leave"))).Reason);
    }

    [Fact]
    public void A_shard_refuses_chunks_beyond_its_budget()
    {
        var state = KnowledgeShardState.Initial;
        // Two documents of the largest size fill the shard.
        foreach (var (documentId, hash) in new[] { ("first", HashA), ("second", HashB) })
        {
            state = Apply(state, Decide(state, Begin(documentId, hash)));
            foreach (var batch in Enumerable.Range(0, KnowledgeLimits.MaxChunksPerDocument).Chunk(KnowledgeLimits.MaxChunksPerStage))
                state = Apply(state, Decide(state, new StageChunks(documentId, 1, [.. batch.Select(i => Chunk(i, $"chunk {i}"))])));
        }
        Assert.Equal(KnowledgeLimits.MaxChunksPerShard, state.StagedChunks);
        state = Apply(state, Decide(state, Begin("third", new string('c', 64))));

        var refused = Assert.Throws<CommandRejectedException>(() => Decide(state, new StageChunks("third", 1, [Chunk(0, "one too many")])));

        Assert.Equal(RejectionReason.LimitReached, refused.Reason);
    }

    [Theory]
    [InlineData("bad id!", "documentId")]
    [InlineData("ok", "contentHash")]
    public void A_bad_begin_names_the_field(string documentId, string field)
    {
        var hash = field == "contentHash" ? "not-a-hash" : HashA;

        var refused = Assert.Throws<CommandRejectedException>(() => Decide(KnowledgeShardState.Initial, Begin(documentId, hash)));

        Assert.Equal(field, refused.Field);
    }

    [Fact]
    public void A_chunk_whose_offsets_do_not_match_its_text_or_whose_vector_is_short_is_refused()
    {
        var state = Apply(KnowledgeShardState.Initial, Decide(KnowledgeShardState.Initial, Begin("leave", HashA)));
        var chunk = Chunk(0, "ten chars!");
        var badOffsets = chunk with { Chunk = chunk.Chunk with { End = 3 } };
        var shortVector = chunk with { Vector = ChunkVectors.ToBytes(new float[3]) };

        Assert.Equal("chunks[0].end", Assert.Throws<CommandRejectedException>(() => Decide(state, new StageChunks("leave", 1, [badOffsets]))).Field);
        Assert.Equal("chunks[0].vector", Assert.Throws<CommandRejectedException>(() => Decide(state, new StageChunks("leave", 1, [shortVector]))).Field);
    }

    [Fact]
    public void Tags_are_trimmed_deduplicated_and_bounded()
    {
        Assert.Equal(["hr", "eu"], KnowledgeShardDecider.NormalizeTags([" hr ", "eu", "hr"]));
        Assert.Equal("tags[1]", Assert.Throws<CommandRejectedException>(() => KnowledgeShardDecider.NormalizeTags(["hr", " "])).Field);
    }
}
