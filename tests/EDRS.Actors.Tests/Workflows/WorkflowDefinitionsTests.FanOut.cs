using EDRS.Actors.Workflows.Definitions;

namespace EDRS.Actors.Tests.Workflows;

/// <summary>The refusals of <c>map</c> and <c>decompose</c> steps, read by the same table test as the others.</summary>
public sealed partial class WorkflowDefinitionsTests
{
    private const string ElevenSubtasks = """[{"goal":"1"},{"goal":"2"},{"goal":"3"},{"goal":"4"},{"goal":"5"},{"goal":"6"},{"goal":"7"},{"goal":"8"},{"goal":"9"},{"goal":"10"},{"goal":"11"}]""";

    public static TheoryData<string, string, string> BadFanOutDefinitions => new()
    {
        { """{"steps":[{"id":"a","kind":"map","each":{"kind":"tool","tool":"crm"}}]}""", "steps.a.over", "is required" },
        { """{"steps":[{"id":"a","kind":"map","over":"$.input.list"}]}""", "steps.a.each", "is required" },
        { """{"steps":[{"id":"a","kind":"map","over":"$.input.list","each":{"kind":"wait","seconds":1}}]}""", "steps.a.each.kind", "tool, persona, task" },
        { """{"steps":[{"id":"a","kind":"map","over":"$.input.list","each":{"kind":"map"}}]}""", "steps.a.each.kind", "tool, persona, task" },
        { """{"steps":[{"id":"a","kind":"map","over":"$.input.list","each":{"kind":"tool"}}]}""", "steps.a.each.tool", "tool" },
        { """{"steps":[{"id":"a","kind":"map","over":"$.input.list","each":{"kind":"task","input":{"owner":"x"}}}]}""", "steps.a.each.input.owner", "not a task field" },
        { """{"steps":[{"id":"a","kind":"map","over":"list","each":{"kind":"tool","tool":"crm"}}]}""", "steps.a.over", "JSON path" },
        { """{"steps":[{"id":"a","kind":"map","over":"$.item","each":{"kind":"tool","tool":"crm"}}]}""", "steps.a.over", "must read $.input" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm"},{"id":"b","kind":"map","over":"$.steps.a.output.body","each":{"kind":"tool","tool":"crm"}}]}""", "steps.b.over", "does not depend on" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm"},{"id":"b","kind":"map","over":"$.input.l","each":{"kind":"tool","tool":"crm","input":{"x":"$.steps.a.output"}}}]}""", "steps.b.each.input.x", "does not depend on" },
        { """{"steps":[{"id":"a","kind":"map","over":"$.input.l","each":{"kind":"persona","persona":"ada","prompt":"{{$.secret}}"}}]}""", "steps.a.each.prompt", "must read $.input" },
        { """{"steps":[{"id":"a","kind":"map","over":"$.input.l","each":{"kind":"tool","tool":"crm","dependsOn":["a"]}}]}""", "steps.a.each.dependsOn", "must not be set" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","over":"$.input.l"}]}""", "steps.a.over", "map steps only" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","input":{"x":"$.item.name"}}]}""", "steps.a.input.x", "must read $.input" },
        { """{"steps":[{"id":"a","kind":"decompose","subtasks":""" + ElevenSubtasks + "}]}", "steps.a.subtasks", "at most 10 children" },
        { """{"steps":[{"id":"a","kind":"decompose","subtasks":[]}]}""", "steps.a.subtasks", "1 to 10" },
        { """{"steps":[{"id":"a","kind":"decompose"}]}""", "steps.a.subtasks", "is required" },
        { """{"steps":[{"id":"a","kind":"decompose","persona":"ada","prompt":"plan","subtasks":[{"goal":"x"}]}]}""", "steps.a.subtasks", "either listed or planned" },
        { """{"steps":[{"id":"a","kind":"decompose","persona":"ada"}]}""", "steps.a.prompt", "is required" },
        { """{"steps":[{"id":"a","kind":"decompose","persona":"ada","prompt":"plan","schema":{"type":"object"}}]}""", "steps.a.schema", "fixed schema" },
        { """{"steps":[{"id":"a","kind":"decompose","subtasks":[{"skills":["x"]}]}]}""", "steps.a.subtasks[0].goal", "is required" },
        { """{"steps":[{"id":"a","kind":"decompose","subtasks":[{"goal":"g","priority":"soon"}]}]}""", "steps.a.subtasks[0].priority", "low, normal" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm"},{"id":"b","kind":"decompose","subtasks":[{"goal":"about {{$.steps.a.output}}"}]}]}""", "steps.b.subtasks[0].goal", "does not depend on" },
        { """{"steps":[{"id":"a","kind":"tool","tool":"crm","subtasks":[{"goal":"g"}]}]}""", "steps.a.subtasks", "decompose steps only" },
    };

    [Fact]
    public void A_map_step_reads_its_list_and_each_item_and_a_decompose_step_its_subtasks()
    {
        var definition = WorkflowDefinitions.Parse("""
            {"steps":[
              {"id":"find","kind":"tool","tool":"crm"},
              {"id":"each","kind":"map","over":"$.steps.find.output.body.tickets","dependsOn":["find"],
               "each":{"kind":"tool","tool":"mail","input":{"to":"$.item.email","n":"$.index","by":"$.input.agent"}},"retry":{"maxAttempts":2}},
              {"id":"plan","kind":"decompose","dependsOn":["each"],"subtasks":[{"goal":"answer {{$.input.agent}}","skills":["billing"],"priority":"high"}]}]}
            """);

        Assert.Equal("$.steps.find.output.body.tickets", definition.Step("each").Over);
        Assert.Equal("mail", definition.Step("each").Each!.Tool);
        Assert.Single(definition.Step("plan").Subtasks!);
    }
}
