using System.Globalization;
using System.Security.Claims;
using System.Text;
using EDRS.Actors.Paging;
using EDRS.Actors.Personas.Directory;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.OpenApi;
using EDRS.Hosts.Gateway.Requests;
using static EDRS.Hosts.Gateway.Requests.RequestValidation;
using EDRS.Hosts.Gateway.Tenancy;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EDRS.Hosts.Gateway.Personas;

/// <summary>
/// <c>/api/v1/personas</c>: hire personas, edit their profiles, and manage what they know about people.
/// Commands accept an <c>Idempotency-Key</c> header: a retried request with the same key has one effect.
/// Every call acts for the tenant of its token; hiring, replacing profiles and erasure need the <c>admin</c> role.
/// </summary>
public static class PersonasApi
{
    /// <summary>The persona directory's page sizes (read from the projection, not a grain).</summary>
    private static readonly PageSize DirectoryPage = new(50, PersonaDirectory.MaxPageSize);

    public static IEndpointRouteBuilder MapPersonasApi(this IEndpointRouteBuilder app)
    {
        var personas = app.MapFeatureGroup("/api/v1/personas", "Personas", RestFieldName);

        personas.MapGet("/", ListAsync).WithName("ListPersonas").WithSummary("List the tenant's personas")
            .WithDescription(
                "The persona directory, ordered by persona id, one page at a time: pass the previous page's `nextCursor` as " +
                "`cursor`. The directory is a read model kept by an asynchronous projection of the journal, so it is " +
                "eventually consistent: a persona appears (and a profile change shows) shortly after the command " +
                "succeeded, typically within a second or two. Read one persona with GET /api/v1/personas/{personaId} " +
                "for its current state.")
            .AddOpenApiOperationTransformer(PagingDocs.For(DirectoryPage, "Personas"));
        personas.MapPost("/", HireAsync).WithName("HirePersona").WithSummary("Hire a persona")
            .RequireAuthorization(GatewayPolicies.Admin)
            .ProducesProblem(StatusCodes.Status409Conflict);
        personas.MapGet("/{personaId}", GetAsync).WithName("GetPersona").WithSummary("Get a persona's profile")
            .ProducesProblem(StatusCodes.Status404NotFound);
        personas.MapPut("/{personaId}/profile", UpdateProfileAsync).WithName("UpdatePersonaProfile").WithSummary("Replace a persona's profile")
            .RequireAuthorization(GatewayPolicies.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        personas.MapPost("/{personaId}/people/{personId}/facts", RememberFactAsync).WithName("RememberFact").WithSummary("Tell a persona a fact about a person")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        personas.MapPut("/{personaId}/people/{personId}/facts/{factId}", ReviseFactAsync).WithName("ReviseFact").WithSummary("Correct a fact")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        personas.MapDelete("/{personaId}/people/{personId}/facts/{factId}", RetractFactAsync).WithName("RetractFact").WithSummary("Retract a fact")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        personas.MapGet("/{personaId}/people/{personId}", GetPersonAsync).WithName("GetPerson").WithSummary("What a persona knows about a person")
            .WithDescription("The facts newest first, one page at a time: pass the previous page's `nextCursor` as `cursor`.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(PagingDocs.For(PageSizes.Facts, "Facts"));
        personas.MapDelete("/{personaId}/people/{personId}", ForgetPersonAsync).WithName("ForgetPerson").WithSummary("Erase everything a persona knows about a person")
            .RequireAuthorization(GatewayPolicies.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<PersonaPageResponse>, ValidationProblem>> ListAsync(
        [FromQuery] string? limit,
        [FromQuery] string? cursor,
        ClaimsPrincipal user,
        IQuerySession directory,
        CancellationToken cancellationToken)
    {
        if (!DirectoryPage.TryParse(limit, out var pageSize))
            return Invalid("limit", $"must be an integer from 1 to {PersonaDirectory.MaxPageSize}");
        string? after = null;
        if (cursor is not null && (after = PageCursors.Decode(cursor)) is null)
            return Invalid("cursor", "is not a cursor this API returned");
        var (entries, more) = await PersonaDirectory.PageAsync(directory, user.Tenant(), after, pageSize, cancellationToken);
        var items = entries.Select(e => new PersonaSummaryResponse(e.PersonaId, e.Name, e.Role, e.Skills, e.HiredAt, e.UpdatedAt)).ToList();
        return TypedResults.Ok(new PersonaPageResponse(items, more ? PageCursors.Encode(items[^1].Id) : null));
    }

    private static async Task<Results<Created<PersonaResponse>, ValidationProblem>> HireAsync(
        [FromBody] PersonaProfileBody? body, [AsParameters] TenantCommand call)
    {
        if (body is null)
            return Invalid("body", "a JSON object with the persona's profile is required");
        var personaId = body.Id ?? call.KeyFromIdempotencyKey("p") ?? Guid.CreateVersion7().ToString();
        if (InvalidId("id", personaId) is { } invalid)
            return invalid;
        var ack = await call.Persona(personaId).HireAsync(new HirePersonaRequest
        {
            RequestId = call.RequestId,
            PersonaId = personaId,
            Profile = ToProfile(body),
        }, cancellationToken: call.Aborted);
        return TypedResults.Created($"/api/v1/personas/{personaId}", ToResponse(ack.Persona));
    }

    private static async Task<Results<Ok<PersonaResponse>, ValidationProblem>> GetAsync(string personaId, [AsParameters] TenantQuery call)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        var view = await call.Grains.Persona(call.Tenant, personaId).GetPersonaAsync(new GetPersonaRequest(), cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Results<Ok<PersonaResponse>, ValidationProblem>> UpdateProfileAsync(
        string personaId, [FromBody] PersonaProfileBody? body, [AsParameters] TenantCommand call)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (body is null)
            return Invalid("body", "a JSON object with the persona's profile is required");
        var ack = await call.Persona(personaId).UpdateProfileAsync(new UpdateProfileRequest
        {
            RequestId = call.RequestId,
            Profile = ToProfile(body),
        }, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(ack.Persona));
    }

    private static async Task<Results<Created<FactAckResponse>, ValidationProblem>> RememberFactAsync(
        string personaId, string personId, [FromBody] FactBody? body, [AsParameters] TenantCommand call)
    {
        if ((InvalidId("personaId", personaId) ?? InvalidId("personId", personId)) is { } invalid)
            return invalid;
        if (body is null)
            return Invalid("body", "a JSON object with the fact is required");
        if (FactKinds.Parse(body.Kind) is not { } kind)
            return Invalid("kind", $"must be one of {FactKinds.Allowed}");
        var ack = await call.Persona(personaId).RememberFactAsync(new RememberFactRequest
        {
            RequestId = call.RequestId,
            PersonId = personId,
            Kind = kind,
            Subject = body.Subject ?? "",
            Text = body.Text ?? "",
            Source = body.Source ?? "",
        }, cancellationToken: call.Aborted);
        return TypedResults.Created($"/api/v1/personas/{personaId}/people/{personId}", ToResponse(ack));
    }

    private static async Task<Results<Ok<FactAckResponse>, ValidationProblem>> ReviseFactAsync(
        string personaId, string personId, string factId, [FromBody] FactBody? body, [AsParameters] TenantCommand call)
    {
        if ((InvalidId("personaId", personaId) ?? InvalidId("personId", personId)) is { } invalid)
            return invalid;
        if (!long.TryParse(factId, out var fact) || fact < 1)
            return Invalid("factId", "must be a positive integer");
        if (body is null)
            return Invalid("body", "a JSON object with the fact's new text is required");
        var ack = await call.Persona(personaId).ReviseFactAsync(new ReviseFactRequest
        {
            RequestId = call.RequestId,
            PersonId = personId,
            FactId = fact,
            Text = body.Text ?? "",
            Source = body.Source ?? "",
        }, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(ack));
    }

    private static async Task<Results<NoContent, ValidationProblem>> RetractFactAsync(
        string personaId, string personId, string factId, [FromQuery] string? reason, [AsParameters] TenantCommand call)
    {
        if ((InvalidId("personaId", personaId) ?? InvalidId("personId", personId)) is { } invalid)
            return invalid;
        if (!long.TryParse(factId, out var fact) || fact < 1)
            return Invalid("factId", "must be a positive integer");
        await call.Persona(personaId).RetractFactAsync(new RetractFactRequest
        {
            RequestId = call.RequestId,
            PersonId = personId,
            FactId = fact,
            Reason = reason ?? "",
        }, cancellationToken: call.Aborted);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PersonResponse>, ValidationProblem>> GetPersonAsync(
        string personaId, string personId, [FromQuery] string? limit, [FromQuery] string? cursor, [AsParameters] TenantQuery call)
    {
        if ((InvalidId("personaId", personaId) ?? InvalidId("personId", personId)) is { } invalid)
            return invalid;
        if (!PageSizes.Facts.TryParse(limit, out var pageSize))
            return Invalid("limit", PageSizes.Facts.Rule);
        var view = await call.Grains.Persona(call.Tenant, personaId)
            .GetPersonAsync(new GetPersonRequest { PersonId = personId, Limit = pageSize, Cursor = cursor ?? "" }, cancellationToken: call.Aborted);
        return TypedResults.Ok(new PersonResponse(view.PersonaId, view.PersonId, [.. view.Facts.Select(ToResponse)], view.FactCount,
            view.NextCursor.Length > 0 ? view.NextCursor : null));
    }

    private static async Task<Results<NoContent, ValidationProblem>> ForgetPersonAsync(
        string personaId, string personId, [AsParameters] TenantCommand call)
    {
        if ((InvalidId("personaId", personaId) ?? InvalidId("personId", personId)) is { } invalid)
            return invalid;
        await call.Persona(personaId).ForgetPersonAsync(new ForgetPersonRequest
        {
            RequestId = call.RequestId,
            PersonId = personId,
        }, cancellationToken: call.Aborted);
        return TypedResults.NoContent();
    }

    /// <summary>Grain fields are named as in the gRPC contract; the REST body flattens the profile.</summary>
    private static string RestFieldName(string field) => field.StartsWith("profile.", StringComparison.Ordinal) ? field["profile.".Length..] : field;

    private static PersonaProfile ToProfile(PersonaProfileBody body)
    {
        var profile = new PersonaProfile
        {
            Name = body.Name ?? "",
            Role = body.Role ?? "",
            Personality = body.Personality ?? "",
        };
        profile.Skills.AddRange((body.Skills ?? []).Select(s => s ?? ""));
        profile.Responsibilities.AddRange((body.Responsibilities ?? []).Select(s => s ?? ""));
        profile.Handles.AddRange((body.Handles ?? []).Select(s => s ?? ""));
        profile.Knowledge.AddRange((body.Knowledge ?? []).Select(s => s ?? ""));
        profile.Tools.AddRange((body.Tools ?? []).Select(s => s ?? ""));
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
        view.PeopleKnown,
        [.. view.Profile.Handles],
        [.. view.Profile.Knowledge],
        [.. view.Profile.Tools]);

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
