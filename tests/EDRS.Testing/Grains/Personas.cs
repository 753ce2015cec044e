using EDRS.Actors.Personas;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Testing.Cluster;
using Proto.Cluster;
using PersonaClient = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;

namespace EDRS.Testing.Grains;

/// <summary>
/// Persona test data as gRPC clients and grain callers write it — a valid default for everything, changed per test — and
/// the calls tests make on persona grains through a <see cref="TestMember"/>.
/// </summary>
public static class Personas
{
    /// <summary>The tenant persona grains are driven in through a member.</summary>
    public const string Tenant = "acme";

    public static string NewId() => $"p{Guid.NewGuid():N}"[..20];

    public static string NewRequestId() => Guid.NewGuid().ToString("N");

    public static EDRS.Grains.Contracts.Personas.PersonaProfile Profile(string name = "Ada", params string[] skills)
    {
        var profile = new EDRS.Grains.Contracts.Personas.PersonaProfile { Name = name, Role = "Engineer", Personality = "Calm." };
        profile.Skills.AddRange(skills.Length > 0 ? skills : ["csharp"]);
        return profile;
    }

    public static HirePersonaRequest Hire(string personaId, string? requestId = null, EDRS.Grains.Contracts.Personas.PersonaProfile? profile = null) => new()
    {
        RequestId = requestId ?? NewRequestId(),
        PersonaId = personaId,
        Profile = profile ?? Profile(),
    };

    public static RememberFactRequest Remember(string personaId, string personId, string text, string? requestId = null,
        FactKind kind = FactKind.Like, string subject = "") => new()
    {
        RequestId = requestId ?? NewRequestId(),
        PersonaId = personaId,
        PersonId = personId,
        Kind = kind,
        Subject = subject,
        Text = text,
    };

    /// <summary>The persona's journal stream key.</summary>
    public static string StreamKey(string personaId) => GrainIdentity.Of(PersonaKind.Registration.Kind, Tenant, personaId).StreamKey;

    public static PersonaClient Persona(this TestMember member, string personaId) => member.Grains.Persona(Tenant, personaId);

    /// <summary>Hires a persona (a new id unless given) through <paramref name="member"/> and returns its id.</summary>
    public static async Task<string> HireAsync(this TestMember member, string? personaId = null)
    {
        personaId ??= NewId();
        await member.Persona(personaId).HireAsync(Hire(personaId));
        return personaId;
    }

    /// <summary>Tells the persona a note about <paramref name="personId"/>.</summary>
    public static Task<FactAck> RememberAsync(this TestMember member, string personaId, string personId, string text, string? requestId = null, string subject = "") =>
        member.Persona(personaId).RememberFactAsync(Remember(personaId, personId, text, requestId, FactKind.Note, subject)).ResponseAsync;

    /// <summary>
    /// Hires personas through <paramref name="caller"/> until one is activated on <paramref name="host"/> (placement is the
    /// cluster's choice), and returns its id: a grain the caller reaches across members.
    /// </summary>
    public static async Task<string> HireOnAsync(this TestMember caller, TestMember host)
    {
        for (var i = 0; i < 40; i++)
        {
            var personaId = await caller.HireAsync();
            var pid = await caller.Cluster.GetAsync(GrainIdentity.Of(PersonaKind.Registration.Kind, Tenant, personaId).ClusterIdentity, PersonaKind.Registration.Kind, CancellationToken.None);
            if (pid?.Address == host.Address)
                return personaId;
        }
        throw new InvalidOperationException($"No persona hired through {caller.Address} was placed on {host.Address} in 40 tries.");
    }
}
