using EDRS.Testing.Cluster;
using Microsoft.Extensions.AI;

namespace EDRS.Models.Tests.Embeddings;

/// <summary>
/// One single-node member running the embedding model for a test class (loading the model takes a second or two), wired
/// as an inference node is: the embedding runner and the grain-backed embedding port. No journal: the grain stores nothing.
/// </summary>
public sealed class EmbeddingNodeFixture : IAsyncLifetime
{
    private TestMember? _member;

    public TestMember Member => _member ?? throw new InvalidOperationException("The member has not started.");

    /// <summary>The process's embedding port: the grain client, calling the embedding grains.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Port => Member.Service<IEmbeddingGenerator<string, Embedding<float>>>();

    public async Task InitializeAsync() => _member = await TestMember.StartAsync(new MemberSpec { Kinds = MemberKinds.Embedding });

    public async Task DisposeAsync()
    {
        if (_member is not null)
            await _member.DisposeAsync();
    }
}
