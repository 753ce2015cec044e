namespace EDRS.Pulsar.Protocol;

/// <summary>A frame that breaks the Pulsar binary protocol (size, layout, checksum, command order). The connection is closed.</summary>
public sealed class PulsarProtocolException(string message) : Exception(message);
