namespace EDRS.Persistence.Journal;

/// <summary>Text that PostgreSQL cannot store, by kind (see <see cref="StorableText"/>).</summary>
public enum TextFault
{
    None,

    /// <summary>U+0000: not allowed in a text value, and <c>\u0000</c> is not allowed in jsonb.</summary>
    Nul,

    /// <summary>A UTF-16 surrogate without its partner: not encodable as UTF-8, and as a JSON escape not valid jsonb.</summary>
    UnpairedSurrogate,
}
