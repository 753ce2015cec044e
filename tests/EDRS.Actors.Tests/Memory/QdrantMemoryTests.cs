using EDRS.Grains.Contracts.Memory;
using EDRS.Actors.Memory;
using EDRS.Grains.Contracts.Personas;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Grains;
using EDRS.Testing.Qdrant;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using TestPersonas = EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Memory;

/// <summary>
/// The memory grain with its vectors in Qdrant (<c>Vectors__Store=Qdrant</c>): the same grain code as with the in-member
/// index, on a real member, a real PostgreSQL journal and the real embedding model; the Qdrant server is the test double of
/// its gRPC API (no Qdrant server can run where the tests run), so what is checked is the production adapter talking to it.
/// </summary>
public sealed class QdrantMemoryTests(TestDatabase database, QdrantServerDoubleFixture qdrant)
    : IClassFixture<TestDatabase>, IClassFixture<QdrantServerDoubleFixture>
{
    private const string Prefix = "memtest_";

    private static readonly DateTimeOffset Today = DateTimeOffset.UtcNow;

    private CountingEmbeddingPort? _port;

    private Task<TestMember> StartMemberAsync() =>
        TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Kinds = MemberKinds.Core | MemberKinds.Embedding,
            Settings = new Dictionary<string, string?>
            {
                ["Vectors:Store"] = "Qdrant",
                ["Vectors:Qdrant:Url"] = qdrant.Server.Address.ToString(),
                ["Vectors:Qdrant:ApiKey"] = QdrantServerDoubleFixture.ApiKey,
                ["Vectors:Qdrant:CollectionPrefix"] = Prefix,
            },
            Services = services => CountingEmbeddingPort.Install(services, port => _port = port),
        });

    private static RememberMemoryRequest Told(string text, string personId = "", int daysAgo = 1) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        Text = text,
        PersonId = personId,
        OccurredAt = Timestamp.FromDateTimeOffset(Today.AddDays(-daysAgo)),
    };

    private static SearchMemoriesRequest Ask(string query) => new() { Query = query, AsOf = Timestamp.FromDateTimeOffset(Today) };

    /// <summary>The points the double holds for one persona's memory (the owner payload names the persona).</summary>
    private int PointsOf(string personaId) =>
        qdrant.Server.State.Collections.TryGetValue(Prefix + "memory", out var collection)
            ? collection.Points.Values.Count(p => p.Payload["edrs_owner"].StringValue.EndsWith(personaId, StringComparison.Ordinal))
            : 0;

    [Fact]
    public async Task Memories_are_indexed_in_qdrant_and_found_by_meaning()
    {
        await using var member = await StartMemberAsync();
        var personaId = TestPersonas.NewId();
        var memory = member.Grains.Memory(TestPersonas.Tenant, personaId);
        await memory.RememberAsync(Told("Lena Vogel prefers calls after 3 pm.", "lena-vogel"));
        var budget = await memory.RememberAsync(Told("The travel budget is 4,000 euros per quarter."));
        await memory.RememberAsync(Told("The release train leaves every second Thursday."));

        var found = await memory.SearchAsync(Ask("How much money can be spent on trips?"));

        Assert.Equal(3, PointsOf(personaId));
        Assert.Equal(budget.Memory.Id, found.Items[0].Memory.Id);
    }

    [Fact]
    public async Task A_new_activation_searches_the_points_qdrant_keeps_without_embedding_any_memory_again()
    {
        var personaId = TestPersonas.NewId();
        long moved;
        await using (var member = await StartMemberAsync())
        {
            var memory = member.Grains.Memory(TestPersonas.Tenant, personaId);
            await memory.RememberAsync(Told("Ravi Shah leads the data platform team.", "ravi-shah", daysAgo: 4));
            moved = (await memory.RememberAsync(Told("The Berlin office moved to Alexanderplatz in May.", daysAgo: 2))).Memory.Id;
            Assert.Equal(2, _port!.Passages);
        }

        await using var restarted = await StartMemberAsync();
        var found = await restarted.Grains.Memory(TestPersonas.Tenant, personaId).SearchAsync(Ask("Where is the Berlin office now?"));

        Assert.Equal(moved, found.Items[0].Memory.Id);
        Assert.Equal(0, _port!.Passages);
        Assert.Equal(2, PointsOf(personaId));
    }

    [Fact]
    public async Task Forgetting_a_person_deletes_their_points_from_qdrant()
    {
        await using var member = await StartMemberAsync();
        var personaId = await member.HireAsync();
        var memory = member.Grains.Memory(TestPersonas.Tenant, personaId);
        await memory.RememberAsync(Told("Bruno Keller's home address is 12 Linden Street.", "bruno-keller"));
        var kept = await memory.RememberAsync(Told("Carla Russo runs the Monday stand-up.", "carla-russo"));
        Assert.Equal(2, PointsOf(personaId));

        await member.Persona(personaId).ForgetPersonAsync(new ForgetPersonRequest { RequestId = TestPersonas.NewRequestId(), PersonId = "bruno-keller" });

        await Eventually.TrueAsync(() => PointsOf(personaId) == 1, "the erasure deletes the person's point");
        var found = await memory.SearchAsync(Ask("Where does Bruno live?"));
        Assert.Equal([kept.Memory.Id], found.Items.Select(i => i.Memory.Id));
    }
}
