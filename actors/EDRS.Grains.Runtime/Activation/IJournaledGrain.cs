namespace EDRS.Grains.Runtime;

/// <summary>A grain whose state lives in the journal; the runtime recovers it before its first call.</summary>
public interface IJournaledGrain
{
    Task RecoverAsync(CancellationToken cancellationToken);
}
