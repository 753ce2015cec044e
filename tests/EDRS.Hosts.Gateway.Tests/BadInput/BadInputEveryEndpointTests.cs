using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests.BadInput;

/// <summary>
/// Oversized bodies, malformed query values and bad headers, on every endpoint: always a 4xx problem document,
/// never a 5xx, never an event.
/// </summary>
public sealed class BadInputEveryEndpointTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const int Oversized = (10 * 1024 * 1024) + 1;

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/v1/auth/token" },
        { "GET", PersonasPath },
        { "POST", PersonasPath },
        { "GET", $"{PersonasPath}/bad-input" },
        { "PUT", $"{PersonasPath}/bad-input/profile" },
        { "POST", $"{PersonasPath}/bad-input/people/bob/facts" },
        { "PUT", $"{PersonasPath}/bad-input/people/bob/facts/1" },
        { "DELETE", $"{PersonasPath}/bad-input/people/bob/facts/1" },
        { "GET", $"{PersonasPath}/bad-input/people/bob" },
        { "DELETE", $"{PersonasPath}/bad-input/people/bob" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_body_over_10_MB_is_a_413_problem_on_every_endpoint(string method, string path)
    {
        var before = await gateway.Database.CountAsync("select count(*) from mt_events");
        var body = new byte[Oversized];
        Array.Fill(body, (byte)' ');
        body[0] = (byte)'{';
        body[^1] = (byte)'}';
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(path.EndsWith("/token", StringComparison.Ordinal) ? "application/x-www-form-urlencoded" : "application/json");

        using var response = await gateway.Client.SendAsync(request);

        var problem = await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("limited", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await gateway.Database.CountAsync("select count(*) from mt_events"));
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "limit=abc", "limit" },
        { "limit=0", "limit" },
        { "limit=-1", "limit" },
        { "limit=201", "limit" },
        { "limit=99999999999999999999", "limit" },
        { "cursor=%21%21%21", "cursor" },
        { "cursor=YmFkIGlk", "cursor" }, // base64url of "bad id": not a persona id
        { "limit=2&cursor=", "cursor" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_malformed_list_query_is_a_400_naming_the_parameter(string query, string field)
    {
        using var response = await gateway.Client.GetAsync($"{PersonasPath}?{query}");

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    public static TheoryData<string, string, string> BadAuthorizationHeaders()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var endpoint in Endpoints)
        {
            if (((string)endpoint[1]).EndsWith("/token", StringComparison.Ordinal))
                continue;
            foreach (var header in new[] { "Bearer", "Bearer ", "Basic ZGVmYXVsdDpzZWNyZXQ=", "Bearer a.b", "Bearer " + new string('x', 8000), "Token abc" })
                data.Add((string)endpoint[0], (string)endpoint[1], header);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadAuthorizationHeaders))]
    public async Task A_malformed_Authorization_header_is_a_401_problem(string method, string path, string header)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.TryAddWithoutValidation("Authorization", header);
        if (method is "POST" or "PUT")
            request.Content = new StringContent(Profile(), Encoding.UTF8, "application/json");

        using var response = await gateway.Anonymous.SendAsync(request);

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string, string, string> BadContentTypes()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var endpoint in Endpoints)
        {
            if ((string)endpoint[0] is not ("POST" or "PUT"))
                continue;
            foreach (var type in new[] { "application/xml", "text/plain", "multipart/form-data; boundary=x" })
                data.Add((string)endpoint[0], (string)endpoint[1], type);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadContentTypes))]
    public async Task A_body_of_an_unsupported_media_type_is_a_4xx_problem(string method, string path, string contentType)
    {
        var before = await gateway.Database.CountAsync("select count(*) from mt_events");
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(Profile(), Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await gateway.Client.SendAsync(request);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path} ({contentType}) answered {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await gateway.Database.CountAsync("select count(*) from mt_events"));
    }
}
