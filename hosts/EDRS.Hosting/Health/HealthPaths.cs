using Microsoft.AspNetCore.Http;

namespace EDRS.Hosting.Health;

/// <summary>
/// The probe endpoints every EDRS host serves. Each has one meaning, and Kubernetes uses each for one thing: startup is
/// the cluster-membership signal, readiness routes traffic, liveness restarts.
/// </summary>
public static class HealthPaths
{
    public static readonly PathString Root = "/health";

    /// <summary>Is the process alive? No dependencies are checked; 200 unless the process cannot answer at all.</summary>
    public const string Liveness = "/health/liveness";

    /// <summary>
    /// Can it take traffic? PostgreSQL reachable, cluster joined, journal writers running; 503 otherwise. Not a membership
    /// signal: a database outage makes every pod not ready (no traffic) without taking it out of the cluster.
    /// </summary>
    public const string Readiness = "/health/readiness";

    /// <summary>
    /// Has it started? 504 until the host has started (every hosted service ran, the cluster joined), then 200. Is it a
    /// cluster member: the Kubernetes provider counts a pod once its containers have <c>started</c>, which the kubelet
    /// sets when this probe passes and keeps while the container runs.
    /// </summary>
    public const string Startup = "/health/startup";
}
