using EDRS.Pulsar.FakeBroker;

namespace EDRS.Pulsar.Tests;

/// <summary>Client options for tests against the fake broker (a test double): quick reconnects, generous request deadlines.</summary>
internal static class PulsarTestClient
{
    public static PulsarClientOptions Options(FakePulsarBroker broker, string? token = null) => new()
    {
        ServiceUrl = broker.ServiceUrl,
        AuthToken = token,
        OperationTimeout = TimeSpan.FromSeconds(10),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(10),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    public static PulsarClient Create(FakePulsarBroker broker, string? token = null) => new(Options(broker, token));
}
