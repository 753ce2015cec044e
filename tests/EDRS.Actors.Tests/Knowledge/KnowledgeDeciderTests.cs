using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Commands;
using EDRS.Actors.Knowledge.Events;
using EDRS.Actors.Knowledge.Sources;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tests.Knowledge;

public sealed class KnowledgeDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static CreateCollection Create(string id = "handbook", int shards = 0, params string[] sources) =>
        new(id, " Employee handbook ", "", shards, DefaultShards: 4, sources);

    [Fact]
    public void A_collection_is_created_once_with_the_default_shard_count()
    {
        var created = Assert.IsType<KnowledgeCollectionCreated>(Assert.Single(KnowledgeDecider.Decide(Create(), KnowledgeState.Initial, T0)));
        var state = KnowledgeDecider.Evolve(KnowledgeState.Initial, created);

        Assert.Equal(("Employee handbook", 4), (state.Name, state.Shards));
        Assert.Equal(RejectionReason.AlreadyExists, Assert.Throws<CommandRejectedException>(() => KnowledgeDecider.Decide(Create(), state, T0)).Reason);
    }

    [Theory]
    [InlineData("a-collection-id-of-sixty-one-characters-is-one-too-long-for-it", 0, "collectionId")]
    [InlineData("handbook", 65, "shards")]
    [InlineData("handbook", -1, "shards")]
    public void Bad_settings_are_refused_naming_the_field(string id, int shards, string field)
    {
        var refused = Assert.Throws<CommandRejectedException>(() => KnowledgeDecider.Decide(Create(id, shards), KnowledgeState.Initial, T0));

        Assert.Equal(field, refused.Field);
    }

    [Theory]
    [InlineData("ftp://files.example/")]
    [InlineData("https://user:secret@wiki.example/")]
    [InlineData("https://wiki.example/?q=1")]
    [InlineData("/relative")]
    public void An_allowed_source_must_be_a_plain_http_prefix(string source)
    {
        var refused = Assert.Throws<CommandRejectedException>(() => KnowledgeDecider.Decide(Create(sources: source), KnowledgeState.Initial, T0));

        Assert.Equal("allowedSources[0]", refused.Field);
    }

    [Theory]
    [InlineData("https://wiki.example/docs", "https://wiki.example/docs/leave.html", true)]
    [InlineData("https://wiki.example/docs", "https://wiki.example/docs", true)]
    [InlineData("https://wiki.example/docs", "https://wiki.example/docs-private/a", false)]
    [InlineData("https://wiki.example/docs/", "https://WIKI.example/docs/a?x=1", true)]
    [InlineData("https://wiki.example/", "http://wiki.example/a", false)]
    [InlineData("https://wiki.example/", "https://wiki.example:8443/a", false)]
    [InlineData("https://wiki.example/", "https://evil.example/wiki.example/", false)]
    public void A_source_is_allowed_only_under_a_prefix(string prefix, string source, bool allowed) =>
        Assert.Equal(allowed, SourceAllowList.IsAllowed([prefix], source));
}
