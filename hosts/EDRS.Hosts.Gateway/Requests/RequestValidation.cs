using EDRS.Grains.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EDRS.Hosts.Gateway.Requests;

/// <summary>The 400 problems every REST handler answers bad input with, naming the field.</summary>
public static class RequestValidation
{
    public static ValidationProblem Invalid(string field, string description) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [description] }, $"{field}: {description}");

    /// <summary>Null when <paramref name="value"/> is a valid entity id (persona, person, session ...); else the problem.</summary>
    public static ValidationProblem? InvalidId(string field, string value) =>
        GrainIds.IsEntityId(value) ? null : Invalid(field, $"must be {GrainIds.EntityIdRule}");
}
