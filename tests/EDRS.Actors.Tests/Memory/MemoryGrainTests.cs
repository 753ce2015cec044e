using EDRS.Actors.Memory;
using EDRS.Actors.Memory.Vectors;
using EDRS.Vectors;
using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using TestPersonas = EDRS.Testing.Grains.Personas;
using EDRS.Testing.Grains;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EDRS.Actors.Tests.Memory;

/// <summary>
/// The memory grain on a real member with a real PostgreSQL journal and the real embedding model (MiniLM, through the
/// embedding grain on the same member). The member's clock is a fake the test sets, so as-of and retention are exact.
/// </summary>
public sealed class MemoryGrainTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Today = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Today);

    private CountingEmbeddingPort? _port;

    private Task<TestMember> StartMemberAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Kinds = MemberKinds.Core | MemberKinds.Embedding,
            Settings = settings ?? new Dictionary<string, string?>(),
            Services = s =>
            {
                s.AddSingleton<TimeProvider>(_clock);
                CountingEmbeddingPort.Install(s, port => _port = port);
                services?.Invoke(s);
            },
        });

    private static string StreamKey(string personaId) => GrainIdentity.Of(MemoryClients.Kind, TestPersonas.Tenant, personaId).StreamKey;

    private static RememberMemoryRequest Told(string text, string personId = "", int daysAgo = 0, MemoryEntryKind kind = MemoryEntryKind.Note,
        MemoryEntrySource source = MemoryEntrySource.Told, int importance = 0) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        Text = text,
        PersonId = personId,
        Kind = kind,
        Source = source,
        Importance = importance,
        OccurredAt = Timestamp.FromDateTimeOffset(Today.AddDays(-daysAgo)),
    };

    private static SearchMemoriesRequest Ask(string query, int daysAgo = 0, string personId = "", MemoryRanking ranking = MemoryRanking.Hybrid) => new()
    {
        Query = query,
        AsOf = Timestamp.FromDateTimeOffset(Today.AddDays(-daysAgo)),
        PersonId = personId,
        Ranking = ranking,
    };

    [Fact]
    public async Task An_update_ranks_above_the_memory_it_supersedes_and_as_of_an_earlier_day_only_the_old_one_counts()
    {
        await using var member = await StartMemberAsync();
        var memory = member.Grains.Memory(TestPersonas.Tenant, TestPersonas.NewId());
        var old = await memory.RememberAsync(Told("Maria Garcia works from home on Mondays.", "maria-garcia", daysAgo: 30, MemoryEntryKind.Schedule));
        var update = await memory.RememberAsync(Told("Maria Garcia now works from home on Fridays instead of Mondays.", "maria-garcia", daysAgo: 5, MemoryEntryKind.Schedule));
        await memory.RememberAsync(Told("Tom Becker likes long lunches.", "tom-becker", daysAgo: 20, MemoryEntryKind.Like));

        var now = await memory.SearchAsync(Ask("Which day does Maria work from home?"));
        var then = await memory.SearchAsync(Ask("Which day does Maria work from home?", daysAgo: 10));

        Assert.Equal([old.Memory.Id], update.Memory.Supersedes);
        Assert.Equal(update.Memory.Id, now.Items[0].Memory.Id);
        var stale = Assert.Single(now.Items, i => i.Memory.Id == old.Memory.Id);
        Assert.True(stale.Superseded);
        // Ten days ago the update had not happened: it is not found, and the old memory was not superseded yet.
        Assert.DoesNotContain(then.Items, i => i.Memory.Id == update.Memory.Id);
        Assert.Equal(old.Memory.Id, then.Items[0].Memory.Id);
        Assert.False(then.Items[0].Superseded);
    }

    [Fact]
    public async Task A_memory_that_names_its_person_only_by_id_is_found_by_the_persons_name()
    {
        await using var member = await StartMemberAsync();
        var memory = member.Grains.Memory(TestPersonas.Tenant, TestPersonas.NewId());
        var off = await memory.RememberAsync(Told("She's off on Fridays.", "maria-garcia", daysAgo: 3, MemoryEntryKind.Schedule));
        await memory.RememberAsync(Told("He is off on Wednesdays.", "tom-becker", daysAgo: 3, MemoryEntryKind.Schedule));
        await memory.RememberAsync(Told("The office is closed on public holidays.", daysAgo: 3));

        var found = await memory.SearchAsync(Ask("Which day is Maria off?"));

        Assert.Equal(off.Memory.Id, found.Items[0].Memory.Id);
    }

    [Fact]
    public async Task Near_identical_names_stay_different_people()
    {
        await using var member = await StartMemberAsync();
        var memory = member.Grains.Memory(TestPersonas.Tenant, TestPersonas.NewId());
        var jon = await memory.RememberAsync(Told("Jon Smith prefers tea in the morning.", "jon-smith", daysAgo: 4, MemoryEntryKind.Preference));
        var john = await memory.RememberAsync(Told("John Smith prefers coffee in the morning.", "john-smith", daysAgo: 2, MemoryEntryKind.Preference));

        var aboutJon = await memory.SearchAsync(Ask("What does Jon Smith drink in the morning?"));
        var aboutJohn = await memory.SearchAsync(Ask("What does John Smith drink in the morning?"));

        Assert.Empty(john.Memory.Supersedes);
        Assert.Equal(jon.Memory.Id, aboutJon.Items[0].Memory.Id);
        Assert.Equal(john.Memory.Id, aboutJohn.Items[0].Memory.Id);
    }

    [Fact]
    public async Task Another_tenants_memory_of_the_same_persona_id_is_never_found()
    {
        await using var member = await StartMemberAsync();
        var personaId = TestPersonas.NewId();
        await member.Grains.Memory("globex", personaId).RememberAsync(Told("The launch code word is heliotrope."));

        var found = await member.Grains.Memory(TestPersonas.Tenant, personaId).SearchAsync(Ask("What is the launch code word?"));

        Assert.Empty(found.Items);
    }

    [Fact]
    public async Task Activation_restores_the_index_from_snapshot_and_events_without_embedding_any_memory_again()
    {
        var personaId = TestPersonas.NewId();
        long budget;
        await using (var member = await StartMemberAsync(new Dictionary<string, string?> { ["Journal:SnapshotEvery"] = "3" }))
        {
            var memory = member.Grains.Memory(TestPersonas.Tenant, personaId);
            for (var i = 0; i < 5; i++)
                await memory.RememberAsync(Told($"Project {i} ships in week {10 + i}.", daysAgo: 10 - i, kind: MemoryEntryKind.Project));
            budget = (await memory.RememberAsync(Told("The travel budget is 4,000 euros per quarter.", daysAgo: 1))).Memory.Id;
            Assert.Equal(6, _port!.Passages);
        }

        await using var restarted = await StartMemberAsync();
        var found = await restarted.Grains.Memory(TestPersonas.Tenant, personaId).SearchAsync(Ask("How much can be spent on travel?"));

        Assert.Equal(budget, found.Items[0].Memory.Id);
        Assert.Equal(0, _port!.Passages);
        Assert.True(_port.Queries > 0);
    }

    [Fact]
    public async Task Episodes_expire_after_the_retention_while_told_and_important_ones_stay()
    {
        await using var member = await StartMemberAsync(new Dictionary<string, string?> { ["Memory:EpisodeRetention"] = "10.00:00:00" });
        var personaId = TestPersonas.NewId();
        var memory = member.Grains.Memory(TestPersonas.Tenant, personaId);
        var episode = await memory.RememberAsync(Told("Tom mentioned his cat is ill.", "tom-becker", daysAgo: 5, source: MemoryEntrySource.Session));
        var important = await memory.RememberAsync(Told("Tom's daughter was born today.", "tom-becker", daysAgo: 5, source: MemoryEntrySource.Session, importance: 9));
        var told = await memory.RememberAsync(Told("Tom leads the billing team.", "tom-becker", daysAgo: 5));

        _clock.Advance(TimeSpan.FromDays(6));

        var types = await Eventually.ValueAsync(() => database.EventTypesAsync(StreamKey(personaId)), t => t.Contains("memories_expired"),
            "the retention timer journals the expiry");
        var left = await memory.ListAsync(new ListMemoriesRequest());
        Assert.Equal([important.Memory.Id, told.Memory.Id], left.Items.Select(i => i.Id));
        Assert.DoesNotContain(episode.Memory.Id, left.Items.Select(i => i.Id));
        Assert.Equal("memories_expired", types[^1]);
    }

    [Fact]
    public async Task A_stopped_memory_frees_its_index_and_its_timer_still_journals_the_expiry()
    {
        TrackedIndexFactory? indexes = null;
        await using var member = await StartMemberAsync(
            new Dictionary<string, string?> { ["Memory:EpisodeRetention"] = "10.00:00:00", ["Grains:IdleTimeout"] = "00:00:01" },
            services => TrackedIndexFactory.Install(services, factory => indexes = factory));
        var personaId = TestPersonas.NewId();
        await member.Grains.Memory(TestPersonas.Tenant, personaId).RememberAsync(Told("Tom mentioned his cat is ill.", "tom-becker", daysAgo: 5, source: MemoryEntrySource.Session));
        var index = Assert.Single(indexes!.CreatedFor("memory", personaId));

        // Idle for a second, the activation stops and frees its index (an in-member graph: native memory); its sweep timer,
        // due in five days, holds only the grain's address.
        await Eventually.TrueAsync(() => index.Target is not VectorIndex<MemoryVectorRecord> alive || IsDisposed(alive), "the stopped activation to free its index");
        _clock.Advance(TimeSpan.FromDays(6));

        // Nobody calls the grain: the timer the stopped activation set wakes it, and the expiry is journaled.
        var types = await Eventually.ValueAsync(() => database.EventTypesAsync(StreamKey(personaId)), t => t.Contains("memories_expired"),
            "the sweep timer of the stopped activation to journal the expiry");
        Assert.Equal("memories_expired", types[^1]);
    }

    private static bool IsDisposed(VectorIndex<MemoryVectorRecord> index)
    {
        try
        {
            index.Export();
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    [Fact]
    public async Task Facts_the_persona_remembers_are_found_by_memory_search()
    {
        await using var member = await StartMemberAsync();
        var personaId = await member.HireAsync();
        await member.RememberAsync(personaId, "ana-lopez", "Ana is allergic to peanuts.", subject: "allergy");

        var found = await Eventually.ValueAsync(
            () => member.Grains.Memory(TestPersonas.Tenant, personaId).SearchAsync(Ask("What is Ana allergic to?")).ResponseAsync,
            r => r.Items.Count > 0, "the fact is mirrored into memory");

        Assert.Equal(MemoryEntrySource.Fact, found.Items[0].Memory.Source);
        Assert.Contains("peanuts", found.Items[0].Memory.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forgetting_a_person_erases_their_memories_from_state_index_snapshot_and_stored_events()
    {
        await using var member = await StartMemberAsync();
        var personaId = await member.HireAsync();
        var memory = member.Grains.Memory(TestPersonas.Tenant, personaId);
        await memory.RememberAsync(Told("Bruno Keller's home address is 12 Linden Street.", "bruno-keller", daysAgo: 2));
        var kept = await memory.RememberAsync(Told("Carla Russo runs the Monday stand-up.", "carla-russo", daysAgo: 2));

        await member.Persona(personaId).ForgetPersonAsync(new ForgetPersonRequest { RequestId = TestPersonas.NewRequestId(), PersonId = "bruno-keller" });

        var left = await Eventually.ValueAsync(() => memory.ListAsync(new ListMemoriesRequest()).ResponseAsync,
            page => page.Items.All(i => i.PersonId != "bruno-keller"), "the erasure reaches memory");
        Assert.Equal([kept.Memory.Id], left.Items.Select(i => i.Id));
        var found = await memory.SearchAsync(Ask("Where does Bruno live?"));
        Assert.DoesNotContain(found.Items, i => i.Memory.Text.Contains("Linden", StringComparison.Ordinal));
        var stored = await database.JournalAsync(StreamKey(personaId));
        Assert.DoesNotContain("Linden", stored, StringComparison.Ordinal);
        var snapshot = await database.ScalarAsync<string>("select coalesce(string_agg(data::text, ''), '') from edrs_snapshots where stream_id = $1", StreamKey(personaId));
        Assert.DoesNotContain("Linden", snapshot, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_field()
    {
        await using var member = await StartMemberAsync();
        var memory = member.Grains.Memory(TestPersonas.Tenant, TestPersonas.NewId());

        var empty = await Assert.ThrowsAsync<RpcException>(() => memory.RememberAsync(Told("")).ResponseAsync);
        var k = await Assert.ThrowsAsync<RpcException>(() => memory.SearchAsync(new SearchMemoriesRequest { Query = "x", K = 101 }).ResponseAsync);
        var future = await Assert.ThrowsAsync<RpcException>(() => memory.RememberAsync(Told("later", daysAgo: -3)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Contains("text", empty.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("k", k.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("occurredAt", future.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }
}
