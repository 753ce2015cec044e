using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace EDRS.Testing.Http;

/// <summary>Web hosts a test starts for itself (doubles, recording servers) read none of a product host's settings.</summary>
public static class HostSettings
{
    /// <summary>
    /// Drops the appsettings sources: a test's output folder may hold a host's appsettings (copied with a project
    /// reference), whose Kestrel endpoints would replace the address the test chose.
    /// </summary>
    public static void DropAppSettings(this ConfigurationManager configuration)
    {
        foreach (var json in configuration.Sources.OfType<JsonConfigurationSource>().ToList())
            configuration.Sources.Remove(json);
    }
}
