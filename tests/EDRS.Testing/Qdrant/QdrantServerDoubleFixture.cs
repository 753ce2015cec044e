namespace EDRS.Testing.Qdrant;

/// <summary>One Qdrant double (with an API key, as production runs) shared by a test class.</summary>
public sealed class QdrantServerDoubleFixture : IAsyncLifetime
{
    public const string ApiKey = "double-api-key";

    public QdrantServerDouble Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await QdrantServerDouble.StartAsync(ApiKey);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
