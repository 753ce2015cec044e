using System.Net;
using System.Text;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests;

/// <summary>Bad input is a 400 problem that names the offending field, and never a 5xx.</summary>
public sealed class BadInputTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string Known = "known";
    private const string EmptyKeyTarget = "empty-key-target";
    private static readonly string Valid = Profile();
    private static readonly string TooLong65 = new('a', 65);

    private readonly HttpClient _client = gateway.Client;

    public static TheoryData<string, string, string?, string?, string> Cases => new()
    {
        // method, path, JSON body (null: none), Idempotency-Key, the field the problem names
        { "POST", PersonasPath, """{"name": """, null, "name" },
        { "POST", PersonasPath, "not json at all", null, "body" },
        { "POST", PersonasPath, """{"name": 5, "skills": ["csharp"]}""", null, "name" },
        { "POST", PersonasPath, """{"name": "Ada", "skills": "csharp"}""", null, "skills" },
        { "POST", PersonasPath, """{"name": "Ada", "skills": [5]}""", null, "skills[0]" },
        { "POST", PersonasPath, """{"name": "Ada", "skills": ["csharp"], "id": 7}""", null, "id" },
        { "POST", PersonasPath, "[]", null, "body" },
        { "POST", PersonasPath, null, null, "body" },
        { "POST", PersonasPath, "null", null, "body" },
        { "POST", PersonasPath, """{"name": "", "skills": ["csharp"]}""", null, "name" },
        { "POST", PersonasPath, """{"name": "   ", "skills": ["csharp"]}""", null, "name" },
        { "POST", PersonasPath, $$"""{"name": "{{new string('n', 101)}}", "skills": ["csharp"]}""", null, "name" },
        { "POST", PersonasPath, """{"name": "Ada"}""", null, "skills" },
        { "POST", PersonasPath, """{"name": "Ada", "skills": []}""", null, "skills" },
        { "POST", PersonasPath, """{"name": "Ada", "skills": [""]}""", null, "skills[0]" },
        { "POST", PersonasPath, """{"name": "Ada", "skills": ["csharp", null]}""", null, "skills[1]" },
        { "POST", PersonasPath, """{"name": "Ada", "skills": ["SQL", "sql"]}""", null, "skills" },
        { "POST", PersonasPath, $$"""{"name": "Ada", "skills": [{{string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"s{i}\""))}}]}""", null, "skills" },
        { "POST", PersonasPath, $$"""{"name": "Ada", "skills": ["csharp"], "personality": "{{new string('p', 2001)}}"}""", null, "personality" },
        { "POST", PersonasPath, """{"id": "bad id", "name": "Ada", "skills": ["csharp"]}""", null, "id" },
        { "POST", PersonasPath, """{"name": "Ada", "skills": ["csharp"], "knowledge": ["bad id"]}""", null, "knowledge[0]" },
        { "POST", PersonasPath, """{"name": "Ada", "skills": ["csharp"], "knowledge": ["handbook", "handbook"]}""", null, "knowledge" },
        { "POST", PersonasPath, $$"""{"name": "Ada", "skills": ["csharp"], "knowledge": [{{string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"k{i}\""))}}]}""", null, "knowledge" },
        { "POST", PersonasPath, $$"""{"id": "{{TooLong65}}", "name": "Ada", "skills": ["csharp"]}""", null, "id" },
        { "POST", PersonasPath, """{"id": "", "name": "Ada", "skills": ["csharp"]}""", null, "id" },
        { "POST", PersonasPath, Valid, "has space", "Idempotency-Key" },
        { "POST", PersonasPath, Valid, new string('k', 101), "Idempotency-Key" },
        { "GET", $"{PersonasPath}/bad%20id", null, null, "personaId" },
        { "GET", $"{PersonasPath}/{TooLong65}", null, null, "personaId" },
        { "GET", $"{PersonasPath}/-dash-first", null, null, "personaId" },
        { "PUT", $"{PersonasPath}/{Known}/profile", """{"name": "", "skills": ["csharp"]}""", null, "name" },
        { "PUT", $"{PersonasPath}/{Known}/profile", """{"name": "Ada", "skills": []}""", null, "skills" },
        { "PUT", $"{PersonasPath}/{Known}/profile", """{"name": ["Ada"], "skills": ["csharp"]}""", null, "name" },
        { "PUT", $"{PersonasPath}/{Known}/profile", null, null, "body" },
        { "PUT", $"{PersonasPath}/bad%20id/profile", Valid, null, "personaId" },
        { "PUT", $"{PersonasPath}/{TooLong65}/profile", Valid, null, "personaId" },
        { "POST", $"{PersonasPath}/{Known}/people/bob/facts", $$"""{"kind": "like", "text": "{{new string('t', 2001)}}"}""", null, "text" },
        { "POST", $"{PersonasPath}/{Known}/people/bob/facts", """{"kind": "like", "text": ""}""", null, "text" },
        { "POST", $"{PersonasPath}/{Known}/people/bob/facts", """{"kind": "like"}""", null, "text" },
        { "POST", $"{PersonasPath}/{Known}/people/bob/facts", """{"kind": "loves", "text": "x"}""", null, "kind" },
        { "POST", $"{PersonasPath}/{Known}/people/bob/facts", """{"text": "x"}""", null, "kind" },
        { "POST", $"{PersonasPath}/{Known}/people/bob/facts", """{"kind": 2, "text": "x"}""", null, "kind" },
        { "POST", $"{PersonasPath}/{Known}/people/bob/facts", """{"kind": "like", "text": true}""", null, "text" },
        { "POST", $"{PersonasPath}/{Known}/people/bob/facts", $$"""{"kind": "like", "text": "x", "subject": "{{new string('s', 101)}}"}""", null, "subject" },
        { "POST", $"{PersonasPath}/{Known}/people/bob/facts", $$"""{"kind": "like", "text": "x", "source": "{{new string('s', 201)}}"}""", null, "source" },
        { "POST", $"{PersonasPath}/{Known}/people/bob/facts", null, null, "body" },
        { "POST", $"{PersonasPath}/{Known}/people/bob/facts", """{"kind": "like", "text": """, null, "text" },
        { "POST", $"{PersonasPath}/{Known}/people/bad%20id/facts", Fact(), null, "personId" },
        { "POST", $"{PersonasPath}/{Known}/people/{TooLong65}/facts", Fact(), null, "personId" },
        { "POST", $"{PersonasPath}/bad%20id/people/bob/facts", Fact(), null, "personaId" },
        { "PUT", $"{PersonasPath}/{Known}/people/bob/facts/abc", """{"text": "x"}""", null, "factId" },
        { "PUT", $"{PersonasPath}/{Known}/people/bob/facts/0", """{"text": "x"}""", null, "factId" },
        { "PUT", $"{PersonasPath}/{Known}/people/bob/facts/-1", """{"text": "x"}""", null, "factId" },
        { "PUT", $"{PersonasPath}/{Known}/people/bob/facts/99999999999999999999", """{"text": "x"}""", null, "factId" },
        { "PUT", $"{PersonasPath}/{Known}/people/bob/facts/1", """{"text": ""}""", null, "text" },
        { "PUT", $"{PersonasPath}/{Known}/people/bob/facts/1", null, null, "body" },
        { "PUT", $"{PersonasPath}/{Known}/people/bad%20id/facts/1", """{"text": "x"}""", null, "personId" },
        { "DELETE", $"{PersonasPath}/{Known}/people/bob/facts/abc", null, null, "factId" },
        { "DELETE", $"{PersonasPath}/{Known}/people/bob/facts/1?reason={new string('r', 501)}", null, null, "reason" },
        { "GET", $"{PersonasPath}/{Known}/people/bad%20id", null, null, "personId" },
        { "GET", $"{PersonasPath}/bad%20id/people/bob", null, null, "personaId" },
        { "DELETE", $"{PersonasPath}/{Known}/people/bad%20id", null, null, "personId" },
        { "DELETE", $"{PersonasPath}/bad%20id/people/bob", null, null, "personaId" },
        { "PUT", $"{PersonasPath}/{Known}/profile", Valid, "has space", "Idempotency-Key" },
        { "POST", $"{PersonasPath}/{Known}/people/bob/facts", Fact(), "has space", "Idempotency-Key" },
        { "PUT", $"{PersonasPath}/{Known}/people/bob/facts/1", """{"text": "x"}""", "has space", "Idempotency-Key" },
        { "DELETE", $"{PersonasPath}/{Known}/people/bob/facts/1", null, "has space", "Idempotency-Key" },
        { "DELETE", $"{PersonasPath}/{Known}/people/bob", null, "has space", "Idempotency-Key" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_400_problem_naming_the_field_and_never_a_5xx(string method, string path, string? body, string? idempotencyKey, string field)
    {
        await EnsureKnownPersonaAsync();

        using var response = await _client.SendAsync(new HttpMethod(method), path, body, idempotencyKey);

        Assert.True((int)response.StatusCode < 500, $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(
            problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"Expected errors to name '{field}': {problem}");
    }

    public static TheoryData<string, string, string?> CommandsWithAMalformedKey => new()
    {
        { "POST", PersonasPath, Valid },
        { "PUT", $"{PersonasPath}/{EmptyKeyTarget}/profile", Profile(name: "Renamed by a repeated key") },
        { "POST", $"{PersonasPath}/{EmptyKeyTarget}/people/bob/facts", Fact() },
        { "DELETE", $"{PersonasPath}/{EmptyKeyTarget}/people/bob", null },
    };

    /// <summary>
    /// A key sent twice is as malformed as one with a space: the client believes its retries are safe, so the
    /// gateway refuses it rather than run the command without protection. (An empty header cannot be sent
    /// through the in-memory test server; <see cref="IdempotencyKeyFilterTests"/> covers it directly.)
    /// </summary>
    [Theory]
    [MemberData(nameof(CommandsWithAMalformedKey))]
    public async Task A_repeated_Idempotency_Key_is_a_400_naming_the_header_not_a_command_without_one(string method, string path, string? body)
    {
        await EnsureKnownPersonaAsync(EmptyKeyTarget);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", ["key-one", "key-two"]);

        using var response = await _client.SendAsync(request);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), problem.ToString());
    }

    [Fact]
    public async Task A_body_that_is_not_declared_as_JSON_is_refused_with_415()
    {
        using var content = new StringContent(Valid, Encoding.UTF8, "text/plain");

        using var response = await _client.PostAsync(PersonasPath, content);

        await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Bad_input_leaves_no_event_behind()
    {
        await EnsureKnownPersonaAsync();
        var before = await gateway.Database.CountAsync("select count(*) from mt_events");

        foreach (var row in Cases)
        {
            using var response = await _client.SendAsync(new HttpMethod((string)row[0]), (string)row[1], (string?)row[2], (string?)row[3]);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{row[0]} {row[1]} answered {(int)response.StatusCode}");
        }

        Assert.Equal(before, await gateway.Database.CountAsync("select count(*) from mt_events"));
    }

    /// <summary>Hires the persona and tells it fact 1 about bob, once per database.</summary>
    private async Task EnsureKnownPersonaAsync(string personaId = Known)
    {
        using var hire = await _client.SendAsync(HttpMethod.Post, PersonasPath, Profile(personaId));
        if (hire.StatusCode == HttpStatusCode.Created)
            Assert.Equal(1, await _client.RememberAsync(personaId, "bob", Fact()));
    }
}
