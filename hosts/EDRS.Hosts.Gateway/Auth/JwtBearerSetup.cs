using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>Validation of bearer tokens from the validated <see cref="AuthOptions"/>: the local issuer's key, or an external OIDC issuer's JWKS.</summary>
internal sealed class JwtBearerSetup(IOptions<AuthOptions> auth, TimeProvider time) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == JwtBearerDefaults.AuthenticationScheme)
            Configure(options);
    }

    public void Configure(JwtBearerOptions options)
    {
        var settings = auth.Value;
        // Claims keep their names as issued (no mapping to long XML claim types): client_id, role, tier.
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = settings.Audience,
            ClockSkew = settings.ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            NameClaimType = GatewayClaims.ClientId,
            RoleClaimType = GatewayClaims.Role,
        };
        if (settings.UsesExternalIssuer)
        {
            // Issuer and signing keys come from the authority's discovery document and JWKS (refreshed by the handler).
            options.Authority = settings.Authority;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            options.Events = new JwtBearerEvents { OnTokenValidated = context => ExternalClaims.NormalizeAsync(context, settings) };
        }
        else
        {
            options.TokenValidationParameters.ValidIssuer = settings.Issuer;
            options.TokenValidationParameters.IssuerSigningKey = SigningKeys.Create(settings.SigningKey!);
            options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            // Fixed key and rules: a token's validation can be remembered until it expires (an external issuer's keys rotate).
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new CachingTokenHandler(time));
        }
    }
}
