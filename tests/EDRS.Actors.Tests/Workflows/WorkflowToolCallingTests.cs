using System.Text.Json;
using EDRS.Actors.Workflows;
using EDRS.Grains.Contracts.Work;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Grains;
using EDRS.Testing.Http;
using EDRS.Testing.Models;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Workflows;

/// <summary>
/// A <c>persona</c> step whose model calls tools, on a real member and journal with the tools on a real local HTTP server;
/// the model is a double (<see cref="ScriptedChatClient"/>) with the tiny model's real tokenizer.
/// </summary>
public sealed class WorkflowToolCallingTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_persona_steps_model_calls_a_tool_the_step_allows_with_a_per_attempt_key_and_the_step_journals_the_call()
    {
        var allowed = "";
        var model = ScriptedChatClient.CallingToolOnce(() => allowed, new Dictionary<string, object?> { ["customer"] = "c-42" });
        await using var member = await TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Services = model.Register,
        });
        await using var server = await RecordingHttpServer.StartAsync();
        server.Respond = _ => new ScriptedResponse { Body = """{"ticket":"T-17"}""" };
        allowed = await member.RegisterLookupAsync(server);
        var other = await member.RegisterLookupAsync(server);
        var personaId = NewId();
        var profile = Profile();
        profile.Tools.AddRange([allowed, other]);
        await member.Persona(personaId).HireAsync(Hire(personaId, profile: profile));
        var template = $"triage-{Guid.NewGuid():N}"[..16];
        var definition = $$$"""
            {"steps":[{"id":"draft","kind":"persona","persona":"{{{personaId}}}","prompt":"What is open for {{$.input.customer}}?","tools":["{{{allowed}}}"]}],
             "output":"$.steps.draft.output.text"}
            """;
        var registered = await member.Grains.WorkflowRegistry(Tenant).RegisterTemplateAsync(new RegisterTemplateRequest { RequestId = NewRequestId(), Name = template, Definition = definition });
        var workflowId = $"wf-{Guid.NewGuid():N}"[..16];
        var workflow = member.Grains.Workflow(Tenant, workflowId);

        await workflow.StartAsync(new StartWorkflowRequest
        {
            RequestId = NewRequestId(), WorkflowId = workflowId, Template = template, TemplateVersion = registered.Version, Definition = registered.Definition,
            Input = """{"customer":"c-42"}""",
        });
        var done = await Eventually.ValueAsync(() => workflow.GetWorkflowAsync(new GetWorkflowRequest()).ResponseAsync, v => v.Status != "running", "the workflow to finish");

        Assert.Equal("completed", done.Status);
        Assert.Contains("T-17", done.Output, StringComparison.Ordinal);
        Assert.Equal([allowed], model.Calls.First().Options!.Tools!.Select(t => t.Name));
        var call = Assert.Single(server.Requests);
        Assert.Equal($"/{allowed}", call.Path);
        Assert.Equal($"wf:{Tenant}/{workflowId}/draft/1/call-1", call.IdempotencyKey);
        var journaled = Assert.Single(done.Steps.Single(s => s.StepId == "draft").ToolCalls);
        Assert.Equal((1, "call-1", allowed, true), (journaled.Attempt, journaled.CallId, journaled.Tool, journaled.Succeeded));
        Assert.Equal("c-42", JsonDocument.Parse(journaled.Arguments).RootElement.GetProperty("customer").GetString());
        Assert.Contains("T-17", journaled.Result, StringComparison.Ordinal);
    }
}
