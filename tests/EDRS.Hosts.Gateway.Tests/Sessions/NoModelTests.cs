using System.Net;
using System.Text.Json;
using EDRS.Actors.Sessions.Prompting;
using EDRS.Testing.Gateway;
using EDRS.Testing.Knowledge;
using static EDRS.Testing.Gateway.KnowledgeRequests;

namespace EDRS.Hosts.Gateway.Tests.Sessions;

/// <summary>
/// With no chat model configured the gateway starts and sessions still answer — extractively: the persona's knowledge
/// quoted with citations under a line saying no generative model is configured; only a demand for generation is a 503.
/// </summary>
public sealed class NoModelTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string Question = "How many days of annual leave do I get each year?";

    private async Task<string> ReaderOfHandbookAsync(string name)
    {
        await gateway.Client.CreateCollectionAsync("handbook-nm", shards: 1);
        (await gateway.Client.AddDocumentAsync("handbook-nm", SampleDocuments.LeavePolicyMarkdown, "leave")).Dispose();
        (await gateway.Client.UploadDocumentAsync("handbook-nm", SampleDocuments.BenefitsPdf(), "benefits.pdf", "application/pdf", documentId: "benefits")).Dispose();
        return await gateway.Client.HireAsync($"{name}-{Guid.NewGuid():N}"[..20], knowledge: ["handbook-nm"]);
    }

    [Fact]
    public async Task A_session_answers_with_quotes_and_citations_under_the_no_generative_model_line()
    {
        var personaId = await ReaderOfHandbookAsync("ada");
        var sessionId = await gateway.Client.OpenSessionAsync(personaId);

        using var said = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{sessionId}/messages", JsonSerializer.Serialize(new { text = Question }));
        var reply = await said.ReadJsonAsync(HttpStatusCode.OK);
        using var pdf = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{sessionId}/messages", JsonSerializer.Serialize(new { text = "When does dental cover start?" }));
        var dental = await pdf.ReadJsonAsync(HttpStatusCode.OK);
        var session = await gateway.Client.GetJsonAsync($"/api/v1/sessions/{sessionId}");

        var text = reply.GetProperty("text").GetString()!;
        Assert.StartsWith(ExtractiveAnswer.NoModelLine, text, StringComparison.Ordinal);
        Assert.Contains($"[1] \"", text, StringComparison.Ordinal);
        Assert.Contains(SampleDocuments.LeaveSentence, text, StringComparison.Ordinal);
        Assert.Contains("(updated ", text, StringComparison.Ordinal);
        Assert.True(reply.GetProperty("extractive").GetBoolean());
        var first = reply.GetProperty("citations").EnumerateArray().First();
        Assert.Equal(("leave", "Annual leave policy", "handbook-nm"), (first.GetProperty("documentId").GetString(), first.GetProperty("title").GetString(), first.GetProperty("collectionId").GetString()));
        Assert.False(first.TryGetProperty("page", out _));
        var page = dental.GetProperty("citations").EnumerateArray().First();
        Assert.Equal(("benefits", 2), (page.GetProperty("documentId").GetString(), page.GetProperty("page").GetInt32()));
        Assert.Contains(SampleDocuments.PdfPageTwoSentence, dental.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(text, session.GetProperty("turns")[0].GetProperty("reply").GetString());
    }

    [Fact]
    public async Task An_extractive_reply_quotes_what_the_persona_remembers_about_the_person_with_its_date()
    {
        var personaId = await gateway.Client.HireAsync($"flo-{Guid.NewGuid():N}"[..20]);
        using (var remembered = await gateway.Client.PostJsonAsync($"/api/v1/personas/{personaId}/memories",
            new { text = "Bob prefers his weekly status update on Monday mornings.", personId = "bob", kind = "preference", occurredAt = "2026-03-02T09:00:00Z" }))
            await remembered.ReadJsonAsync(HttpStatusCode.Created);
        var sessionId = await gateway.Client.OpenSessionAsync(personaId, personId: "bob");

        using var said = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{sessionId}/messages",
            JsonSerializer.Serialize(new { text = "When do I want my weekly status update?" }));
        var text = (await said.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("text").GetString()!;

        Assert.StartsWith(ExtractiveAnswer.NoModelLine, text, StringComparison.Ordinal);
        Assert.Contains("What I remember:\n- \"Bob prefers his weekly status update on Monday mornings.\" (2026-03-02)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_extractive_reply_ends_with_a_citations_event()
    {
        var sessionId = await gateway.Client.OpenSessionAsync(await ReaderOfHandbookAsync("cy"));

        using var sse = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{sessionId}/messages", JsonSerializer.Serialize(new { text = Question }), accept: "text/event-stream");

        Assert.True(sse.StatusCode == HttpStatusCode.OK, await sse.Content.ReadAsStringAsync());
        var events = SessionRequests.ParseEvents(await sse.Content.ReadAsStringAsync());
        Assert.Equal(["token", "done", "citations"], events.Select(e => e.Event));
        var citations = JsonDocument.Parse(events[^1].Data).RootElement.GetProperty("citations");
        Assert.Equal("leave", citations[0].GetProperty("documentId").GetString());
        Assert.StartsWith(ExtractiveAnswer.NoModelLine, JsonDocument.Parse(events[0].Data).RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_persona_without_the_collection_never_cites_it()
    {
        await ReaderOfHandbookAsync("dee");
        var outsider = await gateway.Client.HireAsync($"eve-{Guid.NewGuid():N}"[..20]);
        var sessionId = await gateway.Client.OpenSessionAsync(outsider);

        using var said = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{sessionId}/messages", JsonSerializer.Serialize(new { text = Question }));
        var reply = await said.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Empty(reply.GetProperty("citations").EnumerateArray());
        Assert.DoesNotContain(SampleDocuments.LeaveSentence, reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.EndsWith(ExtractiveAnswer.NothingFound, reply.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demanding_generation_is_a_503_saying_how_to_configure_a_model()
    {
        var sessionId = await gateway.Client.OpenSessionAsync(await gateway.Client.HireAsync($"fay-{Guid.NewGuid():N}"[..20]));

        using var response = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{sessionId}/messages", """{"text":"hello?","mode":"generate"}""");
        using var badMode = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{sessionId}/messages", """{"text":"hello?","mode":"poem"}""");
        var session = await gateway.Client.GetJsonAsync($"/api/v1/sessions/{sessionId}");

        var problem = await response.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("MODEL_PATH", detail, StringComparison.Ordinal);
        Assert.Contains("OPENAI_BASE_URL", detail, StringComparison.Ordinal);
        var invalid = await badMode.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("mode", out _), invalid.ToString());
        Assert.Empty(session.GetProperty("turns").EnumerateArray());
    }
}
