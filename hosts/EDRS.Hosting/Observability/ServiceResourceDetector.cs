using OpenTelemetry.Resources;

namespace EDRS.Hosting.Observability;

/// <summary>Sets <c>service.name</c> (and a per-process instance id) from the validated <see cref="ObservabilityOptions"/>.</summary>
internal sealed class ServiceResourceDetector(string serviceName) : IResourceDetector
{
    public Resource Detect() => ResourceBuilder.CreateEmpty()
        .AddService(serviceName, serviceNamespace: "edrs", autoGenerateServiceInstanceId: true)
        .Build();
}
