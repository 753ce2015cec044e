using EDRS.Actors.Quotas;
using EDRS.Actors.Sessions;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Inference;
using EDRS.Hosting.Options;
using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Sessions;

/// <summary>
/// The session feature: the <c>session</c> grain kind and its options, and the model ports a turn uses (the chat client
/// and token counter over the inference grains, wherever the cluster places them).
/// </summary>
public static class SessionsRegistration
{
    public static IHostApplicationBuilder AddEdrsSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SessionsOptions>(SessionsOptions.Section, o => o.Validate());
        builder.Services.AddValidatedOptions<QuotaOptions>(QuotaOptions.Section, o => o.Validate());
        builder.Services.AddGrainKind(SessionKind.Registration);
        builder.AddEdrsInferenceClient();
        return builder;
    }
}
