using EDRS.Actors.Personas;
using EDRS.Actors.Runtime;
using EDRS.Grains.Contracts.Personas;
using EDRS.Hosts.Gateway.Errors;
using EDRS.Hosts.Gateway.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using System.Security.Cryptography;
using System.Text;
using Contract = EDRS.Grains.Contracts.Personas.PersonaGrain;

namespace EDRS.Hosts.Gateway.Personas;

/// <summary>
/// <c>/api/v1/personas</c>: hire personas, edit their profiles, and manage what they know about people.
/// Commands accept an <c>Idempotency-Key</c> header: a retried request with the same key has one effect.
/// </summary>
public static class PersonasApi
{
    private const string IdempotencyKeyHeader = IdempotencyKeyFilter.Header;

    public static IEndpointRouteBuilder MapPersonasApi(this IEndpointRouteBuilder app)
    {
        var personas = app.MapGroup("/api/v1/personas")
            .WithTags("Personas")
            .AddEndpointFilter(new GrainErrorFilter(RestFieldName))
            .AddEndpointFilter<IdempotencyKeyFilter>();

        personas.MapPost("/", HireAsync).WithName("HirePersona").WithSummary("Hire a persona");
        personas.MapGet("/{personaId}", GetAsync).WithName("GetPersona").WithSummary("Get a persona's profile");
        personas.MapPut("/{personaId}/profile", UpdateProfileAsync).WithName("UpdatePersonaProfile").WithSummary("Replace a persona's profile");
        personas.MapPost("/{personaId}/people/{personId}/facts", RememberFactAsync).WithName("RememberFact").WithSummary("Tell a persona a fact about a person");
        personas.MapPut("/{personaId}/people/{personId}/facts/{factId}", ReviseFactAsync).WithName("ReviseFact").WithSummary("Correct a fact");
        personas.MapDelete("/{personaId}/people/{personId}/facts/{factId}", RetractFactAsync).WithName("RetractFact").WithSummary("Retract a fact");
        personas.MapGet("/{personaId}/people/{personId}", GetPersonAsync).WithName("GetPerson").WithSummary("What a persona knows about a person");
        personas.MapDelete("/{personaId}/people/{personId}", ForgetPersonAsync).WithName("ForgetPerson").WithSummary("Erase everything a persona knows about a person");
        return app;
    }

    private static async Task<Results<Created<PersonaResponse>, ValidationProblem>> HireAsync(
        [FromBody] PersonaProfileBody? body,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        GrainClients grains,
        IOptions<TenancyOptions> tenancy,
        CancellationToken cancellationToken)
    {
        if (body is null)
            return Invalid("body", "a JSON object with the persona's profile is required");
        if (idempotencyKey is not null && !GrainIds.IsRequestId(idempotencyKey))
            return Invalid(IdempotencyKeyHeader, $"must be {GrainIds.RequestIdRule}");
        var tenant = tenancy.Value.DefaultTenant;
        var personaId = body.Id ?? (idempotencyKey is null ? Guid.CreateVersion7().ToString() : PersonaIdFor(tenant, idempotencyKey));
        if (!GrainIds.IsEntityId(personaId))
            return Invalid("id", $"must be {GrainIds.EntityIdRule}");

        var persona = grains.Persona(tenant, personaId);
        await persona.HireAsync(new HirePersonaRequest
        {
            RequestId = idempotencyKey ?? NewRequestId(),
            PersonaId = personaId,
            Profile = ToProfile(body),
        }, cancellationToken: cancellationToken);
        var view = await persona.GetPersonaAsync(new GetPersonaRequest(), cancellationToken: cancellationToken);
        return TypedResults.Created($"/api/v1/personas/{personaId}", ToResponse(view));
    }

