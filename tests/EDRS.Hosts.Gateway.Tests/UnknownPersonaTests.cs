using System.Net;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests;

public sealed class UnknownPersonaTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string, string?> Calls => new()
    {
        { "GET", $"{PersonasPath}/nobody", null },
        { "PUT", $"{PersonasPath}/nobody/profile", Profile() },
        { "POST", $"{PersonasPath}/nobody/people/bob/facts", Fact() },
        { "GET", $"{PersonasPath}/nobody/people/bob", null },
        { "PUT", $"{PersonasPath}/nobody/people/bob/facts/1", """{"text": "x"}""" },
        { "DELETE", $"{PersonasPath}/nobody/people/bob/facts/1", null },
        { "DELETE", $"{PersonasPath}/nobody/people/bob", null },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Calls_on_a_persona_never_hired_answer_404_and_write_nothing(string method, string path, string? body)
    {
        using var response = await gateway.Client.SendAsync(new HttpMethod(method), path, body);

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/nobody"));
    }
}
