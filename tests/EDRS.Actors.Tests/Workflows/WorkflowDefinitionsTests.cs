using EDRS.Actors.Workflows.Definitions;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tests.Workflows;

/// <summary>Template validation: every refusal names the step and the field, so the author knows what to change.</summary>
public sealed partial class WorkflowDefinitionsTests
{
    public static TheoryData<string, string, string> BadDefinitions => new()
    {
        { """{"steps":[]}""", "steps", "at least one step" },
        { """{"steps":[{"id":"a b","kind":"wait","seconds":1}]}""", "steps[0].id", "must be" },
        { """{"steps":[{"id":"a","kind":"wait","seconds":1},{"id":"a","kind":"wait","seconds":1}]}""", "steps.a.id", "another step" },
        { """{"steps":[{"id":"a","kind":"dance"}]}""", "steps.a.kind", "must be one of" },
        { """{"steps":[{"id":"a","kind":"wait","seconds":1,"dependsOn":["ghost"]}]}""", "steps.a.dependsOn", "'ghost'" },
        { """{"steps":[{"id":"a","kind":"wait","seconds":1,"dependsOn":["b"]},{"id":"b","kind":"wait","seconds":1,"dependsOn":["a"]}]}""", "steps.a.dependsOn", "cycle" },
        { """{"steps":[{"id":"a","kind":"wait","seconds":1,"dependsOn":["a"]}]}""", "steps.a.dependsOn", "itself" },
        { """{"steps":[{"id":"a","kind":"tool"}]}""", "steps.a.tool", "tool" },
        { """{"steps":[{"id":"a","kind":"wait"}]}""", "steps.a.seconds", "seconds" },
        { """{"steps":[{"id":"a","kind":"signal"}]}""", "steps.a.signal", "signal name" },
        { """{"steps":[{"id":"a","kind":"approval","role":"boss"}]}""", "steps.a.role", "admin or user" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","retry":{"maxAttempts":0}}]}""", "steps.a.retry.maxAttempts", "1..20" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","retry":{"initialDelayMs":500,"maxDelayMs":100}}]}""", "steps.a.retry.maxDelayMs", "initialDelayMs" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","retry":{"jitter":"some"}}]}""", "steps.a.retry.jitter", "full or none" },
        { """{"steps":[{"id":"a","kind":"wait","seconds":1,"timeoutSeconds":-1}]}""", "steps.a.timeoutSeconds", "0 (none)" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm"},{"id":"b","kind":"tool","tool":"crm","input":{"x":"$.steps.a.output.id"}}]}""", "steps.b.input.x", "does not depend on" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","input":{"x":"$.secrets.key"}}]}""", "steps.a.input.x", "must read $.input" },
        { """{"steps":[{"id":"a","kind":"wait","seconds":1}],"output":{"r":"$.steps.zz.output"}}""", "output.r", "'zz'" },
        { """{"steps":[{"id":"a","kind":"wait","seconds":1,"colour":"red"}]}""", "definition.steps[0]", "colour" },
        { """{"steps":[{"id":"a","kind":"persona","prompt":"hi"}]}""", "steps.a.persona", "persona to ask" },
        { """{"steps":[{"id":"a","kind":"persona","persona":"ada"}]}""", "steps.a.prompt", "is required" },
        { """{"steps":[{"id":"a","kind":"persona","persona":"ada","prompt":"hi","schema":"text"}]}""", "steps.a.schema", "JSON Schema object" },
        { """{"steps":[{"id":"a","kind":"persona","persona":"ada","prompt":"hi","schema":{"type":12}}]}""", "steps.a.schema", "not a valid JSON Schema" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm"},{"id":"b","kind":"persona","persona":"ada","prompt":"about {{$.steps.a.output}}"}]}""", "steps.b.prompt", "does not depend on" },
        { """{"steps":[{"id":"a","kind":"persona","persona":"ada","prompt":"{{$.secret}}"}]}""", "steps.a.prompt", "must read $.input" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","persona":"ada"}]}""", "steps.a.persona", "persona steps only" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","tools":["crm"]}]}""", "steps.a.tools", "persona steps only" },
        { """{"steps":[{"id":"a","kind":"persona","persona":"ada","prompt":"hi","tools":["CRM"]}]}""", "steps.a.tools[0]", "tool name" },
        { """{"steps":[{"id":"a","kind":"task"}]}""", "steps.a.input", "goal" },
        { """{"steps":[{"id":"a","kind":"task","input":{"skills":["x"]}}]}""", "steps.a.input.goal", "is required" },
        { """{"steps":[{"id":"a","kind":"task","input":{"goal":""}}]}""", "steps.a.input.goal", "goal" },
        { """{"steps":[{"id":"a","kind":"task","input":{"goal":"g","priority":"soon"}}]}""", "steps.a.input.priority", "low, normal" },
        { """{"steps":[{"id":"a","kind":"task","input":{"goal":"g","skills":"x"}}]}""", "steps.a.input.skills", "list" },
        { """{"steps":[{"id":"a","kind":"task","input":{"goal":"g","owner":"x"}}]}""", "steps.a.input.owner", "not a task field" },
    };

    [Theory]
    [MemberData(nameof(BadDefinitions))]
    [MemberData(nameof(BadFanOutDefinitions))]
    public void A_bad_definition_is_refused_naming_the_step_and_field(string definition, string field, string says)
    {
        var rejection = Assert.Throws<CommandRejectedException>(() => WorkflowDefinitions.Parse(definition));

        Assert.Equal(RejectionReason.Invalid, rejection.Reason);
        Assert.StartsWith(field, rejection.Field ?? "", StringComparison.Ordinal);
        Assert.Contains(says, rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_definition_reads_its_steps_dependencies_and_retry_policy()
    {
        var definition = WorkflowDefinitions.Parse("""
            {"steps":[
              {"id":"lookup","kind":"tool","tool":"crm","input":{"customer":"$.input.customer"},"retry":{"maxAttempts":5,"initialDelayMs":10,"maxDelayMs":100}},
              {"id":"pause","kind":"wait","seconds":2,"dependsOn":["lookup"]},
              {"id":"notify","kind":"tool","tool":"mail","dependsOn":["pause"],"input":{"name":"$.steps.lookup.output.body.name"}}],
             "output":{"name":"$.steps.lookup.output.body.name"}}
            """);

        Assert.Equal(["lookup", "pause", "notify"], definition.Steps.Select(s => s.Id));
        Assert.Equal(["pause"], definition.Step("notify").DependsOn);
        Assert.Equal(5, definition.Step("lookup").RetryPolicy.MaxAttempts);
        Assert.Equal(3, definition.Step("pause").RetryPolicy.MaxAttempts);
    }

    [Fact]
    public void Retry_delays_grow_exponentially_up_to_the_maximum_and_full_jitter_stays_within_them()
    {
        var policy = new RetryPolicy { InitialDelayMs = 100, MaxDelayMs = 1_000, Multiplier = 2 };

        Assert.Equal([100d, 200, 400, 800, 1_000], Enumerable.Range(1, 5).Select(n => Math.Round(policy.DelayAfter(n, 0.999999).TotalMilliseconds)));
        Assert.Equal(TimeSpan.Zero, policy.DelayAfter(3, 0));
        Assert.Equal(200, policy.DelayAfter(3, 0.5).TotalMilliseconds);
        Assert.Equal(400, (policy with { Jitter = "none" }).DelayAfter(3, 0.1).TotalMilliseconds);
    }
}
