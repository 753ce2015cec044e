using System.Net;
using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.BadInput;

/// <summary>Even requests that match no endpoint are answered with problem details.</summary>
public sealed class UnknownRouteTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("GET", "/api/v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v2/personas", HttpStatusCode.NotFound)]
    [InlineData("PATCH", "/api/v1/personas/ada", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/api/v1/personas", HttpStatusCode.MethodNotAllowed)]
    public async Task An_unknown_route_or_method_is_a_problem_document(string method, string path, HttpStatusCode status)
    {
        using var response = await gateway.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var problem = await response.ReadProblemAsync(status);

        Assert.Equal((int)status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), "the problem document has no title");
    }
}
