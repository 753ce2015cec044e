namespace EDRS.Persistence.Snapshots;

/// <summary>
/// Where a grain's recovery starts, read in one statement: the stream's latest <paramref name="Snapshot"/> (null: none) and
/// the version its journal had reached then (<paramref name="StreamVersion"/>; 0: nothing committed; null: the store cannot
/// tell, so recovery reads the journal). When the snapshot is at that version — or there is neither — recovery has no
/// events to read.
/// </summary>
public sealed record RecoveryStart(Snapshot? Snapshot, long? StreamVersion);
