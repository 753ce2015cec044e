using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace EDRS.Actors.Paging;

/// <summary>
/// A cursor of a paged read: where the last page ended, as numbers only its grain interprets (a fact id, a turn number,
/// an inbox item's priority and sequence), opaque to clients (base64url). A cursor is only valid for the list it came from.
/// </summary>
public static class PageCursor
{
    public static string Encode(params long[] position) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Join('.', position.Select(p => p.ToString(CultureInfo.InvariantCulture)))));

    /// <summary>The <paramref name="count"/> numbers <paramref name="cursor"/> holds, or null if it is not a cursor of that shape.</summary>
    public static long[]? Decode(string cursor, int count)
    {
        string text;
        try
        {
            text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
        var parts = text.Split('.');
        if (parts.Length != count)
            return null;
        var position = new long[count];
        for (var i = 0; i < count; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out position[i]))
                return null;
        }
        return position;
    }
}
