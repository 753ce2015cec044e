using EDRS.Pulsar.Protocol;

namespace EDRS.Pulsar.Connections;

/// <summary>What a connection tells a producer registered on it. Called on the connection's read loop: never block.</summary>
internal interface IProducerListener
{
    void OnSendReceipt(CommandSendReceipt receipt);

    void OnSendError(CommandSendError error);

    /// <summary>The connection closed, or the broker closed this producer (CLOSE_PRODUCER): re-create it.</summary>
    void OnDisconnected(PulsarConnection connection);
}
