namespace EDRS.Grains.Runtime;

/// <summary>The machine-readable reasons a grain fault may carry beside its status code; edges pass them on unchanged.</summary>
public static class GrainFaultReasons
{
    /// <summary>A request id (a client's Idempotency-Key) already used for a different request: refused, never answered with the other reply.</summary>
    public const string IdempotencyKeyReused = "idempotency-key-reused";
}
