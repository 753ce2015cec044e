using System.Buffers.Text;
using System.Text;
using EDRS.Grains.Runtime;

namespace EDRS.Hosts.Gateway.Requests;

/// <summary>
/// Paging cursors of the read-model listings: the last id of a page, base64url — opaque to clients, and meaningless in
/// another tenant (every listing is of the caller's tenant).
/// </summary>
public static class PageCursors
{
    public static string Encode(string id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(id));

    /// <summary>The id a cursor holds, or null when it is not a cursor this API returned.</summary>
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
