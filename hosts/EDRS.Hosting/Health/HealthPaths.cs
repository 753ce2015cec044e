using Microsoft.AspNetCore.Http;

namespace EDRS.Hosting.Health;

/// <summary>The probe endpoints every EDRS host serves.</summary>
public static class HealthPaths
{
    public static readonly PathString Root = "/health";

    /// <summary>Is the process alive? No dependencies are checked; 200 unless the process cannot answer at all.</summary>
    public const string Liveness = "/health/liveness";

    /// <summary>Can it take traffic? PostgreSQL reachable, cluster joined, journal writers running; 503 otherwise.</summary>
    public const string Readiness = "/health/readiness";

    /// <summary>Has it started? 504 until the host has started (every hosted service ran), then 200.</summary>
    public const string Startup = "/health/startup";
}
