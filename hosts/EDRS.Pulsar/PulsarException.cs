using EDRS.Pulsar.Protocol;

namespace EDRS.Pulsar;

/// <summary>
/// A failure reported by the broker (<see cref="ServerError"/> set) or of the connection to it. <see cref="IsRetriable"/>
/// says whether trying again later can help (a dropped connection, a broker not ready) or not (a wrong token).
/// </summary>
public class PulsarException : Exception
{
    private readonly bool? retriable;

    public PulsarException(string message, ServerError? serverError = null, Exception? inner = null, bool? retriable = null)
        : base(message, inner)
    {
        ServerError = serverError;
        this.retriable = retriable;
    }

    public ServerError? ServerError { get; }

    public bool IsRetriable => retriable ?? ServerError is null
        or Protocol.ServerError.ServiceNotReady
        or Protocol.ServerError.TooManyRequests
        or Protocol.ServerError.MetadataError
        or Protocol.ServerError.PersistenceError
        or Protocol.ServerError.UnknownError
        or Protocol.ServerError.ProducerBusy
        or Protocol.ServerError.ConsumerBusy;
}
