using System.Text.Json;

namespace EDRS.Actors.Workflows.Activities;

/// <summary>
/// What a <c>decompose</c> step's persona is asked for: a plan <c>{"subtasks":[{goal, skills?, priority?}]}</c>. The schema
/// leaves the count open so that a plan of too many (or no) subtasks is refused by the decider with a message that says
/// so, rather than by a schema error; the instruction tells the model the bound.
/// </summary>
public static class DecompositionPlan
{
    public static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"object","required":["subtasks"],"properties":{"subtasks":{"type":"array","items":{"type":"object","required":["goal"],
          "properties":{"goal":{"type":"string","minLength":1},"skills":{"type":"array","items":{"type":"string"}},
                        "priority":{"enum":["low","normal","high","critical"]}}}}}}
        """).RootElement.Clone();

    /// <summary>Appended to the step's prompt.</summary>
    public const string Instruction = "\n\nAnswer with your plan as JSON: {\"subtasks\":[{\"goal\":\"…\",\"skills\":[\"…\"],\"priority\":\"normal\"}]}, "
        + "with 1 to 10 subtasks; skills and priority (low, normal, high or critical) are optional.";
}
