using System.Collections.Immutable;

namespace EDRS.Actors.Inbound.RoutingTables;

/// <summary>The durable part of a tenant's routing table: each persona's patterns.</summary>
public sealed record RoutingTableState(ImmutableSortedDictionary<string, RegisteredPersona> Personas)
{
    public static readonly RoutingTableState Initial = new(ImmutableSortedDictionary<string, RegisteredPersona>.Empty.WithComparers(StringComparer.Ordinal));
}
