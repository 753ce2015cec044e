namespace EDRS.Persistence.Reminders;

/// <summary>
/// A reminder a member claimed: the grain to wake (<paramref name="Kind"/>, <paramref name="Identity"/> = its cluster
/// identity <c>{tenant}/{key}</c>), the reminder's <paramref name="Name"/> and <paramref name="DueAt"/>, and the
/// <paramref name="Token"/> of this registration: completing the claim deletes the row only while it still holds this
/// token, so a grain that re-registered the reminder while it was being woken keeps its new due time.
/// </summary>
public sealed record DueReminder(string Kind, string Identity, string Name, DateTimeOffset DueAt, Guid Token, int Attempts);
