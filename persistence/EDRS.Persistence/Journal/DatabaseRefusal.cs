using System.Text;
using Npgsql;

namespace EDRS.Persistence.Journal;

/// <summary>
/// Tells a statement the database refused for what it carries (a definite outcome: the statement was rolled back
/// whole, and the same data would be refused again) from every other failure (lost connection, timeout, shutdown,
/// deadlock: outcome unknown, or worth retrying as it is).
/// </summary>
internal static class DatabaseRefusal
{
    /// <summary>
    /// The refusal in <paramref name="exception"/> or its inner exceptions: an error (not a fatal one, which ends the
    /// session) of class 22 (data exception), 23 (integrity constraint violation) or 54 (program limit exceeded, such
    /// as a value or index entry too large); or text Npgsql could not encode, refused before anything was sent.
    /// Null for anything else.
    /// </summary>
    /// <remarks>
    /// The reason is built from the SQL state and the names PostgreSQL reports (table, column, constraint), never
    /// from its message text, which can quote the data (<c>invalid input syntax for type integer: "..."</c>).
    /// </remarks>
    public static (string SqlState, string Reason)? Of(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { InvariantSeverity: "ERROR" } pg when pg.SqlState.Length == 5 && pg.SqlState[..2] is "22" or "23" or "54":
                    return (pg.SqlState, Describe(pg));
                case EncoderFallbackException:
                    return (StorableText.NotInRepertoire, "text that cannot be encoded as UTF-8 (" + StorableText.Describe(TextFault.UnpairedSurrogate) + ")");
            }
        }
        return null;
    }

    private static string Describe(PostgresException pg)
    {
        var reason = new StringBuilder(pg.SqlState switch
        {
            "22P05" => "unsupported Unicode escape sequence (\\u0000 in JSON)",
            "22P02" => "invalid text representation",
            "22021" => "character not in repertoire (not valid UTF-8, or NUL)",
            "22003" => "numeric value out of range",
            "22001" => "value too long",
            "23502" => "not-null violation",
            "23503" => "foreign key violation",
            "23505" => "unique violation",
            "23514" => "check violation",
            "54000" => "program limit exceeded (a value or index entry too large)",
            "54001" => "statement too complex",
            _ when pg.SqlState.StartsWith("22", StringComparison.Ordinal) => "data exception",
            _ when pg.SqlState.StartsWith("23", StringComparison.Ordinal) => "integrity constraint violation",
            _ => "program limit exceeded",
        });
        if (pg.TableName is { Length: > 0 } table)
            reason.Append(", table ").Append(table);
        if (pg.ColumnName is { Length: > 0 } column)
            reason.Append(", column ").Append(column);
        if (pg.ConstraintName is { Length: > 0 } constraint)
            reason.Append(", constraint ").Append(constraint);
        return reason.ToString();
    }
}
