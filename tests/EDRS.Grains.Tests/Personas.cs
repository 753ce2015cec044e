using EDRS.Actors.Personas;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;

namespace EDRS.Grains.Tests;

/// <summary>Small helpers for driving persona grains in tests.</summary>
public static class Personas
{
    public const string Tenant = "acme";

    public static Contracts.Personas.PersonaGrain.PersonaGrainClient Persona(this TestMember member, string personaId) =>
        member.Grains.Persona(Tenant, personaId);

    public static string NewId() => $"p{Guid.NewGuid():N}"[..20];

    public static async Task<string> HireAsync(this TestMember member, string? personaId = null)
    {
        personaId ??= NewId();
        await member.Persona(personaId).HireAsync(new HirePersonaRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Profile = new Contracts.Personas.PersonaProfile { Name = "Ada", Role = "Support lead", Skills = { "support.*" } },
        });
        return personaId;
    }

    public static Task<FactAck> RememberAsync(this TestMember member, string personaId, string personId, string text, string? requestId = null, string subject = "") =>
        member.Persona(personaId).RememberFactAsync(new RememberFactRequest
        {
            RequestId = requestId ?? Guid.NewGuid().ToString(),
            PersonId = personId,
            Kind = FactKind.Note,
            Subject = subject,
            Text = text,
        }).ResponseAsync;

    public static string StreamKey(string personaId) => $"persona/{PersonaIdentity.Of(Tenant, personaId)}";
}
