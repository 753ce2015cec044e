using System.Text.Json;

namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>A workflow template to register (the same name again: the next version).</summary>
/// <param name="Name">The template's name: an id (1..64 letters, digits, '.', '_' or '-').</param>
/// <param name="Definition">The definition: <c>{"trigger"?: {"eventType"}, "steps": [{"id", "kind": "tool|wait|signal|approval|persona|task|map|decompose",
/// "dependsOn", "input", "tool", "seconds", "signal", "event", "role", "persona", "prompt", "schema", "over", "each", "subtasks",
/// "timeoutSeconds", "retry", "compensate"}], "output"}</c> (README, "Workflows").</param>
public sealed record TemplateBody(string? Name, JsonElement? Definition);
