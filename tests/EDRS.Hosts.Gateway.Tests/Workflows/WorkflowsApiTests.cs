using System.Net;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using EDRS.Testing.Http;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests.Workflows;

/// <summary>
/// <c>/api/v1/workflows</c> end to end, with an HTTP tool calling a real local server: a support-ticket workflow from
/// template to approval, templates refused naming the step and field, approvals needing the step's role, and tenants that
/// never see each other's templates or runs.
/// </summary>
public sealed partial class WorkflowsApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    internal const string WorkflowsPath = "/api/v1/workflows";

    internal static async Task<JsonElement> PostAsync(HttpClient client, string path, string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.SendAsync(HttpMethod.Post, path, json);
        return await response.ReadJsonAsync(expected);
    }

    internal static JsonElement Step(JsonElement workflow, string id) => workflow.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepId").GetString() == id);

    [Fact]
    public async Task A_support_ticket_workflow_calls_its_tool_waits_for_approval_and_completes()
    {
        await using var crm = await RecordingHttpServer.StartAsync();
        crm.Respond = _ => new ScriptedResponse(Body: """{"ticket":"T-9"}""");
        await PostAsync(gateway.Client, "/api/v1/tools", JsonSerializer.Serialize(new { name = "open-ticket", urlTemplate = $"{crm.BaseUrl}/tickets" }), HttpStatusCode.Created);
        var template = """
            {"name":"support-ticket","definition":{"steps":[
              {"id":"open","kind":"tool","tool":"open-ticket","input":{"subject":"$.input.subject"}},
              {"id":"review","kind":"approval","role":"admin","dependsOn":["open"]}],
             "output":{"ticket":"$.steps.open.output.body.ticket"}}}
            """;
        var registered = await PostAsync(gateway.Client, $"{WorkflowsPath}/templates", template, HttpStatusCode.Created);
        Assert.Equal(1, registered.GetProperty("version").GetInt64());

        var started = await PostAsync(gateway.Client, WorkflowsPath, """{"template":"support-ticket","input":{"subject":"printer on fire"}}""", HttpStatusCode.Created);
        var id = started.GetProperty("workflowId").GetString()!;
        await Eventually.ValueAsync(() => gateway.Client.GetJsonAsync($"{WorkflowsPath}/{id}"),
            w => Step(w, "review").GetProperty("status").GetString() == "running", "the approval step to wait");
        var reader = await gateway.ClientForAsync(TestClients.Reader);
        using (var refused = await reader.SendAsync(HttpMethod.Post, $"{WorkflowsPath}/{id}/approvals/review", """{"approved":true}"""))
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode); // another tenant's run does not exist for it
        var approved = await PostAsync(gateway.Client, $"{WorkflowsPath}/{id}/approvals/review", """{"approved":true,"comment":"ok"}""");
        Assert.Equal("succeeded", Step(approved, "review").GetProperty("status").GetString());
        var done = await Eventually.ValueAsync(() => gateway.Client.GetJsonAsync($"{WorkflowsPath}/{id}"),
            w => w.GetProperty("status").GetString() != "running", "the workflow to finish");

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal("T-9", done.GetProperty("output").GetProperty("ticket").GetString());
        var call = Assert.Single(crm.To("/tickets"));
        Assert.Equal($"wf:{TestClients.Default}/{id}/open/1", call.IdempotencyKey);
        Assert.Equal(1, Step(done, "open").GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_bad_template_is_refused_with_a_400_naming_the_step_and_field()
    {
        using var response = await gateway.Client.SendAsync(HttpMethod.Post, $"{WorkflowsPath}/templates",
            """{"name":"loop","definition":{"steps":[{"id":"a","kind":"wait","seconds":1,"dependsOn":["b"]},{"id":"b","kind":"wait","seconds":1,"dependsOn":["a"]}]}}""");
        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("steps.a.dependsOn", out var errors), problem.ToString());
        Assert.Contains("cycle", errors[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approval_needs_the_steps_role_and_a_rejection_fails_the_workflow()
    {
        var reader = await gateway.ClientForAsync(TestClients.Reader);
        var template = """{"name":"user-review","definition":{"steps":[{"id":"review","kind":"approval","role":"admin"}]}}""";
        await PostAsync(gateway.Client, $"{WorkflowsPath}/templates", template, HttpStatusCode.Created);
        using (var notAdmin = await reader.SendAsync(HttpMethod.Post, $"{WorkflowsPath}/templates", template))
            Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        using (var unknown = await reader.SendAsync(HttpMethod.Post, WorkflowsPath, """{"template":"user-review"}"""))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode); // the reader's tenant has no such template
        var started = await PostAsync(gateway.Client, WorkflowsPath, """{"template":"user-review"}""", HttpStatusCode.Created);
        var id = started.GetProperty("workflowId").GetString()!;
        await Eventually.ValueAsync(() => gateway.Client.GetJsonAsync($"{WorkflowsPath}/{id}"),
            w => Step(w, "review").GetProperty("status").GetString() == "running", "the approval step to wait");

        var rejected = await PostAsync(gateway.Client, $"{WorkflowsPath}/{id}/approvals/review", """{"approved":false,"comment":"not now"}""");

        Assert.Equal("failed", rejected.GetProperty("status").GetString());
        Assert.Contains("not now", rejected.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_is_paused_and_resumed_and_a_command_its_status_does_not_allow_is_a_409_naming_the_status()
    {
        await PostAsync(gateway.Client, $"{WorkflowsPath}/templates", """{"name":"hold","definition":{"steps":[{"id":"hold","kind":"signal","signal":"go"}]}}""", HttpStatusCode.Created);
        var id = (await PostAsync(gateway.Client, WorkflowsPath, """{"template":"hold"}""", HttpStatusCode.Created)).GetProperty("workflowId").GetString()!;

        var paused = await PostAsync(gateway.Client, $"{WorkflowsPath}/{id}/pause", """{"reason":"audit"}""");
        using var pausedAgain = await gateway.Client.SendAsync(HttpMethod.Post, $"{WorkflowsPath}/{id}/pause", "{}");
        var twice = await pausedAgain.ReadJsonAsync(HttpStatusCode.Conflict);
        var resumed = await PostAsync(gateway.Client, $"{WorkflowsPath}/{id}/resume", "{}");
        using var retryRunning = await gateway.Client.SendAsync(HttpMethod.Post, $"{WorkflowsPath}/{id}/steps/hold/retry", "{}");
        var notFailed = await retryRunning.ReadJsonAsync(HttpStatusCode.Conflict);
        using var badStep = await gateway.Client.SendAsync(HttpMethod.Post, $"{WorkflowsPath}/{id}/steps/no%20such/retry", "{}");

        Assert.Equal(("paused", "running"), (paused.GetProperty("status").GetString(), resumed.GetProperty("status").GetString()));
        Assert.Contains("paused", twice.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("running", notFailed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badStep.StatusCode);
    }
}
