using System.Net;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests.Directory;

/// <summary>
/// <c>GET /api/v1/personas</c>: the tenant's personas from the persona directory, an async Marten projection of
/// the journal, paged by cursor. Eventually consistent, so the tests wait for it.
/// </summary>
public sealed class PersonaDirectoryTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task The_directory_lists_the_tenants_personas_by_id_a_page_at_a_time()
    {
        using var a = await gateway.ClientForAsync(TestClients.TenantA);
        using var b = await gateway.ClientForAsync(TestClients.TenantB);
        string[] ids = ["dir-e", "dir-b", "dir-d", "dir-a", "dir-c"];
        foreach (var id in ids)
            await a.HireAsync(id, name: $"Persona {id}");
        await b.HireAsync("dir-only-b");

        var all = await WaitForAsync(a, page => page.Count == ids.Length);
        var pages = new List<List<string>>();
        string? cursor = null;
        do
        {
            var page = await a.GetJsonAsync($"{PersonasPath}?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            pages.Add([.. page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)]);
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(p => p.GetProperty("id").GetString()));
        Assert.Equal([["dir-a", "dir-b"], ["dir-c", "dir-d"], ["dir-e"]], pages);
        var first = all[0];
        Assert.Equal(["id", "name", "role", "skills", "hiredAt", "updatedAt"], first.PropertyNames());
        Assert.Equal("Persona dir-a", first.GetProperty("name").GetString());
        Assert.Equal(["csharp", "postgres"], first.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        var onlyB = await WaitForAsync(b, page => page.Count == 1);
        Assert.Equal("dir-only-b", onlyB[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_profile_change_reaches_the_directory()
    {
        await gateway.Client.HireAsync("dir-renamed", name: "Before");
        await WaitForAsync(gateway.Client, page => page.Any(p => p.GetProperty("id").GetString() == "dir-renamed"));

        using (var update = await gateway.Client.SendAsync(HttpMethod.Put, $"{PersonasPath}/dir-renamed/profile", Profile(name: "After", role: "Architect")))
            await update.ReadJsonAsync(HttpStatusCode.OK);

        var page = await WaitForAsync(gateway.Client, page => page.Any(p => p.GetProperty("name").GetString() == "After"));
        var entry = page.Single(p => p.GetProperty("id").GetString() == "dir-renamed");
        Assert.Equal("Architect", entry.GetProperty("role").GetString());
        Assert.True(entry.GetProperty("updatedAt").GetDateTimeOffset() > entry.GetProperty("hiredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_empty_tenant_gets_an_empty_page_without_a_cursor()
    {
        using var pro = await gateway.ClientForAsync(TestClients.Pro);

        var page = await pro.GetJsonAsync(PersonasPath);

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.False(page.TryGetProperty("nextCursor", out _));
    }

    [Fact]
    public async Task The_directory_is_kept_in_its_own_table_by_the_daemon()
    {
        await gateway.Client.HireAsync("dir-table");
        await WaitForAsync(gateway.Client, page => page.Any(p => p.GetProperty("id").GetString() == "dir-table"));

        Assert.Equal(1, await gateway.Database.CountAsync("select count(*) from mt_doc_persona_directory where id = $1 and tenant = $2", "persona/default/dir-table", "default"));
    }

    /// <summary>Polls the first page (up to 200 personas) until <paramref name="done"/> holds.</summary>
    private static async Task<List<JsonElement>> WaitForAsync(HttpClient client, Func<List<JsonElement>, bool> done) =>
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"{PersonasPath}?limit=200")).GetProperty("items").EnumerateArray().ToList(),
            done, "the directory catches up", interval: TimeSpan.FromMilliseconds(100));
}
