using EDRS.Actors.Inference;
using EDRS.Hosting.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EDRS.Models.Inference;

/// <summary>
/// On a host that runs model kinds, loads the model before the member joins the cluster, so the first request does
/// not pay for it; with no model configured it says, once and plainly, what to set (the host still starts).
/// </summary>
internal sealed partial class ModelWarmupService(LocalGrainKinds local, ModelBackend backend, ILoggerFactory loggers) : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger("EDRS.Inference");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!local.Hosts(InferenceKind.Registration.Kind))
            return Task.CompletedTask;
        if (!backend.IsConfigured)
        {
            LogNoModel(_logger, InferenceOptions.NotConfiguredMessage);
            return Task.CompletedTask;
        }
        backend.WarmUp();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "This host runs model grains but has no model: {Message}")]
    private static partial void LogNoModel(ILogger logger, string message);
}
