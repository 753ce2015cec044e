using System.Text.Json;
using EDRS.Persistence.Journal;

namespace EDRS.Persistence.Serialization;

/// <summary>
/// A string that PostgreSQL cannot store, met while serializing an event. A <see cref="JsonException"/> so that the
/// serializer fills in <see cref="JsonException.Path"/>, the field it was in.
/// </summary>
internal sealed class UnstorableTextException(TextFault fault)
    : JsonException($"The text holds {StorableText.Describe(fault)}, which PostgreSQL cannot store.")
{
    public TextFault Fault { get; } = fault;
}
