using EDRS.Grains.Contracts.Sessions;

namespace EDRS.Hosts.Gateway.Sessions;

/// <summary>A tool the persona's chat model called while replying. Arguments and result are cut at 4,000 characters each (marked "… (cut)").</summary>
/// <param name="CallId">The model's id of the call.</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Arguments">The arguments the model sent, as JSON text.</param>
/// <param name="Result">The tool's output (JSON text) when it succeeded, else the error the model was shown.</param>
/// <param name="Succeeded">Whether the tool succeeded.</param>
public sealed record ToolCallResponse(string CallId, string Tool, string Arguments, string Result, bool Succeeded)
{
    public static ToolCallResponse Of(ToolCall call) => new(call.CallId, call.Tool, call.Arguments, call.Result, call.Succeeded);

    /// <summary>The calls, or null when there were none (the field is then left out of the JSON).</summary>
    public static IReadOnlyList<ToolCallResponse>? ListOf(IReadOnlyCollection<ToolCall> calls) => calls.Count == 0 ? null : [.. calls.Select(Of)];
}
