using EDRS.Vectors.InMember;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EDRS.Vectors.Tests.Options;

/// <summary>Bad vector settings are refused at start-up with messages naming the environment variable to fix.</summary>
public sealed class VectorsOptionsTests
{
    private static IVectorIndexFactory Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddEdrsVectors().BuildServiceProvider();
        return provider.GetRequiredService<IVectorIndexFactory>();
    }

    [Fact]
    public void Without_settings_the_index_lives_in_the_member_with_the_default_hnsw_parameters()
    {
        var factory = Resolve([]);

        Assert.Equal(VectorStoreKind.InMember, factory.Store);
        Assert.Equal((16, 200, 100), (new HnswOptions().Connectivity, new HnswOptions().ExpansionAdd, new HnswOptions().ExpansionSearch));
    }

    [Fact]
    public void Unknown_store_is_refused_naming_vectors_store()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Vectors:Store"] = "Qdrnt" }));

        Assert.Contains("Vectors__Store must be InMember or Qdrant (got 'Qdrnt')", error.Message);
    }

    [Fact]
    public void Qdrant_without_a_url_is_refused_naming_the_url_variable()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Vectors:Store"] = "Qdrant" }));

        Assert.Contains("Vectors__Qdrant__Url is required", error.Message);
    }

    [Fact]
    public void Qdrant_url_that_is_not_http_is_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Vectors:Store"] = "Qdrant", ["Vectors:Qdrant:Url"] = "qdrant:6334" }));

        Assert.Contains("Vectors__Qdrant__Url must be an absolute http:// or https:// URL", error.Message);
    }

    [Fact]
    public void Hnsw_parameters_out_of_range_are_refused_each_by_name()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["Vectors:Hnsw:Connectivity"] = "1",
            ["Vectors:Hnsw:ExpansionSearch"] = "0",
            ["Vectors:Hnsw:SearchThreads"] = "0",
        }));

        Assert.Contains("Vectors__Hnsw__Connectivity must be between 2 and 256 (got 1)", error.Message);
        Assert.Contains("Vectors__Hnsw__ExpansionSearch must be between 1 and 4096 (got 0)", error.Message);
        Assert.Contains("Vectors__Hnsw__SearchThreads", error.Message);
    }

    [Fact]
    public void Index_built_in_code_with_bad_hnsw_options_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new InMemberVectorIndex<MemoryRecord>(new VectorIndexName("memory", "p"), new HnswOptions { ExpansionAdd = 0 }));

        Assert.Contains("ExpansionAdd", error.Message);
    }

    [Theory]
    [InlineData("Memory/p")]
    [InlineData("memory/")]
    [InlineData("/owner")]
    [InlineData("no-slash")]
    public void Malformed_index_names_are_refused(string text)
    {
        Assert.False(VectorIndexName.TryParse(text, out _));
        Assert.Throws<FormatException>(() => VectorIndexName.Parse(text));
    }

    [Fact]
    public void Index_name_round_trips_with_an_owner_containing_a_slash()
    {
        var name = VectorIndexName.Parse("knowledge/tenant-1/persona-2");

        Assert.Equal(("knowledge", "tenant-1/persona-2"), (name.Kind, name.Owner));
        Assert.Equal("knowledge/tenant-1/persona-2", name.ToString());
    }
}
