using System.Globalization;
using System.Text;
using System.Text.Json;
using EDRS.Actors.Memory.Commands;
using Microsoft.Extensions.AI;

namespace EDRS.Actors.Memory.Supersession;

/// <summary>
/// A chat model as the judge of "does this new memory update one of these?": it sees the new memory and the held ones the
/// rules would consider (same person and kind, most similar first) and answers in JSON constrained by a schema,
/// <c>{"updates": &lt;id or null&gt;}</c>. Any answer that is not that — a model that rambles, an id it was not shown, a
/// failure — is no verdict, and the rules decide.
/// </summary>
public sealed class ModelUpdateJudge(IChatClient chat)
{
    /// <summary>Held memories shown to the model at most.</summary>
    public const int MaxCandidates = 3;

    /// <summary>Held memories less similar than this are not worth asking about.</summary>
    public const double MinSimilarity = 0.2;

    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"object","properties":{"updates":{"type":["integer","null"]}},"required":["updates"],"additionalProperties":false}
        """).RootElement.Clone();

    private const string Instructions =
        "You keep an assistant's long-term memory about the people it works with. Decide whether the NEW memory updates one of " +
        "the HELD memories: it is about the same person and the same subject, and it makes the held memory no longer true (a " +
        "changed schedule, a new preference, a decision reversed). A new memory about another subject, or one that only adds " +
        "to what is held, updates nothing. Answer with JSON only: {\"updates\": <the held memory's id>} or {\"updates\": null}.";

    /// <summary>The verdict, or null when the model gave none the rules should not overrule.</summary>
    public async Task<JudgedUpdate?> JudgeAsync(MemoryEntry incoming, IReadOnlyList<MemoryEntry> held, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(held);
        if (held.Count == 0)
            return null;
        var prompt = new StringBuilder();
        prompt.Append("HELD memories:\n");
        foreach (var entry in held)
            prompt.Append(CultureInfo.InvariantCulture, $"- id {entry.Id} ({entry.OccurredAt:yyyy-MM-dd}): {entry.Text}\n");
        prompt.Append(CultureInfo.InvariantCulture, $"NEW memory ({incoming.OccurredAt:yyyy-MM-dd}): {incoming.Text}\n");
        var options = new ChatOptions
        {
            Temperature = 0f,
            MaxOutputTokens = 24,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(Schema, "memory_update", "Which held memory the new one updates, if any."),
        };
        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, prompt.ToString())], options, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        return Parse(response.Text, held);
    }

    /// <summary>The verdict in a model's answer, or null when the answer is not the JSON asked for.</summary>
    public static JudgedUpdate? Parse(string answer, IReadOnlyList<MemoryEntry> held)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(held);
        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        if (start < 0 || end <= start)
            return null;
        try
        {
            using var document = JsonDocument.Parse(answer[start..(end + 1)]);
            if (!document.RootElement.TryGetProperty("updates", out var updates))
                return null;
            return updates.ValueKind switch
            {
                JsonValueKind.Null => new JudgedUpdate(null),
                JsonValueKind.Number when updates.TryGetInt64(out var id) && held.Any(e => e.Id == id) => new JudgedUpdate(id),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
