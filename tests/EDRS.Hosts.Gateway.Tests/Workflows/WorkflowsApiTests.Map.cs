using System.Net;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using EDRS.Testing.Http;

namespace EDRS.Hosts.Gateway.Tests.Workflows;

/// <summary>A <c>map</c> step through <c>/api/v1/workflows</c>: the run's view shows each item with its status, attempts, input and output.</summary>
public sealed partial class WorkflowsApiTests
{
    [Fact]
    public async Task A_map_steps_items_are_shown_one_by_one_with_their_status_attempts_and_outputs()
    {
        await using var mail = await RecordingHttpServer.StartAsync();
        mail.Respond = r => new ScriptedResponse(Body: JsonSerializer.Serialize(new { sent = JsonDocument.Parse(r.Body).RootElement.GetProperty("to").GetString() }));
        await PostAsync(gateway.Client, "/api/v1/tools", JsonSerializer.Serialize(new { name = "send-mail", urlTemplate = $"{mail.BaseUrl}/mail" }), HttpStatusCode.Created);
        var template = """
            {"name":"mail-each","definition":{"steps":[
              {"id":"send","kind":"map","over":"$.input.customers","each":{"kind":"tool","tool":"send-mail","input":{"to":"$.item.email"}}}],
             "output":"$.steps.send.output"}}
            """;
        await PostAsync(gateway.Client, $"{WorkflowsPath}/templates", template, HttpStatusCode.Created);

        var started = await PostAsync(gateway.Client, WorkflowsPath, """{"template":"mail-each","input":{"customers":[{"email":"a@x.test"},{"email":"b@x.test"}]}}""",
            HttpStatusCode.Created);
        var id = started.GetProperty("workflowId").GetString()!;
        var done = await Eventually.ValueAsync(() => gateway.Client.GetJsonAsync($"{WorkflowsPath}/{id}"),
            w => w.GetProperty("status").GetString() != "running", "the workflow to finish");

        Assert.Equal("completed", done.GetProperty("status").GetString());
        var items = Step(done, "send").GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([0, 1], items.Select(i => i.GetProperty("index").GetInt32()));
        Assert.All(items, i => Assert.Equal(("succeeded", 1), (i.GetProperty("status").GetString(), i.GetProperty("attempts").GetInt32())));
        Assert.Equal(["a@x.test", "b@x.test"], items.Select(i => i.GetProperty("input").GetProperty("email").GetString()));
        Assert.Equal(["a@x.test", "b@x.test"], items.Select(i => i.GetProperty("output").GetProperty("body").GetProperty("sent").GetString()));
        Assert.Equal(2, done.GetProperty("output").GetArrayLength());
        Assert.Equal([$"wf:{TestClients.Default}/{id}/send[0]/1", $"wf:{TestClients.Default}/{id}/send[1]/1"],
            mail.To("/mail").Select(c => c.IdempotencyKey!).Order());
    }
}
