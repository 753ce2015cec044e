using System.Globalization;
using System.Text;
using EDRS.Actors.Inference;
using EDRS.Actors.Personas;
using EDRS.Actors.WorkingMemory;
using EDRS.Grains.Runtime;
using Microsoft.Extensions.AI;

namespace EDRS.Actors.Sessions.Prompting;

/// <summary>
/// Builds the prompt of one turn within a token budget counted by the model's own tokenizer. Always carried: the
/// persona's profile and what the person just said (if those alone exceed the budget the turn is refused, naming
/// <c>text</c>). Then, while they fit: the facts about the person (newest first), long-term memories recalled for the
/// message (best first, dated; an updated one says so), working-memory items (most important first), knowledge chunks found for the message (best first, each with its <c>[n]</c> marker), and the conversation's turns from the newest back. Everything is kept or left out whole —
/// a fact, an item, a turn (the person's words with the persona's reply) — never cut mid-message; turns left
/// out are the oldest, and the prompt says how many there were.
/// </summary>
/// <remarks>Deterministic for a given tokenizer; no clock, no randomness, no I/O beyond the token counter.</remarks>
public static class PromptAssembler
{
    /// <summary>Tokens allowed per message for the chat template's role markers and separators.</summary>
    public const int MessageOverheadTokens = 4;

    public static async Task<AssembledPrompt> AssembleAsync(
        PromptContext context, int budget, ITokenCounter counter, CancellationToken cancellationToken)
    {
        async ValueTask<int> Count(string text) => text.Length == 0 ? 0 : await counter.CountTokensAsync(text, cancellationToken).ConfigureAwait(false);

        var header = Header(context.Persona, context.PersonId);
        var factsTitle = $"\n\nWhat you know about {context.PersonId} (most recent first):";
        var memoryTitle = "\n\nKeep in mind right now:";
        var factLines = context.Facts.Select(FactLine).ToList();
        var memoryLines = context.Memory.Select(MemoryLine).ToList();
        var recalledTitle = "\n\nWhat you remember that may bear on this (dated):";
        var recalledLines = (context.Recalled ?? []).Select(RecalledLine).ToList();
        var knowledgeTitle = "\n\nFrom the knowledge base (cite what you use as [n]):";
        var knowledgeLines = (context.Knowledge ?? []).Select(KnowledgeLine).ToList();
        var turns = context.EarlierTurns;

        // Greedy selection on separately counted pieces; the exact count of the final messages is checked below.
        var used = await Count(header).ConfigureAwait(false) + await Count(context.UserText).ConfigureAwait(false) + 2 * MessageOverheadTokens;
        if (used > budget)
            throw GrainException.Invalid("text",
                $"is too long for the model's context: with the persona's profile the prompt needs {used} tokens of a budget of {budget}");

        var facts = await TakeWhileFits(factLines, await Count(factsTitle).ConfigureAwait(false)).ConfigureAwait(false);
        var recalled = await TakeWhileFits(recalledLines, await Count(recalledTitle).ConfigureAwait(false)).ConfigureAwait(false);
        var memory = await TakeWhileFits(memoryLines, await Count(memoryTitle).ConfigureAwait(false)).ConfigureAwait(false);
        var knowledge = await TakeWhileFits(knowledgeLines, await Count(knowledgeTitle).ConfigureAwait(false)).ConfigureAwait(false);
        var turnCount = 0;
        var leftOutNote = await Count(LeftOutNote(turns.Count)).ConfigureAwait(false);
        for (var i = turns.Count - 1; i >= 0; i--)
        {
            var cost = await Count(turns[i].UserText).ConfigureAwait(false) + await Count(turns[i].Reply).ConfigureAwait(false) + 2 * MessageOverheadTokens;
            var note = i > 0 ? leftOutNote : 0;
            if (used + cost + note > budget)
                break;
            used += cost;
            turnCount++;
        }

        // Tokenizers are not exactly additive across joined pieces: count the real messages, and give up pieces
        // (oldest turn first, then the least important memory item, then the oldest fact) until they fit.
        while (true)
        {
            var messages = Messages(context, header, factsTitle, facts, recalled, memoryTitle, memory, knowledge, turnCount);
            var tokens = 0;
            foreach (var message in messages)
                tokens += await Count(message.Text).ConfigureAwait(false) + MessageOverheadTokens;
            if (tokens <= budget)
                return new AssembledPrompt(messages, tokens, facts, memory, turnCount, turns.Count - turnCount, knowledge, recalled);
            if (turnCount > 0)
                turnCount--;
            else if (memory > 0)
                memory--;
            else if (knowledge > 0)
                knowledge--;
            else if (recalled > 0)
                recalled--;
            else if (facts > 0)
                facts--;
            else
                throw GrainException.Invalid("text",
                    $"is too long for the model's context: with the persona's profile the prompt needs {tokens} tokens of a budget of {budget}");
        }

        async Task<int> TakeWhileFits(List<string> lines, int titleCost)
        {
            var taken = 0;
            var cost = titleCost;
            foreach (var line in lines)
            {
                var lineCost = await Count("\n" + line).ConfigureAwait(false);
                if (used + cost + lineCost > budget)
                    break;
                cost += lineCost;
                taken++;
            }
            if (taken > 0)
                used += cost;
            return taken;
        }

        List<ChatMessage> Messages(
            PromptContext c, string head, string fTitle, int factCount, int recalledCount, string mTitle, int memoryCount, int knowledgeCount, int turnsKept)
        {
            var system = new StringBuilder(head);
            if (factCount > 0)
            {
                system.Append(fTitle);
                foreach (var line in factLines.Take(factCount))
                    system.Append('\n').Append(line);
            }
            if (recalledCount > 0)
            {
                system.Append(recalledTitle);
                foreach (var line in recalledLines.Take(recalledCount))
                    system.Append('\n').Append(line);
            }
            if (memoryCount > 0)
            {
                system.Append(mTitle);
                foreach (var line in memoryLines.Take(memoryCount))
                    system.Append('\n').Append(line);
            }
            if (knowledgeCount > 0)
            {
                system.Append(knowledgeTitle);
                foreach (var line in knowledgeLines.Take(knowledgeCount))
                    system.Append('\n').Append(line);
            }
            var leftOut = c.EarlierTurns.Count - turnsKept;
            if (leftOut > 0)
                system.Append(LeftOutNote(leftOut));
            var messages = new List<ChatMessage> { new(ChatRole.System, system.ToString()) };
            foreach (var turn in c.EarlierTurns.Skip(leftOut))
            {
                messages.Add(new ChatMessage(ChatRole.User, turn.UserText));
                messages.Add(new ChatMessage(ChatRole.Assistant, turn.Reply));
            }
            messages.Add(new ChatMessage(ChatRole.User, c.UserText));
            return messages;
        }
    }

