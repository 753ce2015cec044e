namespace EDRS.Grains.Runtime;

/// <summary>How a protobuf field is named in a <see cref="TextViolation"/>.</summary>
public enum FieldNaming
{
    /// <summary>camelCase, as in JSON and REST (<c>eventType</c>).</summary>
    Json,

    /// <summary>The name in the .proto file, as gRPC clients and google.rpc.BadRequest know it (<c>event_type</c>).</summary>
    Proto,
}
