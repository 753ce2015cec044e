using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Quotas;

/// <summary>What every refusal by a quota looks like: 409, <c>code: limit-reached</c>, the quota's name and what to do.</summary>
internal static class LimitProblems
{
    public static async Task<JsonElement> ReadLimitReachedAsync(this HttpResponseMessage response, string quota)
    {
        var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("limit-reached", problem.GetProperty("code").GetString());
        Assert.Equal(quota, problem.GetProperty("limit").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }
}
