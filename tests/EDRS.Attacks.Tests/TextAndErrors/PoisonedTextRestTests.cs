using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Attacks.Tests.TextAndErrors;

/// <summary>
/// NUL and unpaired UTF-16 surrogates (as JSON escapes: a JSON text cannot carry them raw) in every string field of every
/// REST endpoint, in JSON property names, in query strings: a 400 naming the field, nothing journaled, never a 5xx.
/// </summary>
public sealed class PoisonedTextRestTests(PoisonGateway gateway) : IClassFixture<PoisonGateway>, IAsyncLifetime
{
    // Set up once per class (xunit makes an instance per test): the fixture, and so these, live as long as the class.
    private static readonly SemaphoreSlim SetUpGate = new(1, 1);
    private static (GatewayFixture Gateway, string EventId, string SessionId)? _setUp;

    private const string Persona = "poison";

    /// <summary>The poisons, as they appear inside a JSON string literal.</summary>
    public static readonly string[] Poisons = [@"a\u0000b", @"\ud800", @"x\udc00y", @"\udbff\u0041"];

    /// <summary>
    /// Method, path, JSON body with <c>§</c> where the poison goes, the field the 400 must name. <c>{event}</c> is an
    /// event waiting in the persona's inbox, <c>{session}</c> an open session.
    /// </summary>
    private static readonly (string Method, string Path, string Body, string Field)[] Cases =
    [
        ("POST", PersonasPath, """{"id":"p-§","name":"A","skills":["x"]}""", "id"),
        ("POST", PersonasPath, """{"name":"§","skills":["x"]}""", "name"),
        ("POST", PersonasPath, """{"name":"A","role":"§","skills":["x"]}""", "role"),
        ("POST", PersonasPath, """{"name":"A","skills":["x","y","§"]}""", "skills[2]"),
        ("POST", PersonasPath, """{"name":"A","skills":["x"],"responsibilities":["§"]}""", "responsibilities[0]"),
        ("POST", PersonasPath, """{"name":"A","skills":["x"],"personality":"§"}""", "personality"),
        ("POST", PersonasPath, """{"name":"A","skills":["x"],"handles":["support.*","§"]}""", "handles[1]"),
        ("PUT", $"{PersonasPath}/{Persona}/profile", """{"name":"§","skills":["x"]}""", "name"),
        ("PUT", $"{PersonasPath}/{Persona}/profile", """{"name":"A","skills":["§"]}""", "skills[0]"),
        ("POST", $"{PersonasPath}/{Persona}/people/bob/facts", """{"kind":"§","text":"t"}""", "kind"),
        ("POST", $"{PersonasPath}/{Persona}/people/bob/facts", """{"kind":"note","subject":"§","text":"t"}""", "subject"),
        ("POST", $"{PersonasPath}/{Persona}/people/bob/facts", """{"kind":"note","text":"§"}""", "text"),
        ("POST", $"{PersonasPath}/{Persona}/people/bob/facts", """{"kind":"note","text":"t","source":"§"}""", "source"),
        ("PUT", $"{PersonasPath}/{Persona}/people/bob/facts/1", """{"text":"§"}""", "text"),
        ("PUT", $"{PersonasPath}/{Persona}/people/bob/facts/1", """{"text":"t","source":"§"}""", "source"),
        ("POST", $"{PersonasPath}/{Persona}/sessions", """{"personId":"§"}""", "personId"),
        ("POST", "/api/v1/sessions/{session}/messages", """{"text":"§"}""", "text"),
        ("POST", "/api/v1/events", """{"eventId":"{new}","source":"§","eventType":"a.b","priority":"normal","occurredAt":"2026-11-26T09:00:00Z"}""", "source"),
        ("POST", "/api/v1/events", """{"eventId":"{new}","source":"s","eventType":"§","priority":"normal","occurredAt":"2026-11-26T09:00:00Z"}""", "eventType"),
        ("POST", "/api/v1/events", """{"eventId":"{new}","source":"s","eventType":"a.b","priority":"§","occurredAt":"2026-11-26T09:00:00Z"}""", "priority"),
        ("POST", "/api/v1/events", """{"eventId":"{new}","source":"s","eventType":"a.b","priority":"normal","payload":{"note":"§"},"occurredAt":"2026-11-26T09:00:00Z"}""", "payload.note"),
        ("POST", "/api/v1/events", """{"eventId":"{new}","source":"s","eventType":"a.b","priority":"normal","payload":{"a":{"b":[1,"§"]}},"occurredAt":"2026-11-26T09:00:00Z"}""", "payload.a.b[1]"),
        ("POST", "/api/v1/events", """{"eventId":"{new}","source":"s","eventType":"a.b","priority":"normal","metadata":{"k":"§"},"occurredAt":"2026-11-26T09:00:00Z"}""", "metadata.k"),
        ("POST", "/api/v1/events/batch", """{"events":[{"eventId":"{new}","source":"s","eventType":"a.b","priority":"normal","occurredAt":"2026-11-26T09:00:00Z"},{"eventId":"{new}","source":"s","eventType":"a.b","priority":"normal","payload":{"note":"§"},"occurredAt":"2026-11-26T09:00:00Z"}]}""", "events[1].payload.note"),
        ("POST", "/api/v1/events/batch", """{"events":[{"eventId":"{new}","source":"s","eventType":"a.b","priority":"normal","metadata":{"k":"§"},"occurredAt":"2026-11-26T09:00:00Z"}]}""", "events[0].metadata.k"),
        ("POST", $"{PersonasPath}/{Persona}/inbox/{{event}}/complete", """{"outcome":"§"}""", "outcome"),
        ("POST", $"{PersonasPath}/{Persona}/inbox/{{event}}/return", """{"reason":"§"}""", "reason"),
        // Property names: the field is the object that holds the name.
        ("POST", $"{PersonasPath}/{Persona}/people/bob/facts", """{"kind":"note","text":"t","x§":"1"}""", "body"),
        ("POST", "/api/v1/events", """{"eventId":"{new}","source":"s","eventType":"a.b","priority":"normal","payload":{"n§":1},"occurredAt":"2026-11-26T09:00:00Z"}""", "payload"),
        ("POST", "/api/v1/events", """{"eventId":"{new}","source":"s","eventType":"a.b","priority":"normal","metadata":{"§":"v"},"occurredAt":"2026-11-26T09:00:00Z"}""", "metadata"),
    ];

