using EDRS.Actors.Personas;
using EDRS.Actors.Sessions;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Contracts.Sessions;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Models;

namespace EDRS.Actors.Tests.Sessions;

/// <summary>
/// Sessions in a cluster as deployed: core members host sessions, personas and working memory; an inference member
/// (the only one with the model: the tiny GGUF through LLamaSharp) hosts the inference grains. The session reaches
/// the model through the IChatClient / ITokenCounter ports over the inference grains.
/// </summary>
public sealed class SessionClusterTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly Dictionary<string, string?> CoreSettings = new() { ["Sessions:MaxReplyTokens"] = "12" };

    private static readonly Dictionary<string, string?> InferenceSettings = new()
    {
        ["MODEL_PATH"] = TinyModel.Path,
        ["MAX_BATCH_SIZE"] = "2",
        ["MODEL_CONTEXT_SIZE"] = "2048",
    };

    [Fact]
    public async Task A_session_on_a_core_member_talks_through_the_inference_member_and_survives_the_core_member_restart()
    {
        await using var inference = await TestMember.StartSeedMemberAsync(journal: null, seed: null, MemberKinds.Inference, InferenceSettings);
        SessionView before;
        string personaId = "ada-cluster";
        await using (var core = await TestMember.StartSeedMemberAsync(database.ConnectionString, inference, MemberKinds.Core, CoreSettings))
        {
            var profile = new Grains.Contracts.Personas.PersonaProfile { Name = "Ada", Role = "Support lead" };
            profile.Skills.Add("billing");
            await core.Grains.Persona("acme", personaId).HireAsync(new HirePersonaRequest { RequestId = "hire", Profile = profile });
            var session = core.Grains.Session("acme", "s-cluster");
            await session.OpenAsync(new OpenSessionRequest { RequestId = "open", PersonaId = personaId, PersonId = "bob" });
            var first = await session.SayAsync(new SayRequest { RequestId = "t1", Text = "first question" });
            await session.SayAsync(new SayRequest { RequestId = "t2", Text = "second question" });
            before = await session.GetSessionAsync(new GetSessionRequest());
            Assert.Equal(12, first.ReplyTokens);
        }

        await using var restarted = await TestMember.StartSeedMemberAsync(database.ConnectionString, inference, MemberKinds.Core, CoreSettings);
        var again = restarted.Grains.Session("acme", "s-cluster");
        var after = await again.GetSessionAsync(new GetSessionRequest());
        var third = await again.SayAsync(new SayRequest { RequestId = "t3", Text = "third question" });

        Assert.Equal(before, after);
        Assert.Equal(["first question", "second question"], after.Turns.Select(t => t.UserText));
        Assert.All(after.Turns, t => Assert.Equal(TurnStatus.Replied, t.Status));
        Assert.Equal(3, third.Turn);
        Assert.Equal(2, third.TurnsInPrompt);
    }
}
