using EDRS.Vectors.InMember;
using Microsoft.Extensions.VectorData;

namespace EDRS.Vectors.Tests.InMember;

/// <summary>What only the in-member index does: snapshots, graph recall, concurrent readers.</summary>
public sealed class InMemberVectorIndexTests
{
    private static readonly HnswOptions Defaults = new();

    private static async Task<InMemberVectorIndex<MemoryRecord>> FilledIndexAsync(List<float[]> vectors, HnswOptions? options = null, Func<int, string>? person = null)
    {
        var index = new InMemberVectorIndex<MemoryRecord>(new VectorIndexName("memory", "persona-1"), options ?? Defaults);
        await index.EnsureCollectionExistsAsync();
        await index.UpsertAsync(vectors.Select((v, i) => new MemoryRecord
        {
            Key = $"m{i}",
            Person = person?.Invoke(i) ?? "ada",
            OccurredAt = DateTimeOffset.UnixEpoch.AddHours(i),
            Importance = i % 10,
            Tags = [$"t{i % 3}"],
            Text = $"memory {i}",
            Weight = i % 2 == 0 ? null : i,
            Embedding = v,
        }));
        return index;
    }

    private static async Task<double> RecallAt10Async(InMemberVectorIndex<MemoryRecord> index, IEnumerable<float[]> queries, VectorSearchOptions<MemoryRecord>? options = null)
    {
        double found = 0, wanted = 0;
        foreach (var query in queries)
        {
            var exact = await index.ExactSearchAsync(query, 10, options).Select(r => r.Record.Key).ToListAsync();
            var approximate = await index.SearchAsync(query, 10, options).Select(r => r.Record.Key).ToListAsync();
            found += approximate.Intersect(exact).Count();
            wanted += exact.Count;
        }
        return found / wanted;
    }

    [Fact]
    public async Task Exported_index_imported_into_a_new_index_gives_identical_search_results_without_re_adding()
    {
        var vectors = new TestVectors(21);
        using var original = await FilledIndexAsync(vectors.Clustered(5_000, 50, 0.15));
        await original.DeleteAsync("m17");
        var queries = Enumerable.Range(0, 20).Select(_ => vectors.Unit()).ToList();
        var filter = new VectorSearchOptions<MemoryRecord> { Filter = r => r.Importance >= 3, IncludeVectors = true };

        var snapshot = original.Export();
        using var restored = new InMemberVectorIndex<MemoryRecord>(new VectorIndexName("memory", "persona-1"), Defaults);
        restored.Import(snapshot);

        Assert.Equal(original.Count, restored.Count);
        foreach (var query in queries)
        {
            var before = await original.SearchAsync(query, 10, filter).ToListAsync();
            var after = await restored.SearchAsync(query, 10, filter).ToListAsync();
            Assert.Equal(before.Select(r => (r.Record.Key, r.Score, r.Record.Text, r.Record.Weight, r.Record.Tags[0])), after.Select(r => (r.Record.Key, r.Score, r.Record.Text, r.Record.Weight, r.Record.Tags[0])));
            Assert.Equal(before[0].Record.Embedding.ToArray(), after[0].Record.Embedding.ToArray());
        }
        Assert.Null(await restored.GetAsync("m17"));
        // The restored index keeps working: writes after an import land in the loaded graph.
        await restored.UpsertAsync(new MemoryRecord { Key = "new", Person = "ada", Embedding = queries[0] });
        Assert.Equal("new", (await restored.SearchAsync(queries[0], 1).SingleAsync()).Record.Key);
    }

    [Fact]
    public async Task Damaged_or_foreign_snapshot_is_refused_with_a_clear_error()
    {
        using var original = await FilledIndexAsync(new TestVectors(22).Clustered(50, 5, 0.15));
        var snapshot = original.Export();
        using var target = new InMemberVectorIndex<MemoryRecord>(new VectorIndexName("memory", "persona-2"), Defaults);

        var truncated = Assert.Throws<InvalidDataException>(() => target.Import(snapshot[..(snapshot.Length / 2)]));
        var foreign = Assert.Throws<InvalidDataException>(() => target.Import("not a snapshot at all"u8.ToArray()));

        Assert.Contains("persona-2", truncated.Message);
        Assert.Contains("magic", foreign.Message);
        Assert.False(await target.CollectionExistsAsync());
    }

    [Fact]
    public async Task Hnsw_recall_at_10_against_exact_search_is_at_least_0_98_on_clustered_vectors()
    {
        var vectors = new TestVectors(23);
        var clusters = vectors.Clusters(200, 0.15);
        using var index = await FilledIndexAsync(clusters.Draw(10_000));
        var queries = clusters.Draw(100);

        var recall = await RecallAt10Async(index, queries);

        Assert.True(recall >= 0.98, $"recall@10 = {recall:0.000}");
    }

    [Fact]
    public async Task Broad_filter_walks_the_graph_and_keeps_recall_against_exact_filtered_search()
    {
        var vectors = new TestVectors(24);
        var clusters = vectors.Clusters(200, 0.15);
        // The filter matches 40 % (3,200 records); below FilteredExactBelow that would be scanned exactly, so lower it.
        using var index = await FilledIndexAsync(clusters.Draw(8_000), new HnswOptions { FilteredExactBelow = 100 }, person: i => i % 2 == 0 ? "ada" : "bob");
        var queries = clusters.Draw(100);

        var recall = await RecallAt10Async(index, queries, new() { Filter = r => r.Person == "ada" && r.Importance < 8 });

        Assert.True(recall >= 0.95, $"filtered recall@10 = {recall:0.000}");
    }

    [Fact]
    public async Task Concurrent_searches_from_many_threads_all_succeed_with_the_same_answers()
    {
        var vectors = new TestVectors(25);
        using var index = await FilledIndexAsync(vectors.Clustered(5_000, 50, 0.15), new HnswOptions { SearchThreads = 2 });
        var queries = Enumerable.Range(0, 64).Select(_ => vectors.Unit()).ToList();
        var expected = new List<string>();
        foreach (var query in queries)
            expected.Add((await index.SearchAsync(query, 1).SingleAsync()).Record.Key);

        var answers = new string[queries.Count * 8];
        await Parallel.ForAsync(0, answers.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            answers[i] = (await index.SearchAsync(queries[i % queries.Count], 1).SingleAsync()).Record.Key);

        Assert.Equal(Enumerable.Range(0, answers.Length).Select(i => expected[i % queries.Count]), answers);
    }

    [Fact]
    public async Task Operations_before_the_index_exists_fail_naming_the_index()
    {
        using var index = new InMemberVectorIndex<MemoryRecord>(new VectorIndexName("memory", "persona-3"), Defaults);

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => index.UpsertAsync(new MemoryRecord { Key = "m1", Embedding = new TestVectors(26).Unit() }));

        Assert.Contains("memory/persona-3", error.Message);
        Assert.Contains("EnsureCollectionExistsAsync", error.Message);
    }

    [Fact]
    public async Task Empty_index_exists_after_it_was_ensured()
    {
        using var index = new InMemberVectorIndex<MemoryRecord>(new VectorIndexName("memory", "persona-4"), Defaults);
        Assert.False(await index.CollectionExistsAsync());

        await index.EnsureCollectionExistsAsync();

        Assert.True(await index.CollectionExistsAsync());
        Assert.Equal(0, index.Count);
    }
}