    public static TheoryData<int, string> BodyCases()
    {
        var data = new TheoryData<int, string>();
        for (var i = 0; i < Cases.Length; i++)
        {
            foreach (var poison in Poisons)
                data.Add(i, poison);
        }
        return data;
    }

    private string _eventId = "";
    private string _sessionId = "";

    public async Task InitializeAsync()
    {
        await SetUpGate.WaitAsync();
        try
        {
            if (_setUp is not { } done || done.Gateway != gateway)
                _setUp = (gateway, await PublishAsync(), await OpenSessionAsync());
            (_, _eventId, _sessionId) = _setUp.Value;
        }
        finally
        {
            SetUpGate.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Hires the persona, tells it a fact (fact 1) and puts an event in its inbox; returns the event id.</summary>
    private async Task<string> PublishAsync()
    {
        await gateway.Client.HireIfAbsentAsync(Persona, "poison.*");
        await gateway.Client.RememberAsync(Persona, "bob", Fact(kind: "note", text: "Fact one."));
        var e = Event(eventType: "poison.arrived");
        await gateway.Client.PublishAsync(e);
        return (string)e["eventId"]!;
    }

    private async Task<string> OpenSessionAsync()
    {
        using var open = await gateway.Client.PostJsonAsync($"{PersonasPath}/{Persona}/sessions", """{"personId":"bob"}""");
        return (await open.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    [Theory]
    [MemberData(nameof(BodyCases))]
    public async Task Poisoned_text_in_a_JSON_body_is_a_400_naming_the_field_and_nothing_is_journaled(int index, string poison)
    {
        var (method, path, body, field) = Cases[index];
        var journal = await gateway.Database.JournalAsync("");
        path = path.Replace("{event}", _eventId, StringComparison.Ordinal).Replace("{session}", _sessionId, StringComparison.Ordinal);
        body = body.Replace("{new}", NewEventId(), StringComparison.Ordinal).Replace("§", poison, StringComparison.Ordinal);

        using var response = await gateway.Client.SendAsync(new HttpMethod(method), path, body);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{method} {path} {body}: the 400 names {string.Join(", ", problem.GetProperty("errors").PropertyNames())}, not {field}");
        Assert.Equal(journal, await gateway.Database.JournalAsync(""));
    }

    public static TheoryData<string, string, string> QueryCases => new()
    {
        // method, path with the query, the parameter the 400 names
        { "DELETE", $"{PersonasPath}/{Persona}/people/bob/facts/1?reason=a%00b", "reason" },
        { "DELETE", $"{PersonasPath}/{Persona}/people/bob/facts/1?reason=a%ED%A0%80b", "reason" }, // U+D800 as (invalid) UTF-8
        { "DELETE", $"{PersonasPath}/{Persona}/people/bob/facts/1?reason=%C0%80", "reason" },        // overlong NUL
        { "DELETE", $"{PersonasPath}/{Persona}/people/bob/facts/1?reason=%FF", "reason" },           // not UTF-8 at all
        { "GET", $"{PersonasPath}?limit=2&cursor=%ED%B0%80", "cursor" },
        { "GET", $"{PersonasPath}/{Persona}/inbox?limit=1%00", "limit" },
    };

    [Theory]
    [MemberData(nameof(QueryCases))]
    public async Task Poisoned_text_in_a_query_string_is_a_400_naming_the_parameter_and_nothing_is_journaled(string method, string path, string parameter)
    {
        var journal = await gateway.Database.JournalAsync("");

        using var response = await gateway.Client.SendAsync(new HttpMethod(method), path);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), $"{method} {path}: the 400 names {string.Join(", ", problem.GetProperty("errors").PropertyNames())}");
        Assert.Equal(journal, await gateway.Database.JournalAsync(""));
    }

    [Fact]
    public async Task Clean_text_beyond_ASCII_still_passes_everywhere()
    {
        // Emoji (a surrogate pair, escaped and raw), right-to-left text, U+FFFD itself: all storable, all kept as sent.
        var text = "Prefers \ud83c\udf75 over \u2615; \u05e9\u05dc\u05d5\u05dd \ufffd";
        using var response = await gateway.Client.SendAsync(HttpMethod.Post, $"{PersonasPath}/{Persona}/people/carol/facts",
            """{"kind":"note","text":"Prefers \ud83c\udf75 over """ + "\u2615; \u05e9\u05dc\u05d5\u05dd \ufffd\"}");
        await response.ReadJsonAsync(HttpStatusCode.Created);
        var carol = await gateway.Client.GetJsonAsync($"{PersonasPath}/{Persona}/people/carol");
        Assert.Equal(text, carol.GetProperty("facts")[0].GetProperty("text").GetString());

        var e = Event();
        e["payload"] = JsonSerializer.Deserialize<JsonElement>("""{"note":"\ud83d\ude00 \u05d0","\ud83d\udd11":"key"}""");
        await gateway.Client.PublishAsync(e);
    }
}
