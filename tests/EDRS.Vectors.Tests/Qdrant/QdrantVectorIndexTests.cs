using EDRS.Testing.Qdrant;
using EDRS.Vectors.InMember;
using EDRS.Vectors.Qdrant;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;

namespace EDRS.Vectors.Tests.Qdrant;

/// <summary>What only the Qdrant adapter does: one shared collection partitioned by owner, keys, errors, wiring.</summary>
public sealed class QdrantVectorIndexTests(QdrantServerDoubleFixture fixture) : IClassFixture<QdrantServerDoubleFixture>
{
    private QdrantVectorIndexFactory NewFactory(string prefix = "edrs_") => new(fixture.Server.NewClient(QdrantServerDoubleFixture.ApiKey), prefix, new HnswOptions());

    private static MemoryRecord Record(string key, float[] vector, string person = "ada") =>
        new() { Key = key, Person = person, Text = key, Embedding = vector };

    [Fact]
    public async Task Owners_share_one_collection_per_kind_and_never_see_each_others_records()
    {
        using var factory = NewFactory("owners_");
        using var ada = factory.Create<MemoryRecord>(new VectorIndexName("memory", "persona-ada"));
        using var bob = factory.Create<MemoryRecord>(new VectorIndexName("memory", "persona-bob"));
        await ada.EnsureCollectionExistsAsync();
        await bob.EnsureCollectionExistsAsync();
        var vector = new TestVectors(31).Unit();
        await ada.UpsertAsync(Record("same-key", vector, "ada"));
        await bob.UpsertAsync(Record("same-key", vector, "bob"));

        await bob.EnsureCollectionDeletedAsync();

        Assert.Equal(["owners_memory"], fixture.Server.State.Collections.Keys.Where(k => k.StartsWith("owners_", StringComparison.Ordinal)));
        Assert.Equal("ada", (await ada.GetAsync("same-key"))!.Person);
        Assert.Equal(["ada"], await ada.SearchAsync(vector, 10).Select(r => r.Record.Person).ToListAsync());
        Assert.Null(await bob.GetAsync("same-key"));
        Assert.True(await ada.CollectionExistsAsync());
        Assert.False(await bob.CollectionExistsAsync());
    }

    [Fact]
    public async Task Ensuring_the_collection_creates_the_tenant_index_and_the_indexes_the_record_asks_for()
    {
        using var factory = NewFactory("indexes_");
        using var index = factory.Create<MemoryRecord>(new VectorIndexName("memory", "persona-1"));

        await index.EnsureCollectionExistsAsync();
        await index.EnsureCollectionExistsAsync();

        var collection = fixture.Server.State.Collections["indexes_memory"];
        Assert.Equal(384ul, collection.Dimensions);
        Assert.True(collection.PayloadIndexes[QdrantPayload.OwnerField].Params!.KeywordIndexParams.IsTenant);
        Assert.Equal(
            new[] { "OccurredAt:Datetime", "Person:Keyword", "Importance:Integer", "Tags:Keyword" }.Order(),
            collection.PayloadIndexes.Where(p => p.Key != QdrantPayload.OwnerField).Select(p => $"{p.Key}:{p.Value.Type}").Order());
    }

    [Fact]
    public void Snapshots_are_refused_because_qdrant_persists_the_index()
    {
        using var factory = NewFactory();
        using var index = factory.Create<MemoryRecord>(new VectorIndexName("memory", "persona-1"));

        Assert.False(index.OwnerKeepsSnapshot);
        Assert.Contains("Qdrant", Assert.Throws<NotSupportedException>(() => index.Export()).Message);
    }

    [Fact]
    public async Task Request_without_the_api_key_fails_with_qdrants_error_named()
    {
        using var factory = new QdrantVectorIndexFactory(fixture.Server.NewClient(apiKey: null), "edrs_", new HnswOptions());
        using var index = factory.Create<MemoryRecord>(new VectorIndexName("memory", "persona-1"));

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => index.EnsureCollectionExistsAsync());

        Assert.Equal("qdrant", error.VectorStoreSystemName);
        Assert.Contains("API key", error.Message);
    }

    [Fact]
    public async Task Writing_before_the_collection_exists_fails_with_qdrants_not_found()
    {
        using var factory = NewFactory("missing_");
        using var index = factory.Create<MemoryRecord>(new VectorIndexName("memory", "persona-1"));

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => index.UpsertAsync(Record("m1", new TestVectors(32).Unit())));

        Assert.Contains("Collection `missing_memory` doesn't exist!", error.Message);
    }

    [Fact]
    public async Task Grain_code_gets_a_qdrant_index_from_add_edrs_vectors_configured_by_url_and_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vectors:Store"] = "Qdrant",
            ["Vectors:Qdrant:Url"] = fixture.Server.Address.ToString(),
            ["Vectors:Qdrant:ApiKey"] = QdrantServerDoubleFixture.ApiKey,
            ["Vectors:Qdrant:CollectionPrefix"] = "wired_",
        }).Build();
        await using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddEdrsVectors().BuildServiceProvider();
        var factory = provider.GetRequiredService<IVectorIndexFactory>();
        using var index = factory.Create<MemoryRecord>(new VectorIndexName("knowledge", "persona-1"));
        var vector = new TestVectors(33).Unit();

        await index.EnsureCollectionExistsAsync();
        await index.UpsertAsync(Record("chunk-1", vector));

        Assert.Equal(VectorStoreKind.Qdrant, factory.Store);
        Assert.Equal("chunk-1", (await index.SearchAsync(vector, 1).SingleAsync()).Record.Key);
        Assert.True(fixture.Server.State.Collections.ContainsKey("wired_knowledge"));
    }

    [Fact]
    public void Point_ids_are_stable_uuids_of_owner_and_key()
    {
        var first = QdrantPointIds.For("persona-1", "m1");

        Assert.Equal(first, QdrantPointIds.For("persona-1", "m1"));
        Assert.NotEqual(first, QdrantPointIds.For("persona-2", "m1"));
        Assert.NotEqual(first, QdrantPointIds.For("persona-1", "m2"));
        Assert.Equal(5, first.Version);
    }
}
