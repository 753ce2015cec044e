using System.Net;
using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.TextAndErrors;

/// <summary>Set-up calls the attacks here share.</summary>
internal static class AttackRequests
{
    /// <summary>Hires <paramref name="personaId"/> (handling <paramref name="handles"/>) unless the tenant has it already.</summary>
    public static async Task HireIfAbsentAsync(this HttpClient client, string personaId, params string[] handles)
    {
        using var response = await client.SendAsync(HttpMethod.Post, Api.PersonasPath, Api.Profile(personaId, name: personaId, handles: handles));
        if (response.StatusCode != HttpStatusCode.Conflict)
            await response.ReadJsonAsync(HttpStatusCode.Created);
    }
}
