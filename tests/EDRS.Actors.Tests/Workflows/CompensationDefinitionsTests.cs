using EDRS.Actors.Workflows.Definitions;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tests.Workflows;

/// <summary>A step's <c>compensate</c> is checked on registration like a step, and refusals name <c>steps.&lt;id&gt;.compensate.&lt;field&gt;</c>.</summary>
public sealed class CompensationDefinitionsTests
{
    public static TheoryData<string, string, string> BadCompensations => new()
    {
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","compensate":{"kind":"wait","seconds":1}}]}""", "steps.a.compensate.kind", "tool or persona" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","compensate":{"kind":"tool"}}]}""", "steps.a.compensate.tool", "tool" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","compensate":{"kind":"tool","tool":"undo","id":"x"}}]}""", "steps.a.compensate.id", "does not belong" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","compensate":{"kind":"tool","tool":"undo","dependsOn":["a"]}}]}""", "steps.a.compensate.dependsOn", "does not belong" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","compensate":{"kind":"tool","tool":"undo","compensate":{"kind":"tool","tool":"x"}}}]}""", "steps.a.compensate.compensate", "does not belong" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","compensate":{"kind":"tool","tool":"undo","retry":{"maxAttempts":0}}}]}""", "steps.a.compensate.retry.maxAttempts", "1..20" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","compensate":{"kind":"tool","tool":"undo","timeoutSeconds":-1}}]}""", "steps.a.compensate.timeoutSeconds", "0 (none)" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","compensate":{"kind":"persona","persona":"ada"}}]}""", "steps.a.compensate.prompt", "is required" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","compensate":{"kind":"tool","tool":"undo","prompt":"hi"}}]}""", "steps.a.compensate.prompt", "persona steps only" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","compensate":{"kind":"tool","tool":"undo","input":{"x":"$.steps.b.output"}}},{"id":"b","kind":"tool","tool":"crm","dependsOn":["a"]}]}""", "steps.a.compensate.input.x", "does not depend on" },
        { """{"steps":[{"id":"a","kind":"persona","persona":"ada","prompt":"hi","compensate":{"kind":"persona","persona":"ada","prompt":"undo {{$.secret}}"}}]}""", "steps.a.compensate.prompt", "must read $.input" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","input":{"why":"$.error"}}]}""", "steps.a.input.why", "only a step's compensation" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","compensate":{"kind":"tool","tool":"undo","colour":"red"}}]}""", "definition.steps[0].compensate", "colour" },
    };

    [Theory]
    [MemberData(nameof(BadCompensations))]
    public void A_bad_compensation_is_refused_naming_the_step_and_field(string definition, string field, string says)
    {
        var rejection = Assert.Throws<CommandRejectedException>(() => WorkflowDefinitions.Parse(definition));

        Assert.Equal(RejectionReason.Invalid, rejection.Reason);
        Assert.StartsWith(field, rejection.Field ?? "", StringComparison.Ordinal);
        Assert.Contains(says, rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compensation_reads_its_steps_output_its_dependencies_the_input_and_why_the_workflow_is_undone()
    {
        var definition = WorkflowDefinitions.Parse("""
            {"steps":[
              {"id":"reserve","kind":"tool","tool":"stock","input":{"sku":"$.input.sku"}},
              {"id":"charge","kind":"tool","tool":"pay","dependsOn":["reserve"],
               "compensate":{"kind":"tool","tool":"refund","input":{"payment":"$.steps.charge.output.body.id","sku":"$.steps.reserve.output.body.sku",
                             "customer":"$.input.customer","why":"$.error"},"retry":{"maxAttempts":5}}},
              {"id":"tell","kind":"persona","persona":"ada","prompt":"tell","dependsOn":["charge"],
               "compensate":{"kind":"persona","persona":"ada","prompt":"Apologise for {{$.steps.tell.output.text}} because {{$.error}}"}}]}
            """);

        Assert.Null(definition.Step("reserve").Compensate);
        Assert.Equal(("refund", 5), (definition.Step("charge").Compensate!.Tool, definition.Step("charge").Compensate!.RetryPolicy.MaxAttempts));
        Assert.Equal("ada", definition.Step("tell").Compensate!.Persona);
    }
}
