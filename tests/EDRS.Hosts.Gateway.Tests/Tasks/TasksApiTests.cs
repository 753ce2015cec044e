using System.Net;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests.Tasks;

/// <summary>
/// <c>/api/v1/tasks</c> end to end: create (owner by skills), move along, split, the board by status and owner (an async
/// projection, so the tests wait for it), bad input naming the field, and tenants that never see each other's tasks.
/// </summary>
public sealed class TasksApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string TasksPath = "/api/v1/tasks";

    private static string Task(string goal, string? id = null, string[]? skills = null, string? owner = null, string? priority = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["id"] = id, ["goal"] = goal, ["skills"] = skills, ["owner"] = owner, ["priority"] = priority }
            .Where(p => p.Value is not null).ToDictionary());

    private static async Task HireWithSkillsAsync(HttpClient client, string id, params string[] skills)
    {
        var profile = JsonSerializer.Serialize(new { id, name = id, skills });
        using var response = await client.SendAsync(HttpMethod.Post, PersonasPath, profile);
        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.SendAsync(HttpMethod.Post, path, json);
        return await response.ReadJsonAsync(expected);
    }

    [Fact]
    public async Task A_task_is_created_for_the_persona_with_its_skills_and_moves_to_done_with_its_history()
    {
        await HireWithSkillsAsync(gateway.Client, "api-ada", "refunds");

        var created = await PostAsync(gateway.Client, TasksPath, Task("Refund order 7", id: "api-t1", skills: ["refunds"], priority: "high"), HttpStatusCode.Created);
        Assert.Equal(("assigned", "api-ada", "high"), (created.GetProperty("status").GetString(), created.GetProperty("owner").GetString(), created.GetProperty("priority").GetString()));

        await PostAsync(gateway.Client, $"{TasksPath}/api-t1/start", "{}");
        var done = await PostAsync(gateway.Client, $"{TasksPath}/api-t1/complete", """{"result":"refunded 12 EUR"}""");

        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal("refunded 12 EUR", done.GetProperty("result").GetString());
        Assert.Equal(["open", "assigned", "in_progress", "done"], done.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        var read = await gateway.Client.GetJsonAsync($"{TasksPath}/api-t1");
        Assert.Equal(done.GetProperty("version").GetInt64(), read.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task The_board_lists_tasks_by_status_and_owner()
    {
        await HireWithSkillsAsync(gateway.Client, "board-ada", "boardwork");
        await PostAsync(gateway.Client, TasksPath, Task("board one", id: "board-1", owner: "board-ada"), HttpStatusCode.Created);
        await PostAsync(gateway.Client, TasksPath, Task("board two", id: "board-2", owner: "board-ada"), HttpStatusCode.Created);
        await PostAsync(gateway.Client, $"{TasksPath}/board-2/cancel", """{"reason":"duplicate"}""");

        var cancelled = await Eventually.ValueAsync(
            () => gateway.Client.GetJsonAsync($"{TasksPath}?status=cancelled&owner=board-ada"),
            page => page.GetProperty("items").GetArrayLength() == 1, "the board shows the cancelled task");
        var assigned = await gateway.Client.GetJsonAsync($"{TasksPath}?status=assigned&owner=board-ada");

        Assert.Equal("board-2", cancelled.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal(["board-1"], assigned.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Subtasks_are_listed_on_their_parent_and_the_eleventh_is_refused()
    {
        await HireWithSkillsAsync(gateway.Client, "split-ada", "splitting");
        await PostAsync(gateway.Client, TasksPath, Task("big job", id: "split-1", owner: "split-ada"), HttpStatusCode.Created);
        var ten = JsonSerializer.Serialize(new { subtasks = Enumerable.Range(1, 10).Select(i => new { goal = $"part {i}", skills = new[] { "splitting" } }) });

        var parent = await PostAsync(gateway.Client, $"{TasksPath}/split-1/subtasks", ten);
        using var eleventh = await gateway.Client.SendAsync(HttpMethod.Post, $"{TasksPath}/split-1/subtasks", """{"subtasks":[{"goal":"one too many"}]}""");

        Assert.Equal(10, parent.GetProperty("subtasks").GetArrayLength());
        var problem = await eleventh.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("subtasks", out _));
        var child = await gateway.Client.GetJsonAsync($"{TasksPath}/split-1.10");
        Assert.Equal(("split-1", 2), (child.GetProperty("parentTaskId").GetString(), child.GetProperty("depth").GetInt32()));
    }

    [Theory]
    [InlineData("""{"goal":""}""", "goal")]
    [InlineData("""{"goal":"x","priority":"urgent"}""", "priority")]
    [InlineData("""{"goal":"x","id":"no/slash"}""", "id")]
    [InlineData("""{"goal":"x","input":[1]}""", "input")]
    [InlineData("""{"goal":"x","owner":"nobody-here"}""", "owner")]
    public async Task Bad_input_is_a_400_naming_the_field(string json, string field)
    {
        using var response = await gateway.Client.SendAsync(HttpMethod.Post, TasksPath, json);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_tenant_never_sees_or_changes_another_tenants_task()
    {
        using var a = await gateway.ClientForAsync(TestClients.TenantA);
        using var b = await gateway.ClientForAsync(TestClients.TenantB);
        await PostAsync(a, TasksPath, Task("secret work", id: "iso-task"), HttpStatusCode.Created);

        using var read = await b.GetAsync($"{TasksPath}/iso-task");
        using var cancel = await b.SendAsync(HttpMethod.Post, $"{TasksPath}/iso-task/cancel", "{}");

        await read.ReadProblemAsync(HttpStatusCode.NotFound);
        await cancel.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("open", (await a.GetJsonAsync($"{TasksPath}/iso-task")).GetProperty("status").GetString());
        await Eventually.TrueAsync(async () => (await a.GetJsonAsync($"{TasksPath}?status=open")).GetProperty("items").EnumerateArray()
            .Any(i => i.GetProperty("id").GetString() == "iso-task"), "tenant A's board shows its task");
        Assert.DoesNotContain((await b.GetJsonAsync(TasksPath)).GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == "iso-task");
    }
}