    private static async Task<Results<Ok<PersonaResponse>, ValidationProblem>> GetAsync(
        string personaId, GrainClients grains, IOptions<TenancyOptions> tenancy, CancellationToken cancellationToken)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        var view = await grains.Persona(tenancy.Value.DefaultTenant, personaId).GetPersonaAsync(new GetPersonaRequest(), cancellationToken: cancellationToken);
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Results<Ok<PersonaResponse>, ValidationProblem>> UpdateProfileAsync(
        string personaId,
        [FromBody] PersonaProfileBody? body,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        GrainClients grains,
        IOptions<TenancyOptions> tenancy,
        CancellationToken cancellationToken)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (body is null)
            return Invalid("body", "a JSON object with the persona's profile is required");
        var persona = grains.Persona(tenancy.Value.DefaultTenant, personaId);
        await persona.UpdateProfileAsync(new UpdateProfileRequest
        {
            RequestId = RequestIdFrom(idempotencyKey),
            Profile = ToProfile(body),
        }, cancellationToken: cancellationToken);
        var view = await persona.GetPersonaAsync(new GetPersonaRequest(), cancellationToken: cancellationToken);
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Results<Created<FactAckResponse>, ValidationProblem>> RememberFactAsync(
        string personaId,
        string personId,
        [FromBody] FactBody? body,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        GrainClients grains,
        IOptions<TenancyOptions> tenancy,
        CancellationToken cancellationToken)
    {
        if ((InvalidId("personaId", personaId) ?? InvalidId("personId", personId)) is { } invalid)
            return invalid;
        if (body is null)
            return Invalid("body", "a JSON object with the fact is required");
        if (FactKinds.Parse(body.Kind) is not { } kind)
            return Invalid("kind", $"must be one of {FactKinds.Allowed}");
        var ack = await grains.Persona(tenancy.Value.DefaultTenant, personaId).RememberFactAsync(new RememberFactRequest
        {
            RequestId = RequestIdFrom(idempotencyKey),
            PersonId = personId,
            Kind = kind,
            Subject = body.Subject ?? "",
            Text = body.Text ?? "",
            Source = body.Source ?? "",
        }, cancellationToken: cancellationToken);
        return TypedResults.Created($"/api/v1/personas/{personaId}/people/{personId}", ToResponse(ack));
    }

    private static async Task<Results<Ok<FactAckResponse>, ValidationProblem>> ReviseFactAsync(
        string personaId,
        string personId,
        string factId,
        [FromBody] FactBody? body,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        GrainClients grains,
        IOptions<TenancyOptions> tenancy,
        CancellationToken cancellationToken)
    {
        if ((InvalidId("personaId", personaId) ?? InvalidId("personId", personId)) is { } invalid)
            return invalid;
        if (!long.TryParse(factId, out var fact) || fact < 1)
            return Invalid("factId", "must be a positive integer");
        if (body is null)
            return Invalid("body", "a JSON object with the fact's new text is required");
        var ack = await grains.Persona(tenancy.Value.DefaultTenant, personaId).ReviseFactAsync(new ReviseFactRequest
        {
            RequestId = RequestIdFrom(idempotencyKey),
            PersonId = personId,
            FactId = fact,
            Text = body.Text ?? "",
            Source = body.Source ?? "",
        }, cancellationToken: cancellationToken);
        return TypedResults.Ok(ToResponse(ack));
    }

