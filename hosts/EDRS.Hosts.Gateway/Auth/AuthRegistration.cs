using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>JWT bearer authentication, the <c>user</c>/<c>admin</c> policies and the local token issuer.</summary>
public static class AuthRegistration
{
    public static IHostApplicationBuilder AddGatewayAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        if (builder.Environment.IsDevelopment())
        {
            // Development only: a key made at start, so no key has to be committed for `scripts/run.sh` to work.
            services.PostConfigure<AuthOptions>(o =>
            {
                if (!o.UsesExternalIssuer && string.IsNullOrWhiteSpace(o.SigningKey))
                    o.SigningKey = SigningKeys.Generate();
            });
        }
        services.AddSingleton<TokenIssuer>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        services.AddAuthorization(GatewayPolicies.Add);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GatewayAuthorizationResultHandler>();
        return builder;
    }
}
