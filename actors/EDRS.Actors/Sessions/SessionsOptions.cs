namespace EDRS.Actors.Sessions;

/// <summary>How sessions build prompts and wait for replies (section <c>Sessions</c>; environment variables <c>Sessions__...</c>).</summary>
public sealed class SessionsOptions
{
    public const string Section = "Sessions";

    /// <summary>
    /// Tokens (the model's own count) the assembled prompt may use; the reply's tokens come on top, so keep
    /// <c>PromptTokenBudget + MaxReplyTokens</c> within the model's context (MODEL_CONTEXT_SIZE, default 2048). Default 1,536.
    /// </summary>
    public int PromptTokenBudget { get; set; } = 1_536;

    /// <summary>Reply length when the caller names none. Default 256 tokens.</summary>
    public int MaxReplyTokens { get; set; } = 256;

    /// <summary>A reply not complete after this long is cancelled and journaled as interrupted. Default 60 s.</summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Working-memory items (highest priority first) a prompt may carry. Default 20.</summary>
    public int MemoryItemsInPrompt { get; set; } = 20;

    /// <summary>Knowledge chunks (best match first, from the collections the persona reads) a prompt or an extractive reply may carry. Default 3.</summary>
    public int KnowledgeChunksInPrompt { get; set; } = 3;

    /// <summary>Long-term memories (best match for the message first, as of now) a prompt or an extractive reply may carry. Default 5.</summary>
    public int RecalledMemoriesInPrompt { get; set; } = 5;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (PromptTokenBudget is < 64 or > 1_048_576)
            problems.Add($"Sessions:PromptTokenBudget must be 64..1048576 (was {PromptTokenBudget}): set Sessions__PromptTokenBudget.");
        if (MaxReplyTokens < 1 || MaxReplyTokens > SessionLimits.MaxReplyTokens)
            problems.Add($"Sessions:MaxReplyTokens must be 1..{SessionLimits.MaxReplyTokens} (was {MaxReplyTokens}): set Sessions__MaxReplyTokens.");
        if (ReplyTimeout < TimeSpan.FromSeconds(1) || ReplyTimeout > TimeSpan.FromMinutes(30))
            problems.Add($"Sessions:ReplyTimeout must be 1 s..30 min (was {ReplyTimeout}): set Sessions__ReplyTimeout (e.g. 00:01:00).");
        if (MemoryItemsInPrompt is < 0 or > 1_000)
            problems.Add($"Sessions:MemoryItemsInPrompt must be 0..1000 (was {MemoryItemsInPrompt}): set Sessions__MemoryItemsInPrompt.");
        if (KnowledgeChunksInPrompt is < 0 or > 20)
            problems.Add($"Sessions:KnowledgeChunksInPrompt must be 0..20 (was {KnowledgeChunksInPrompt}): set Sessions__KnowledgeChunksInPrompt.");
        if (RecalledMemoriesInPrompt is < 0 or > 50)
            problems.Add($"Sessions:RecalledMemoriesInPrompt must be 0..50 (was {RecalledMemoriesInPrompt}): set Sessions__RecalledMemoriesInPrompt.");
        return problems;
    }
}
