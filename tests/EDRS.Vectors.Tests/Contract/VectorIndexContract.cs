using Microsoft.Extensions.VectorData;

namespace EDRS.Vectors.Tests.Contract;

/// <summary>
/// What every EDRS vector store does, written once: each store's test class derives from this and supplies a factory.
/// Vectors are unit length, as MiniLM's are (both stores scale vectors to unit length on upsert, as Qdrant does for cosine).
/// </summary>
public abstract class VectorIndexContract
{
    protected static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    protected abstract IVectorIndexFactory Factory { get; }

    protected async Task<VectorIndex<MemoryRecord>> NewIndexAsync()
    {
        var index = Factory.Create<MemoryRecord>(new VectorIndexName("memory", $"persona-{Guid.NewGuid():N}"));
        await index.EnsureCollectionExistsAsync();
        return index;
    }

    protected static MemoryRecord Record(string key, float[] vector, string person = "ada", int day = 0, int importance = 1, string[]? tags = null, bool pinned = false) =>
        new()
        {
            Key = key,
            Person = person,
            OccurredAt = Monday.AddDays(day),
            Importance = importance,
            Tags = tags ?? [],
            Pinned = pinned,
            Text = $"memory {key}",
            Weight = importance / 10.0,
            Embedding = vector,
        };

    protected static async Task<List<VectorSearchResult<MemoryRecord>>> SearchAsync(VectorIndex<MemoryRecord> index, float[] query, int top, VectorSearchOptions<MemoryRecord>? options = null) =>
        await index.SearchAsync(new ReadOnlyMemory<float>(query), top, options).ToListAsync();

    [Fact]
    public async Task Upserted_record_is_returned_by_get_with_all_its_fields()
    {
        using var index = await NewIndexAsync();
        var vector = new TestVectors(1).Unit();
        await index.UpsertAsync(Record("m1", vector, person: "bob", day: 3, importance: 7, tags: ["work", "travel"], pinned: true));

        var found = await index.GetAsync("m1", new RecordRetrievalOptions { IncludeVectors = true });

        Assert.NotNull(found);
        Assert.Equal(("m1", "bob", Monday.AddDays(3), 7, true, "memory m1", 0.7), (found.Key, found.Person, found.OccurredAt, found.Importance, found.Pinned, found.Text, found.Weight));
        Assert.Equal(["work", "travel"], found.Tags);
        Assert.Equal(vector, found.Embedding.ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Null(await index.GetAsync("missing"));
    }

    [Fact]
    public async Task Upsert_with_an_existing_key_replaces_the_record_and_its_vector()
    {
        using var index = await NewIndexAsync();
        var vectors = new TestVectors(2);
        var first = vectors.Unit();
        var second = vectors.Unit();
        await index.UpsertAsync(Record("m1", first, person: "ada"));
        await index.UpsertAsync(Record("m1", second, person: "bob"));

        var found = await index.GetAsync("m1");
        var nearest = await SearchAsync(index, second, 5);

        Assert.Equal("bob", found!.Person);
        var only = Assert.Single(nearest);
        Assert.Equal("m1", only.Record.Key);
        Assert.Equal(1.0, only.Score!.Value, 4);
    }

    [Fact]
    public async Task Deleted_record_is_gone_from_get_and_search()
    {
        using var index = await NewIndexAsync();
        var vectors = new TestVectors(3);
        var kept = vectors.Unit();
        var deleted = vectors.Unit();
        await index.UpsertAsync([Record("kept", kept), Record("deleted", deleted)]);

        await index.DeleteAsync("deleted");
        await index.DeleteAsync("never-there");

        Assert.Null(await index.GetAsync("deleted"));
        Assert.Equal(["kept"], (await SearchAsync(index, deleted, 10)).Select(r => r.Record.Key));
    }

    [Fact]
    public async Task Search_returns_nearest_first_with_cosine_similarity_scores()
    {
        using var index = await NewIndexAsync();
        var vectors = new TestVectors(4);
        var all = vectors.Clustered(300, 10, 0.15);
        await index.UpsertAsync(all.Select((v, i) => Record($"m{i}", v)));
        var query = vectors.Unit();

        var results = await SearchAsync(index, query, 10);

        var expected = all.Select((v, i) => (Key: $"m{i}", Score: TestVectors.Cosine(query, v))).OrderByDescending(p => p.Score).Take(10).ToList();
        Assert.Equal(expected.Select(e => e.Key), results.Select(r => r.Record.Key));
        Assert.All(results.Zip(expected), pair => Assert.Equal(pair.Second.Score, pair.First.Score!.Value, 4));
    }

    [Fact]
    public async Task Equality_filter_keeps_only_the_records_of_one_person()
    {
        using var index = await NewIndexAsync();
        var vectors = new TestVectors(5);
        var all = vectors.Clustered(200, 5, 0.15);
        await index.UpsertAsync(all.Select((v, i) => Record($"m{i}", v, person: i % 4 == 0 ? "bob" : "ada")));
        var person = "bob";

        var results = await SearchAsync(index, vectors.Unit(), 20, new() { Filter = r => r.Person == person });

        Assert.Equal(20, results.Count);
        Assert.All(results, r => Assert.Equal("bob", r.Record.Person));
    }

    [Fact]
    public async Task Range_filter_keeps_the_records_that_happened_up_to_as_of()
    {
        using var index = await NewIndexAsync();
        var vectors = new TestVectors(6);
        var all = vectors.Clustered(100, 5, 0.15);
        await index.UpsertAsync(all.Select((v, i) => Record($"m{i}", v, day: i % 10)));
        var asOf = Monday.AddDays(3);

        var results = await SearchAsync(index, vectors.Unit(), 100, new() { Filter = r => r.OccurredAt <= asOf });

        Assert.Equal(40, results.Count);
        Assert.All(results, r => Assert.True(r.Record.OccurredAt <= asOf));
    }

    [Fact]
    public async Task Combined_filter_with_and_or_not_tags_and_numbers_keeps_exactly_the_matching_records()
    {
        using var index = await NewIndexAsync();
        var vectors = new TestVectors(7);
        var all = vectors.Clustered(120, 6, 0.15);
        var records = all.Select((v, i) => Record($"m{i}", v, person: i % 3 == 0 ? "bob" : "ada", day: i % 7, importance: i % 5,
            tags: i % 2 == 0 ? ["work"] : ["home", "family"], pinned: i % 11 == 0)).ToList();
        await index.UpsertAsync(records);
        var people = new[] { "bob", "cy" };

        var results = await SearchAsync(index, vectors.Unit(), 200, new()
        {
            Filter = r => (r.Tags.Contains("work") && r.Importance >= 2 && !(r.Person == "ada")) || (r.Pinned && people.Contains(r.Person)) || r.Weight > 0.35 && r.Importance != 4,
        });

        var expected = records.Where(r => (r.Tags.Contains("work") && r.Importance >= 2 && r.Person != "ada") || (r.Pinned && people.Contains(r.Person)) || (r.Weight > 0.35 && r.Importance != 4))
            .Select(r => r.Key).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, results.Select(r => r.Record.Key).Order().ToList());
    }

