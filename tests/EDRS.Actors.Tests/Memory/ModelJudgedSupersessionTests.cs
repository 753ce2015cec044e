using EDRS.Actors.Inference;
using EDRS.Actors.Memory;
using EDRS.Grains.Contracts.Memory;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Models;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using TestPersonas = EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Memory;

/// <summary>
/// Supersession judged by a chat model (<c>Memory:UpdateJudge=Model</c>): the memory grain on a real member with a real
/// journal and the real embedding model asks a scripted chat-client double — a double because the test must decide the
/// model's verdict — and its verdict overrules the deterministic rules; an answer that is not the JSON asked for leaves
/// the decision to the rules.
/// </summary>
public sealed class ModelJudgedSupersessionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Mondays = "Maria Garcia works from home on Mondays.";
    private const string Fridays = "Maria Garcia now works from home on Fridays instead of Mondays.";
    private const string Lisbon = "She is at the Lisbon site all week.";

    private static readonly DateTimeOffset Today = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private Task<TestMember> StartMemberAsync(ScriptedChatClient? model) =>
        TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Kinds = MemberKinds.Core | MemberKinds.Embedding,
            Settings = new Dictionary<string, string?> { ["Memory:UpdateJudge"] = "Model" },
            Services = services =>
            {
                if (model is null)
                    return;
                services.AddSingleton<IChatClient>(model);
                services.AddSingleton<IModelAvailability, ConfiguredModel>();
            },
        });

    private static RememberMemoryRequest Schedule(string text, int daysAgo) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        Text = text,
        PersonId = "maria-garcia",
        Kind = MemoryEntryKind.Schedule,
        OccurredAt = Timestamp.FromDateTimeOffset(Today.AddDays(-daysAgo)),
    };

    [Fact]
    public async Task The_models_no_keeps_a_memory_the_rules_would_supersede_and_the_model_is_asked_for_json()
    {
        var model = new ScriptedChatClient((_, _) => """{"updates": null}""");
        await using var member = await StartMemberAsync(model);
        var memory = member.Grains.Memory(TestPersonas.Tenant, TestPersonas.NewId());

        var old = await memory.RememberAsync(Schedule(Mondays, daysAgo: 30));
        var update = await memory.RememberAsync(Schedule(Fridays, daysAgo: 5));

        Assert.Empty(update.Memory.Supersedes);
        var (messages, options) = Assert.Single(model.Calls);
        Assert.Contains($"id {old.Memory.Id} ", messages[^1].Text, StringComparison.Ordinal);
        Assert.Contains(Fridays, messages[^1].Text, StringComparison.Ordinal);
        Assert.IsType<ChatResponseFormatJson>(options?.ResponseFormat);
    }

    [Fact]
    public async Task The_model_finds_an_update_the_rules_miss()
    {
        var model = new ScriptedChatClient((_, _) => "");
        await using var member = await StartMemberAsync(model);
        var byRules = member.Grains.Memory(TestPersonas.Tenant, TestPersonas.NewId());
        var byModel = member.Grains.Memory(TestPersonas.Tenant, TestPersonas.NewId());

        // An empty answer is no verdict: the rules decide, and they see no update here.
        await byRules.RememberAsync(Schedule(Mondays, daysAgo: 30));
        var missed = await byRules.RememberAsync(Schedule(Lisbon, daysAgo: 5));
        var old = await byModel.RememberAsync(Schedule(Mondays, daysAgo: 30));
        model.Answer = (_, _) => $$"""{"updates": {{old.Memory.Id}}}""";
        var found = await byModel.RememberAsync(Schedule(Lisbon, daysAgo: 5));
        var search = await byModel.SearchAsync(new SearchMemoriesRequest
        {
            Query = "Where does Maria work?",
            AsOf = Timestamp.FromDateTimeOffset(Today),
        });

        Assert.Empty(missed.Memory.Supersedes);
        Assert.Equal([old.Memory.Id], found.Memory.Supersedes);
        Assert.Equal(found.Memory.Id, search.Items[0].Memory.Id);
        Assert.True(Assert.Single(search.Items, i => i.Memory.Id == old.Memory.Id).Superseded);
    }

    [Fact]
    public async Task An_answer_that_is_not_the_json_asked_for_leaves_the_decision_to_the_rules()
    {
        var model = new ScriptedChatClient((_, _) => "Yes, I think the second one replaces the first.");
        await using var member = await StartMemberAsync(model);
        var memory = member.Grains.Memory(TestPersonas.Tenant, TestPersonas.NewId());

        var old = await memory.RememberAsync(Schedule(Mondays, daysAgo: 30));
        var update = await memory.RememberAsync(Schedule(Fridays, daysAgo: 5));

        Assert.Single(model.Calls);
        Assert.Equal([old.Memory.Id], update.Memory.Supersedes);
    }

    [Fact]
    public async Task Without_a_configured_model_the_rules_decide_and_no_model_is_asked()
    {
        await using var member = await StartMemberAsync(model: null);
        var memory = member.Grains.Memory(TestPersonas.Tenant, TestPersonas.NewId());

        var old = await memory.RememberAsync(Schedule(Mondays, daysAgo: 30));
        var update = await memory.RememberAsync(Schedule(Fridays, daysAgo: 5));

        Assert.Equal([old.Memory.Id], update.Memory.Supersedes);
    }
}
