using System.Buffers.Text;
using System.Text;
using EDRS.Grains.Runtime;

namespace EDRS.Hosts.Gateway.Requests;

/// <summary>
/// The cursors of paged lists: the last id of a page, base64url — opaque to clients, and meaningless in another tenant.
/// </summary>
public static class PageCursors
{
    public static string Encode(string id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(id));

    /// <summary>The id a cursor this API returned holds; null for anything else.</summary>
    public static string? Decode(string cursor)
    {
        try
        {
            var id = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return GrainIds.IsEntityId(id) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
