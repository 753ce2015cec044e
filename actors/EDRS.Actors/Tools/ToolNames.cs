using System.Text.RegularExpressions;

namespace EDRS.Actors.Tools;

/// <summary>Tool names: the shape every tool's name has (also a valid function name for chat models), and the built-in ones.</summary>
public static partial class ToolNames
{
    public const string CreateTask = "create_task";
    public const string PublishEvent = "publish_event";
    public const string SendWebhook = "send_webhook";
    public const string MemorySearch = "memory_search";
    public const string KnowledgeSearch = "knowledge_search";

    /// <summary>Names of the built-in tools: a tenant cannot register a tool of one of these names.</summary>
    public static readonly IReadOnlySet<string> BuiltIn = new HashSet<string>(StringComparer.Ordinal)
    {
        CreateTask, PublishEvent, SendWebhook, MemorySearch, KnowledgeSearch,
    };

    /// <summary>What a tool name must be, for refusals.</summary>
    public const string Rule = "must be a tool name: a lowercase letter, then up to 63 of a-z, 0-9, '_' or '-'";

    public static bool IsValid(string? name) => name is not null && Shape().IsMatch(name);

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,63}$")]
    private static partial Regex Shape();
}
