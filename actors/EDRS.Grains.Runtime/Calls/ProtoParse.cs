using Google.Protobuf;

namespace EDRS.Grains.Runtime;

/// <summary>
/// Parses a generated protobuf message from bytes. Not through the gRPC method's marshaller: Grpc.Tools generates
/// contextual marshallers, whose plain-bytes emulation is not implemented for deserialization.
/// </summary>
internal static class ProtoParse
{
    public static T From<T>(ByteString bytes)
        where T : class
    {
        var message = Activator.CreateInstance<T>();
        ((IMessage)message).MergeFrom(bytes);
        return message;
    }
}
