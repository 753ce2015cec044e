using System.Net;
using static EDRS.Gateway.Tests.Api;

namespace EDRS.Gateway.Tests;

public sealed class UnknownPersonaTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string, string?> Calls => new()
    {
        { "GET", $"{Personas}/nobody", null },
        { "PUT", $"{Personas}/nobody/profile", Profile() },
        { "POST", $"{Personas}/nobody/people/bob/facts", Fact() },
        { "GET", $"{Personas}/nobody/people/bob", null },
        { "PUT", $"{Personas}/nobody/people/bob/facts/1", """{"text": "x"}""" },
        { "DELETE", $"{Personas}/nobody/people/bob/facts/1", null },
        { "DELETE", $"{Personas}/nobody/people/bob", null },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Calls_on_a_persona_never_hired_answer_404_and_write_nothing(string method, string path, string? body)
    {
        using var response = await gateway.Client.SendAsync(new HttpMethod(method), path, body);

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await gateway.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/nobody"));
    }
}
