using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Idempotency;

/// <summary>What the key-reuse attacks send and how they read the refusal.</summary>
internal static class KeyReuse
{
    /// <summary>The problem <c>type</c> of a reused Idempotency-Key (documented in the README).</summary>
    public const string ProblemType = "urn:edrs:problem:idempotency-key-reused";

    /// <summary>The problem's <c>code</c> extension.</summary>
    public const string Code = "idempotency-key-reused";

    public static string NewKey() => $"k-{Guid.NewGuid():N}";

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    /// <summary>Asserts the 422 problem of a reused key and returns it.</summary>
    public static async Task<JsonElement> ReadKeyReusedAsync(this HttpResponseMessage response)
    {
        var problem = await response.ReadJsonAsync((HttpStatusCode)422);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProblemType, problem.GetProperty("type").GetString());
        Assert.Equal(Code, problem.GetProperty("code").GetString());
        return problem;
    }

    /// <summary>Hires a persona handling <paramref name="handles"/> and tells it a note about each person.</summary>
    public static async Task<string> PersonaKnowingAsync(this HttpClient client, string[] people, params string[] handles)
    {
        var personaId = NewId("ada");
        using (var hired = await client.SendAsync(HttpMethod.Post, Api.PersonasPath,
                   Api.Profile(personaId, name: personaId, skills: ["work"], handles: handles.Length > 0 ? handles : null)))
            await hired.ReadJsonAsync(HttpStatusCode.Created);
        foreach (var person in people)
            await client.RememberAsync(personaId, person, Api.Fact(kind: "note", text: $"{person} takes notes."));
        return personaId;
    }

    public static async Task<int> FactCountAsync(this HttpClient client, string personaId, string personId)
    {
        using var response = await client.GetAsync($"{Api.PersonasPath}/{personaId}/people/{personId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return 0;
        return (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("facts").GetArrayLength();
    }
}
