using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EDRS.Hosts.Gateway.OpenApi;

/// <summary>The document's description, its bearer-token security scheme, and bearer auth as the default for every operation.</summary>
internal sealed class GatewayDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "EDRS API",
            Version = "v1",
            Description = """
                REST facade of EDRS: long-lived AI personas, each an event-sourced virtual actor.

                **Authentication.** Every `/api/v1` call needs `Authorization: Bearer <token>`. Get a token (valid 1 hour)
                from `POST /api/v1/auth/token` with your client id and secret, or from your identity provider when this
                installation trusts an external OIDC issuer. The client id is your tenant: calls only ever reach your
                tenant's personas; another tenant's persona id answers 404.

                **Roles.** `admin` hires personas, replaces profiles and erases what a persona knows about a person;
                `user` tells and corrects facts and reads.

                **Rate limits.** Per client, by the tier in the token (by default: standard 60/min burst 10, 5 concurrent;
                professional 300/min burst 30, 15 concurrent; enterprise 1,200/min burst 100, 50 concurrent). Every
                metered response carries `X-RateLimit-Limit` (requests per minute), `X-RateLimit-Remaining` (requests
                that may follow at once) and `X-RateLimit-Reset` (seconds until the allowance is full again); over the
                limit: 429 with `Retry-After`.

                **Errors** are RFC 7807 problem documents (`application/problem+json`); invalid input is a 400 whose
                `errors` name the fields.

                **Retries.** Commands take an `Idempotency-Key` header: a retry with the same key has one effect and
                gets the first answer.

                **Consistency.** Single personas are read from their grain and are always current; the persona list
                (`GET /api/v1/personas`) is a projection and is eventually consistent.
                """,
        };
        // Servers are the address the document was fetched from; without the trailing slash that paths would double.
        foreach (var server in document.Servers ?? [])
            server.Url = server.Url?.TrimEnd('/');
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Personas", Description = "Hire personas, edit their profiles, and manage what they know about the people they work with." },
            new() { Name = "Auth", Description = "Tokens for the client-credentials grant (when this gateway issues its own tokens)." },
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token from POST /api/v1/auth/token (or the configured OIDC issuer), with claims client_id, role and tier.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        return Task.CompletedTask;
    }
}
