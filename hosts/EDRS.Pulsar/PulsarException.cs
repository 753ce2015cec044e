using EDRS.Pulsar.Protocol;

namespace EDRS.Pulsar;

/// <summary>
/// A failure reported by the broker (<see cref="ServerError"/> set) or of the connection to it. <see cref="IsRetriable"/>
/// says whether trying again later can help (a dropped connection, a broker not ready) or not (a wrong token).
/// </summary>
public class PulsarException : Exception
{
    public PulsarException(string message, ServerError? serverError = null, Exception? inner = null)
        : base(message, inner)
    {
        ServerError = serverError;
    }

    public ServerError? ServerError { get; }

    public bool IsRetriable => ServerError is null
        or Protocol.ServerError.ServiceNotReady
        or Protocol.ServerError.TooManyRequests
        or Protocol.ServerError.MetadataError
        or Protocol.ServerError.PersistenceError
        or Protocol.ServerError.UnknownError
        or Protocol.ServerError.ProducerBusy
        or Protocol.ServerError.ConsumerBusy;
}
