using EDRS.Actors.Memory;
using EDRS.Actors.Personas;
using EDRS.Actors.Sessions;
using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Contracts.Sessions;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Grains;
using TestPersonas = EDRS.Testing.Grains.Personas;
using EDRS.Testing.Models;
using Microsoft.Extensions.DependencyInjection;

namespace EDRS.Actors.Tests.Sessions;

/// <summary>
/// Session turns becoming long-term memories: a real member hosting the core kinds and the MiniLM embedding runner, the tiny
/// model replying through LLamaSharp, a real PostgreSQL journal.
/// </summary>
public sealed class SessionMemoryTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static string Id() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task What_the_person_tells_the_persona_becomes_a_session_memory_about_them_and_questions_do_not()
    {
        await using var member = await TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Kinds = MemberKinds.Core | MemberKinds.Embedding,
            Settings = new Dictionary<string, string?> { ["Sessions:MaxReplyTokens"] = "8" },
            Services = services =>
            {
                services.AddSingleton(TinyModel.Backend.ChatClient);
                services.AddSingleton(TinyModel.Backend.TokenCounter);
            },
        });
        var personaId = await member.HireAsync();
        var session = member.Grains.Session(TestPersonas.Tenant, "s-memory");
        await session.OpenAsync(new OpenSessionRequest { RequestId = Id(), PersonaId = personaId, PersonId = "bob" });

        await session.SayAsync(new SayRequest { RequestId = Id(), Text = "when can we meet?" });
        await session.SayAsync(new SayRequest { RequestId = Id(), Text = "I moved to the Lisbon office last week." });

        var page = await Eventually.ValueAsync(() => member.Grains.Memory(TestPersonas.Tenant, personaId).ListAsync(new ListMemoriesRequest()).ResponseAsync,
            p => p.Items.Count > 0, "the turn is remembered");
        var memory = Assert.Single(page.Items);
        Assert.Equal("I moved to the Lisbon office last week.", memory.Text);
        Assert.Equal("bob", memory.PersonId);
        Assert.Equal(MemoryEntrySource.Session, memory.Source);
    }
}
