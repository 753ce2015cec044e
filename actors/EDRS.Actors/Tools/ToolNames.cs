using System.Text.RegularExpressions;

namespace EDRS.Actors.Tools;

/// <summary>Tool names: the shape every tool's name has (also a valid function name for chat models), and the built-in ones.</summary>
public static partial class ToolNames
{
    public const string CreateTask = "create_task";
    public const string PublishEvent = "publish_event";
    public const string SendWebhook = "send_webhook";

    /// <summary>
    /// Names of the built-in tools. <c>memory_search</c> and <c>knowledge_search</c> are reserved for the memory and
    /// knowledge features' search, offered as tools once those features are part of the cluster.
    /// </summary>
    public static readonly IReadOnlySet<string> BuiltIn = new HashSet<string>(StringComparer.Ordinal)
    {
        CreateTask, PublishEvent, SendWebhook, "memory_search", "knowledge_search",
    };

    /// <summary>What a tool name must be, for refusals.</summary>
    public const string Rule = "must be a tool name: a lowercase letter, then up to 63 of a-z, 0-9, '_' or '-'";

    public static bool IsValid(string? name) => name is not null && Shape().IsMatch(name);

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,63}$")]
    private static partial Regex Shape();
}