    [Fact]
    public async Task Selective_filter_still_finds_the_true_nearest_matching_records()
    {
        using var index = await NewIndexAsync();
        var vectors = new TestVectors(8);
        var all = vectors.Clustered(3_000, 30, 0.15);
        var records = all.Select((v, i) => Record($"m{i}", v, person: i % 100 == 7 ? "rare" : "common")).ToList();
        await index.UpsertAsync(records);
        var query = vectors.Unit();

        var results = await SearchAsync(index, query, 10, new() { Filter = r => r.Person == "rare" });

        var expected = records.Where(r => r.Person == "rare").OrderByDescending(r => TestVectors.Cosine(query, r.Embedding.Span)).Take(10).Select(r => r.Key);
        Assert.Equal(expected, results.Select(r => r.Record.Key));
    }

    [Fact]
    public async Task Filter_shape_no_store_supports_fails_naming_the_shape()
    {
        using var index = await NewIndexAsync();
        await index.UpsertAsync(Record("m1", new TestVectors(9).Unit()));

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => SearchAsync(index, new TestVectors(10).Unit(), 5, new() { Filter = r => r.Text.StartsWith("memory") }));

        Assert.Contains("StartsWith", error.Message);
    }

    [Fact]
    public async Task Get_with_a_filter_returns_the_matching_records()
    {
        using var index = await NewIndexAsync();
        var vectors = new TestVectors(11);
        await index.UpsertAsync(Enumerable.Range(0, 30).Select(i => Record($"m{i}", vectors.Unit(), importance: i % 3)));

        var found = await index.GetAsync(r => r.Importance == 2, top: 100).ToListAsync();

        Assert.Equal(10, found.Count);
        Assert.All(found, r => Assert.Equal(2, r.Importance));
    }

    [Fact]
    public async Task Score_threshold_and_skip_page_through_the_nearest_records()
    {
        using var index = await NewIndexAsync();
        var vectors = new TestVectors(12);
        var all = vectors.Clustered(100, 4, 0.15);
        await index.UpsertAsync(all.Select((v, i) => Record($"m{i}", v)));
        var query = all[0];

        var firstPage = await SearchAsync(index, query, 5);
        var secondPage = await SearchAsync(index, query, 5, new() { Skip = 5 });
        var ten = await SearchAsync(index, query, 10);
        var strong = await SearchAsync(index, query, 100, new() { ScoreThreshold = ten[6].Score });

        Assert.Equal(ten.Select(r => r.Record.Key), firstPage.Concat(secondPage).Select(r => r.Record.Key));
        Assert.Equal(ten.Take(7).Select(r => r.Record.Key), strong.Select(r => r.Record.Key));
    }

    [Fact]
    public async Task Deleted_index_holds_no_records_and_can_be_created_again()
    {
        using var index = await NewIndexAsync();
        var vector = new TestVectors(13).Unit();
        await index.UpsertAsync(Record("m1", vector));
        Assert.True(await index.CollectionExistsAsync());

        await index.EnsureCollectionDeletedAsync();
        Assert.False(await index.CollectionExistsAsync());
        await index.EnsureCollectionExistsAsync();

        Assert.Null(await index.GetAsync("m1"));
        Assert.Empty(await SearchAsync(index, vector, 5));
    }

    [Fact]
    public async Task Record_with_a_vector_of_the_wrong_size_is_rejected_naming_the_vector()
    {
        using var index = await NewIndexAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync(Record("m1", new float[3] { 1, 0, 0 })));

        Assert.Contains("Embedding", error.Message);
        Assert.Contains("384", error.Message);
    }

    [Fact]
    public async Task Search_with_a_text_instead_of_a_vector_is_rejected_clearly()
    {
        using var index = await NewIndexAsync();

        var error = Assert.Throws<NotSupportedException>(() => index.SearchAsync("what does ada like?", 5));

        Assert.Contains("embedding", error.Message);
    }
}
