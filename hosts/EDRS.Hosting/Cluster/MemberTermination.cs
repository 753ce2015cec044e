namespace EDRS.Hosting.Cluster;

/// <summary>
/// How this process ends when its own cluster view is corrupt. <see cref="Environment.FailFast(string)"/>: no graceful
/// leave, no finalisers, nothing more sent to the other members (a graceful stop would gossip the bad view on its way out);
/// the supervisor (Kubernetes, systemd, the fault harness) starts a fresh member. Tests record the call instead.
/// </summary>
internal class MemberTermination
{
    public virtual void Terminate(string message) => Environment.FailFast(message);
}
