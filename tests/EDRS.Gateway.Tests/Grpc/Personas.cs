using EDRS.Grains.Contracts.Personas;

namespace EDRS.Gateway.Tests.Grpc;

/// <summary>Persona requests as gRPC clients write them.</summary>
internal static class Personas
{
    public static PersonaProfile Profile(string name = "Ada", params string[] skills)
    {
        var profile = new PersonaProfile { Name = name, Role = "Engineer", Personality = "Calm." };
        profile.Skills.AddRange(skills.Length > 0 ? skills : ["csharp"]);
        return profile;
    }

    public static HirePersonaRequest Hire(string personaId, string? requestId = null, PersonaProfile? profile = null) => new()
    {
        RequestId = requestId ?? NewRequestId(),
        PersonaId = personaId,
        Profile = profile ?? Profile(),
    };

    public static RememberFactRequest Remember(string personaId, string personId, string text, string? requestId = null) => new()
    {
        RequestId = requestId ?? NewRequestId(),
        PersonaId = personaId,
        PersonId = personId,
        Kind = FactKind.Like,
        Text = text,
    };

    public static string NewRequestId() => Guid.NewGuid().ToString("N");
}
