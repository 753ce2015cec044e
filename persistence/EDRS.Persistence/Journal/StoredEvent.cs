namespace EDRS.Persistence.Journal;

/// <summary>An event in the shape of a journal row, ready to insert.</summary>
internal readonly record struct StoredEvent(Guid Id, string TypeName, string DotNetTypeName, string Data, string? Headers, string? Topic = null);