    private static string Header(Profile persona, string personId)
    {
        var text = new StringBuilder();
        text.Append("You are ").Append(persona.Name);
        if (persona.Role.Length > 0)
            text.Append(", ").Append(persona.Role);
        text.Append('.');
        if (persona.Personality.Length > 0)
            text.Append("\nPersonality: ").Append(persona.Personality);
        if (persona.Skills.Count > 0)
            text.Append("\nSkills: ").Append(string.Join(", ", persona.Skills)).Append('.');
        if (persona.Responsibilities.Count > 0)
            text.Append("\nResponsibilities: ").Append(string.Join("; ", persona.Responsibilities)).Append('.');
        // Without a person the persona is asked by a workflow on behalf of nobody in particular.
        text.Append(personId.Length > 0 ? $"\nYou are talking with {personId}." : "\nYou are asked to do a piece of work.")
            .Append(" Stay in character and answer as yourself.");
        return text.ToString();
    }

    private static string FactLine(KnownFact fact)
    {
        var kind = fact.Kind switch
        {
            PersonFactKind.Preference => "preference",
            PersonFactKind.Like => "likes",
            PersonFactKind.Dislike => "dislikes",
            PersonFactKind.WorkingStyle => "working style",
            _ => "note",
        };
        return fact.Subject.Length > 0 ? $"- {kind} ({fact.Subject}): {fact.Text}" : $"- {kind}: {fact.Text}";
    }

    private static string MemoryLine(HeldItem item) =>
        item.Priority >= MemoryPriority.High ? $"- (important) {item.Text}" : $"- {item.Text}";

    private static string RecalledLine(RecalledMemory memory) =>
        string.Create(CultureInfo.InvariantCulture, $"- ({memory.OccurredAt.UtcDateTime:yyyy-MM-dd}) {memory.Text}{(memory.Superseded ? " (since updated)" : "")}");

    private static string KnowledgeLine(KnowledgeExcerpt excerpt) =>
        string.Create(CultureInfo.InvariantCulture, $"[{excerpt.Marker}] ({excerpt.Citation.Title}) {excerpt.Text}");

    private static string LeftOutNote(int turns) =>
        turns == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"\n\n({turns} earlier turns of this conversation are not shown.)");
}
