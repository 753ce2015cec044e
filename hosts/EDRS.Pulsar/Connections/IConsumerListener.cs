using EDRS.Pulsar.Protocol;

namespace EDRS.Pulsar.Connections;

/// <summary>What a connection tells a consumer registered on it. Called on the connection's read loop: never block.</summary>
internal interface IConsumerListener
{
    void OnMessage(PulsarConnection connection, PulsarFrame frame);

    /// <summary>The connection closed, or the broker closed this consumer (CLOSE_CONSUMER): subscribe again.</summary>
    void OnDisconnected(PulsarConnection connection);
}
