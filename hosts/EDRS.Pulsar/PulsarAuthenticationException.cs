using EDRS.Pulsar.Protocol;

namespace EDRS.Pulsar;

/// <summary>The broker refused the credentials (CONNECT answered with an AuthenticationError). Retrying will not help.</summary>
public sealed class PulsarAuthenticationException(string message) : PulsarException(message, Protocol.ServerError.AuthenticationError);
