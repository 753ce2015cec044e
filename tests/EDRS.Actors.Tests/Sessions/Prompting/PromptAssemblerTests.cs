using System.Collections.Immutable;
using EDRS.Actors.Personas;
using EDRS.Actors.Sessions;
using EDRS.Actors.Sessions.Prompting;
using EDRS.Actors.WorkingMemory;
using EDRS.Grains.Runtime;
using EDRS.Testing.Models;
using Grpc.Core;
using Microsoft.Extensions.AI;

namespace EDRS.Actors.Tests.Sessions.Prompting;

/// <summary>The prompt assembler, counted with the tiny model's own tokenizer (one token per UTF-8 byte, plus a space prefix).</summary>
public sealed class PromptAssemblerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static readonly Profile Ada = new("Ada", "Support lead", ["support", "billing"], ["answer escalations"], "calm, precise");

    private static readonly KnownFact[] BobFacts =
    [
        new(3, PersonFactKind.Preference, "meetings", "prefers meetings before 11:00", "1:1", T0, null),
        new(1, PersonFactKind.Dislike, "", "dislikes long email threads", "", T0, null),
    ];

    private static readonly HeldItem[] Memory = [new(7, "quarter closes on Friday", MemoryPriority.High, "", T0, T0.AddHours(1))];

    private static SessionTurn Turn(int number, string said, string reply) =>
        new(number, $"r{number}", said, T0, TurnOutcome.Replied, reply, T0, 0, 0, 0, 0, "");

    private static Task<AssembledPrompt> Assemble(PromptContext context, int budget) =>
        PromptAssembler.AssembleAsync(context, budget, TinyModel.Backend.TokenCounter, CancellationToken.None);

    private static async Task<int> Recount(AssembledPrompt prompt)
    {
        var tokens = 0;
        foreach (var message in prompt.Messages)
            tokens += await TinyModel.Backend.TokenCounter.CountTokensAsync(message.Text, CancellationToken.None) + PromptAssembler.MessageOverheadTokens;
        return tokens;
    }

    [Fact]
    public async Task The_prompt_carries_the_profile_the_facts_about_the_person_and_working_memory_and_fits_the_budget()
    {
        var context = new PromptContext(Ada, "bob", BobFacts, Memory, [Turn(1, "hello", "hi Bob")], "can we meet tomorrow?");

        var prompt = await Assemble(context, 1_000);

        var system = prompt.Messages[0];
        Assert.Equal(ChatRole.System, system.Role);
        Assert.Contains("You are Ada, Support lead.", system.Text, StringComparison.Ordinal);
        Assert.Contains("calm, precise", system.Text, StringComparison.Ordinal);
        Assert.Contains("support, billing", system.Text, StringComparison.Ordinal);
        Assert.Contains("preference (meetings): prefers meetings before 11:00", system.Text, StringComparison.Ordinal);
        Assert.Contains("dislikes long email threads", system.Text, StringComparison.Ordinal);
        Assert.Contains("(important) quarter closes on Friday", system.Text, StringComparison.Ordinal);
        Assert.Equal(["hello", "hi Bob", "can we meet tomorrow?"], prompt.Messages.Skip(1).Select(m => m.Text));
        Assert.Equal(ChatRole.User, prompt.Messages[^1].Role);
        Assert.Equal((2, 1, 1, 0), (prompt.FactsIncluded, prompt.MemoryItemsIncluded, prompt.TurnsIncluded, prompt.TurnsLeftOut));
        Assert.True(prompt.Tokens <= 1_000);
        Assert.Equal(await Recount(prompt), prompt.Tokens);
    }

    [Fact]
    public async Task A_tight_budget_drops_the_oldest_turns_whole_and_never_cuts_a_message()
    {
        var turns = Enumerable.Range(1, 12).Select(i => Turn(i, $"question number {i} about the invoice", $"answer number {i}: it is paid")).ToList();
        var context = new PromptContext(Ada, "bob", BobFacts, Memory, turns, "and the next one?");
        var full = await Assemble(context, 100_000);
        var budget = full.Tokens - 150;

        var prompt = await Assemble(context, budget);

        Assert.True(prompt.Tokens <= budget, $"{prompt.Tokens} tokens for a budget of {budget}");
        Assert.Equal(await Recount(prompt), prompt.Tokens);
        Assert.True(prompt.TurnsLeftOut > 0);
        Assert.Equal(12, prompt.TurnsIncluded + prompt.TurnsLeftOut);
        // The turns kept are the newest ones, each message exactly as said.
        var kept = turns.Skip(prompt.TurnsLeftOut).SelectMany(t => new[] { t.UserText, t.Reply }).Append("and the next one?");
        Assert.Equal(kept, prompt.Messages.Skip(1).Select(m => m.Text));
        Assert.Contains($"({prompt.TurnsLeftOut} earlier turns of this conversation are not shown.)", prompt.Messages[0].Text, StringComparison.Ordinal);
        // Facts and memory come before old turns.
        Assert.Equal((2, 1), (prompt.FactsIncluded, prompt.MemoryItemsIncluded));
    }

    [Fact]
    public async Task Facts_that_do_not_fit_are_left_out_whole_oldest_first()
    {
        var facts = Enumerable.Range(1, 40).Select(i => new KnownFact(41 - i, PersonFactKind.Note, "", $"fact number {41 - i} about bob's projects", "", T0, null)).ToList();
        var context = new PromptContext(Ada, "bob", facts, [], [], "hi");

        var prompt = await Assemble(context, 400);

        Assert.True(prompt.Tokens <= 400);
        Assert.InRange(prompt.FactsIncluded, 1, 39);
        var system = prompt.Messages[0].Text;
        Assert.Contains("fact number 40 about bob's projects", system, StringComparison.Ordinal);
        Assert.DoesNotContain("fact number 1 about", system, StringComparison.Ordinal);
        Assert.All(system.Split('\n').Where(l => l.StartsWith("- note:", StringComparison.Ordinal)),
            line => Assert.EndsWith("about bob's projects", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_too_long_for_the_budget_is_refused_naming_the_text()
    {
        var context = new PromptContext(Ada, "bob", [], [], [], new string('x', 2_000));

        var refused = await Assert.ThrowsAsync<GrainException>(() => Assemble(context, 500));

        Assert.Equal(StatusCode.InvalidArgument, refused.Code);
        Assert.Equal("text", Assert.Single(refused.Violations).Field);
    }

    [Fact]
    public async Task The_same_inputs_give_the_same_prompt()
    {
        var context = new PromptContext(Ada, "bob", BobFacts, Memory, ImmutableList.Create(Turn(1, "a", "b")), "c");

        var first = await Assemble(context, 300);
        var second = await Assemble(context, 300);

        Assert.Equal(first.Messages.Select(m => (m.Role, m.Text)), second.Messages.Select(m => (m.Role, m.Text)));
    }
}