    private static async Task<Results<NoContent, ValidationProblem>> RetractFactAsync(
        string personaId,
        string personId,
        string factId,
        [FromQuery] string? reason,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        GrainClients grains,
        IOptions<TenancyOptions> tenancy,
        CancellationToken cancellationToken)
    {
        if ((InvalidId("personaId", personaId) ?? InvalidId("personId", personId)) is { } invalid)
            return invalid;
        if (!long.TryParse(factId, out var fact) || fact < 1)
            return Invalid("factId", "must be a positive integer");
        await grains.Persona(tenancy.Value.DefaultTenant, personaId).RetractFactAsync(new RetractFactRequest
        {
            RequestId = RequestIdFrom(idempotencyKey),
            PersonId = personId,
            FactId = fact,
            Reason = reason ?? "",
        }, cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PersonResponse>, ValidationProblem>> GetPersonAsync(
        string personaId, string personId, GrainClients grains, IOptions<TenancyOptions> tenancy, CancellationToken cancellationToken)
    {
        if ((InvalidId("personaId", personaId) ?? InvalidId("personId", personId)) is { } invalid)
            return invalid;
        var view = await grains.Persona(tenancy.Value.DefaultTenant, personaId)
            .GetPersonAsync(new GetPersonRequest { PersonId = personId }, cancellationToken: cancellationToken);
        return TypedResults.Ok(new PersonResponse(view.PersonaId, view.PersonId, [.. view.Facts.Select(ToResponse)]));
    }

    private static async Task<Results<NoContent, ValidationProblem>> ForgetPersonAsync(
        string personaId,
        string personId,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        GrainClients grains,
        IOptions<TenancyOptions> tenancy,
        CancellationToken cancellationToken)
    {
        if ((InvalidId("personaId", personaId) ?? InvalidId("personId", personId)) is { } invalid)
            return invalid;
        await grains.Persona(tenancy.Value.DefaultTenant, personaId).ForgetPersonAsync(new ForgetPersonRequest
        {
            RequestId = RequestIdFrom(idempotencyKey),
            PersonId = personId,
        }, cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    private static ValidationProblem? InvalidId(string field, string value) =>
        GrainIds.IsEntityId(value) ? null : Invalid(field, $"must be {GrainIds.EntityIdRule}");

    private static ValidationProblem Invalid(string field, string description) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [description] }, $"{field}: {description}");

    /// <summary>Grain fields are named as in the gRPC contract; the REST body flattens the profile.</summary>
    private static string RestFieldName(string field) => field.StartsWith("profile.", StringComparison.Ordinal) ? field["profile.".Length..] : field;

    private static string NewRequestId() => Guid.CreateVersion7().ToString("N");

    /// <summary>The request id of a command: the client's Idempotency-Key, or a new id (the command then has no retry protection across requests).</summary>
    private static string RequestIdFrom(string? idempotencyKey) =>
        idempotencyKey is null ? NewRequestId()
        : GrainIds.IsRequestId(idempotencyKey) ? idempotencyKey
        : throw GrainFaults.ToRpcException(GrainException.Invalid(IdempotencyKeyHeader, $"must be {GrainIds.RequestIdRule}").ToFault());

    /// <summary>A retried hire with the same Idempotency-Key must address the same persona.</summary>
    private static string PersonaIdFor(string tenant, string idempotencyKey) =>
        "p-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{idempotencyKey}")))[..32];

    private static Grains.Contracts.Personas.PersonaProfile ToProfile(PersonaProfileBody body)
    {
        var profile = new Grains.Contracts.Personas.PersonaProfile
        {
            Name = body.Name ?? "",
            Role = body.Role ?? "",
            Personality = body.Personality ?? "",
        };
        profile.Skills.AddRange((body.Skills ?? []).Select(s => s ?? ""));
        profile.Responsibilities.AddRange((body.Responsibilities ?? []).Select(s => s ?? ""));
        return profile;
    }

    private static PersonaResponse ToResponse(PersonaView view) => new(
        view.PersonaId,
        view.Profile.Name,
        view.Profile.Role,
        [.. view.Profile.Skills],
        [.. view.Profile.Responsibilities],
        view.Profile.Personality,
        view.Version,
        view.HiredAt.ToDateTimeOffset(),
        view.UpdatedAt.ToDateTimeOffset(),
        view.PeopleKnown);

    private static FactAckResponse ToResponse(FactAck ack) =>
        new(ack.PersonaId, ack.PersonId, ack.FactId, ack.Version, ack.SupersededFactId == 0 ? null : ack.SupersededFactId);

    private static FactResponse ToResponse(PersonFact fact) => new(
        fact.FactId,
        FactKinds.Format(fact.Kind),
        fact.Subject,
        fact.Text,
        fact.Source,
        fact.RememberedAt.ToDateTimeOffset(),
        fact.RevisedAt?.ToDateTimeOffset());
}
