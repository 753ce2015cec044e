using System.Text.Json;

namespace EDRS.Actors.Tools.Invocation;

/// <summary>
/// What a tool call came to: its output (JSON: <c>{"status": …, "body": …}</c> for HTTP tools), or an error and whether
/// trying again may help (timeouts, 5xx, 408, 429, an open circuit: yes; bad arguments, 4xx, an unknown tool: no).
/// </summary>
public sealed record ToolCallResult(bool Succeeded, bool Retryable, string Output, string Error)
{
    /// <summary>
    /// True when the call never left this process (the tool registry could not be read, the tool's circuit is open): no
    /// effect can have happened, so a caller with an idempotency key retries under the same key rather than a new one.
    /// </summary>
    public bool NotSent { get; init; }

    public static ToolCallResult Success(string output) => new(true, false, output, "");

    public static ToolCallResult Success(object output) => new(true, false, JsonSerializer.Serialize(output, JsonSerializerOptions.Web), "");

    public static ToolCallResult Transient(string error, string output = "") => new(false, true, output, error);

    /// <summary>A transient failure before anything was sent (<see cref="NotSent"/>).</summary>
    public static ToolCallResult Unsent(string error) => new(false, true, "", error) { NotSent = true };

    public static ToolCallResult Permanent(string error, string output = "") => new(false, false, output, error);
}
