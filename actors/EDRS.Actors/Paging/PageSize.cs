using EDRS.Grains.Runtime;

namespace EDRS.Actors.Paging;

/// <summary>The page size of one paged read: what a request without one gets, and the most it may ask for.</summary>
public sealed record PageSize(int Default, int Max)
{
    /// <summary>What the caller asked for as a page size: 0 means the default; beyond 1..<see cref="Max"/> is refused naming <c>limit</c>.</summary>
    public int Resolve(int requested) =>
        requested == 0 ? Default
        : requested >= 1 && requested <= Max ? requested
        : throw GrainException.Invalid("limit", Rule);

    /// <summary>A <c>limit</c> query parameter: absent means the default; true when it is a whole number in 1..<see cref="Max"/>.</summary>
    public bool TryParse(string? text, out int size)
    {
        size = Default;
        return text is null || (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size)
            && size >= 1 && size <= Max);
    }

    /// <summary>What a valid <c>limit</c> is, for a 400 naming the field.</summary>
    public string Rule => $"must be an integer from 1 to {Max} (default {Default})";
}
