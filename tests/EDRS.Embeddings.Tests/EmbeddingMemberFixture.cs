namespace EDRS.Embeddings.Tests;

/// <summary>One embedding member for a test class (loading the model takes a second or two).</summary>
public sealed class EmbeddingMemberFixture : IAsyncLifetime
{
    private EmbeddingMember? _member;

    public EmbeddingMember Member => _member ?? throw new InvalidOperationException("The member has not started.");

    public async Task InitializeAsync() => _member = await EmbeddingMember.StartAsync();

    public async Task DisposeAsync()
    {
        if (_member is not null)
            await _member.DisposeAsync();
    }
}
