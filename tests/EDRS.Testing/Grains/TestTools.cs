using EDRS.Actors.Tools;
using EDRS.Grains.Contracts.Work;
using EDRS.Testing.Cluster;
using EDRS.Testing.Http;

namespace EDRS.Testing.Grains;

/// <summary>Tools registered for tests through a <see cref="TestMember"/>, calling a <see cref="RecordingHttpServer"/>.</summary>
public static class TestTools
{
    /// <summary>The arguments of <see cref="RegisterLookupAsync"/>'s tool: a customer id, required.</summary>
    public const string CustomerSchema = """{"type":"object","properties":{"customer":{"type":"string"}},"required":["customer"]}""";

    /// <summary>Registers a new POST tool (a new name) that looks up a customer on <paramref name="server"/>; returns its name.</summary>
    public static async Task<string> RegisterLookupAsync(this TestMember member, RecordingHttpServer server)
    {
        var name = $"crm-{Guid.NewGuid():N}"[..16];
        await member.Grains.Tools(Personas.Tenant).RegisterToolAsync(new RegisterToolRequest
        {
            RequestId = Personas.NewRequestId(),
            Tool = new ToolDefinition
            {
                Name = name, Description = "Looks up a customer's open ticket.", Method = "POST", UrlTemplate = $"{server.BaseUrl}/{name}",
                ArgsSchema = CustomerSchema, TimeoutSeconds = 5,
            },
        });
        return name;
    }
}
