using System.Text.Json;
using EDRS.Actors.Tools;
using EDRS.Actors.Tools.Invocation;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Http;
using Grpc.Core;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Tools;

/// <summary>
/// The tenant's tool registry on a real member and journal: tools are registered whole or refused naming the field,
/// listed, replaced with a new version, removed; one tenant never sees another's; and a call's arguments are checked
/// against the tool's argsSchema before anything is sent.
/// </summary>
public sealed class ToolRegistryTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private Task<TestMember> StartMemberAsync() => TestMember.StartAsync(new MemberSpec
    {
        Journal = database.ConnectionString,
        Kinds = MemberKinds.Tools,
        Settings = new Dictionary<string, string?> { ["Tools:CatalogTtl"] = "00:00:00" },
    });

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static Task<ToolAck> RegisterAsync(TestMember member, string tenant, ToolDefinition tool) =>
        member.Grains.Tools(tenant).RegisterToolAsync(new RegisterToolRequest { RequestId = NewRequestId(), Tool = tool }).ResponseAsync;

    [Fact]
    public async Task A_registered_tool_is_listed_replaced_with_a_new_version_and_removed()
    {
        await using var member = await StartMemberAsync();
        var tenant = Unique("t");
        var registry = member.Grains.Tools(tenant);

        var first = await RegisterAsync(member, tenant, new ToolDefinition { Name = "crm", UrlTemplate = "https://crm.example/customers/{id}", ArgsSchema = """{"type":"object","properties":{"id":{"type":"string"}}}""" });
        var again = await RegisterAsync(member, tenant, new ToolDefinition { Name = "crm", UrlTemplate = "https://crm.example/customers/{id}", ArgsSchema = """{"type":"object","properties":{"id":{"type":"string"}}}""" });
        var replaced = await RegisterAsync(member, tenant, new ToolDefinition { Name = "crm", UrlTemplate = "https://crm2.example/c/{id}", ArgsSchema = """{"type":"object","properties":{"id":{"type":"string"}}}""", TimeoutSeconds = 7 });
        await RegisterAsync(member, tenant, new ToolDefinition { Name = "billing", Method = "get", UrlTemplate = "https://billing.example/invoices" });

        Assert.Equal((1L, 1L, 2L), (first.Version, again.Version, replaced.Version));
        Assert.Equal(("POST", 30), (first.Tool.Method, first.Tool.TimeoutSeconds));
        var list = await registry.ListToolsAsync(new ListToolsRequest());
        Assert.Equal(["billing", "crm"], list.Tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        var crm = await registry.GetToolAsync(new GetToolRequest { Name = "crm" });
        Assert.Equal(("https://crm2.example/c/{id}", 7, 2L), (crm.UrlTemplate, crm.TimeoutSeconds, crm.Version));
        Assert.Equal("GET", list.Tools.Single(t => t.Name == "billing").Method);

        await registry.RemoveToolAsync(new RemoveToolRequest { RequestId = NewRequestId(), Name = "crm" });

        var gone = await Assert.ThrowsAsync<RpcException>(() => registry.GetToolAsync(new GetToolRequest { Name = "crm" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.Equal(["billing"], (await registry.ListToolsAsync(new ListToolsRequest())).Tools.Select(t => t.Name));
        var removedAgain = await Assert.ThrowsAsync<RpcException>(() => registry.RemoveToolAsync(new RemoveToolRequest { RequestId = NewRequestId(), Name = "crm" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, removedAgain.StatusCode);
    }

    [Theory]
    [InlineData("name", "Bad Name", "", "https://x.example/", "", 0, "", "")]
    [InlineData("name", "create_task", "", "https://x.example/", "", 0, "", "")]
    [InlineData("method", "t1", "TRACE", "https://x.example/", "", 0, "", "")]
    [InlineData("urlTemplate", "t2", "", "ftp://x.example/", "", 0, "", "")]
    [InlineData("urlTemplate", "t3", "", "/relative", "", 0, "", "")]
    [InlineData("urlTemplate", "t4", "", "https://x.example/{missing}", """{"type":"object","properties":{"id":{}}}""", 0, "", "")]
    [InlineData("argsSchema", "t5", "", "https://x.example/", "{not json", 0, "", "")]
    [InlineData("timeoutSeconds", "t6", "", "https://x.example/", "", 301, "", "")]
    [InlineData("secretRef", "t7", "", "https://x.example/", "", 0, "has space", "")]
    [InlineData("headers.Host", "t8", "", "https://x.example/", "", 0, "", "Host")]
    public async Task An_invalid_tool_is_refused_naming_the_field(
        string field, string name, string method, string url, string schema, int timeoutSeconds, string secretRef, string header)
    {
        await using var member = await StartMemberAsync();
        var tenant = Unique("t");

        var tool = new ToolDefinition { Name = name, Method = method, UrlTemplate = url, ArgsSchema = schema, TimeoutSeconds = timeoutSeconds, SecretRef = secretRef };
        if (header.Length > 0)
            tool.Headers[header] = "value";

        var refused = await Assert.ThrowsAsync<RpcException>(() => RegisterAsync(member, tenant, tool));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains(field, GrainFaults.ViolationsOf(refused).Select(v => v.Field));
        Assert.Empty((await member.Grains.Tools(tenant).ListToolsAsync(new ListToolsRequest())).Tools);
    }

    [Fact]
    public async Task A_tenant_neither_sees_nor_calls_nor_removes_another_tenants_tools()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var (acme, globex) = (Unique("acme"), Unique("globex"));
        await RegisterAsync(member, acme, new ToolDefinition { Name = "crm", UrlTemplate = $"{server.BaseUrl}/acme" });

        Assert.Empty((await member.Grains.Tools(globex).ListToolsAsync(new ListToolsRequest())).Tools);
        var get = await Assert.ThrowsAsync<RpcException>(() => member.Grains.Tools(globex).GetToolAsync(new GetToolRequest { Name = "crm" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        var remove = await Assert.ThrowsAsync<RpcException>(() => member.Grains.Tools(globex).RemoveToolAsync(new RemoveToolRequest { RequestId = NewRequestId(), Name = "crm" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, remove.StatusCode);
        var call = await member.Service<ToolInvoker>().InvokeAsync(
            new ToolInvocation(globex, "crm", JsonDocument.Parse("{}").RootElement, NewRequestId(), DateTimeOffset.UtcNow, "test"), CancellationToken.None);

        Assert.False(call.Succeeded);
        Assert.False(call.Retryable);
        Assert.Contains("no tool 'crm'", call.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Single((await member.Grains.Tools(acme).ListToolsAsync(new ListToolsRequest())).Tools);
    }

    [Fact]
    public async Task Arguments_that_do_not_match_the_args_schema_are_refused_before_the_call_and_matching_ones_are_sent()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var tenant = Unique("t");
        await RegisterAsync(member, tenant, new ToolDefinition
        {
            Name = "ticket",
            UrlTemplate = $"{server.BaseUrl}/tickets",
            ArgsSchema = """{"type":"object","required":["title"],"properties":{"title":{"type":"string","minLength":3},"priority":{"enum":["low","high"]}}}""",
        });
        Task<ToolCallResult> CallAsync(string args) => member.Service<ToolInvoker>().InvokeAsync(
            new ToolInvocation(tenant, "ticket", JsonDocument.Parse(args).RootElement, NewRequestId(), DateTimeOffset.UtcNow, "test"), CancellationToken.None);

        var missing = await CallAsync("""{"priority":"low"}""");
        var wrongEnum = await CallAsync("""{"title":"Printer","priority":"urgent"}""");
        Assert.Empty(server.Requests);
        var sent = await CallAsync("""{"title":"Printer","priority":"high"}""");

        Assert.All([missing, wrongEnum], r => Assert.False(r.Succeeded || r.Retryable));
        Assert.Contains("title", missing.Error, StringComparison.Ordinal);
        Assert.Contains("priority", wrongEnum.Error, StringComparison.Ordinal);
        Assert.True(sent.Succeeded, sent.Error);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Printer", JsonDocument.Parse(request.Body).RootElement.GetProperty("title").GetString());
        Assert.NotNull(request.IdempotencyKey);
    }
}
