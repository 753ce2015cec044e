using Microsoft.Extensions.DependencyInjection;

namespace EDRS.Testing.Gateway;

/// <summary>
/// What a <see cref="GatewayFixture"/> runs: the gateway's own <c>Program</c> with the <see cref="TestClients"/> and these
/// choices on top, made through configuration keys as an operator makes them.
/// </summary>
public sealed record GatewayOptions
{
    /// <summary>
    /// PostgreSQL connection string of the journal; null: the fixture creates a fresh database (<see cref="GatewayFixture.Database"/>)
    /// and drops it when disposed.
    /// </summary>
    public string? Journal { get; init; }

    /// <summary>Serve on real Kestrel (REST on a free port, h2c gRPC on another) instead of the in-memory test server.</summary>
    public bool Kestrel { get; init; }

    /// <summary>Events between a grain's snapshots (Journal:SnapshotEvery); null: the product's default.</summary>
    public int? SnapshotEvery { get; init; }

    /// <summary>MODEL_PATH: the model the gateway runs in-process (e.g. the tiny GGUF of <c>TinyModel</c>); null: none configured.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Export the gateway's spans to <see cref="GatewayFixture.Spans"/>.</summary>
    public bool RecordsSpans { get; init; }

    /// <summary>Configuration keys on top of the fixture's own (as an operator sets them).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Adds to or replaces the gateway's services after its own wiring (test observers, recording stand-ins).</summary>
    public Action<IServiceCollection>? Services { get; init; }
}
