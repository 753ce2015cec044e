using EDRS.Actors.Personas;
using EDRS.Grains.Contracts.Personas;
using EDRS.Hosting.Cluster;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Gateway;
using EDRS.Testing.Grains;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace EDRS.Attacks.Tests.Cluster;

/// <summary>
/// Remoting (Proto.Remote, port 4020) is where one member calls another's grains: whoever reaches it can act for any
/// tenant. With cluster TLS every member serves and dials with its cluster certificate and accepts only peers whose
/// certificate chains to the cluster's CA, so neither a plain-text process nor one with another CA's certificate can join
/// or call a grain. Real members on loopback, certificates made by the test as an operator makes them.
/// </summary>
public sealed class ClusterTlsTests : IAsyncLifetime
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    /// <summary>Short, so a member that cannot reach its seed gives up within the test.</summary>
    private static readonly Dictionary<string, string?> QuickJoin = new() { ["Cluster:SeedJoinTimeout"] = "00:00:05" };

    private readonly TestCertificateAuthority _authority = new("edrs-cluster-ca");
    private readonly TestCertificateAuthority _stranger = new("another-ca");
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("clustertls");

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _authority.Dispose();
        _stranger.Dispose();
    }

    [Fact]
    public async Task Members_with_certificates_of_the_cluster_CA_form_a_cluster_and_call_each_others_grains()
    {
        await using var a = await StartAsync(_authority.Issue("member-a"), seed: null);
        await using var b = await StartAsync(_authority.Issue("member-b"), seed: a);
        await Eventually.TrueAsync(() => Sees(a, 2) && Sees(b, 2), "both members see both", Soon);

        // Each member reaches a grain that lives on the other, and both read the same state.
        foreach (var (caller, host) in new[] { (b, a), (a, b) })
        {
            var personaId = await caller.HireOnAsync(host);
            await caller.Persona(personaId).RememberFactAsync(Personas.Remember(personaId, "gina", "prefers Slack to email"));
            var throughCaller = await caller.Persona(personaId).GetPersonAsync(new GetPersonRequest { PersonaId = personaId, PersonId = "gina" });
            var throughHost = await host.Persona(personaId).GetPersonAsync(new GetPersonRequest { PersonaId = personaId, PersonId = "gina" });
            Assert.Equal(throughHost, throughCaller);
            Assert.Contains(throughCaller.Facts, f => f.Text == "prefers Slack to email");
        }
    }

    [Fact]
    public async Task A_member_without_a_certificate_cannot_join_a_cluster_that_uses_TLS()
    {
        await using var seed = await StartAsync(_authority.Issue("member-a"), seed: null);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestMember.StartAsync(new MemberSpec
        {
            Journal = _database.ConnectionString,
            Provider = ClusterProviderKind.Seed,
            Seed = seed,
            Settings = QuickJoin,
        }));

        Assert.Contains("did not join the cluster of seed", failure.ToString(), StringComparison.Ordinal);
        Assert.Single(seed.Cluster.MemberList.GetAllMembers());
    }

    [Fact]
    public async Task A_member_with_a_certificate_of_another_CA_cannot_join_even_if_it_trusts_the_cluster_CA()
    {
        await using var seed = await StartAsync(_authority.Issue("member-a"), seed: null);
        using var bundle = TrustBundle(_authority, _stranger);

        // It trusts the cluster (both CAs), but the cluster does not trust its certificate.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(_stranger.Issue("intruder").Trusting(bundle.Path), seed, QuickJoin));

        Assert.Contains("did not join the cluster of seed", failure.ToString(), StringComparison.Ordinal);
        Assert.Single(seed.Cluster.MemberList.GetAllMembers());
    }

    [Fact]
    public async Task An_outsider_that_knows_a_members_address_can_neither_read_nor_write_a_tenants_grain()
    {
        await using var member = await StartAsync(_authority.Issue("member-a"), seed: null);
        var personaId = await member.HireAsync();
        await member.Persona(personaId).RememberFactAsync(Personas.Remember(personaId, "gina", "salary 120k"));
        var stream = Personas.StreamKey(personaId);
        var events = (await _database.VersionsAsync(stream)).Count;

        await using var outsider = await OutsiderClient.StartAsync(MemberSpec.DefaultClusterName, member.Cluster.MemberList.GetAllMembers(), TimeSpan.FromSeconds(3));
        var read = await Assert.ThrowsAsync<RpcException>(() =>
            outsider.Grains.Persona(Personas.Tenant, personaId).GetPersonAsync(new GetPersonRequest { PersonaId = personaId, PersonId = "gina" }).ResponseAsync);
        var write = await Assert.ThrowsAsync<RpcException>(() =>
            outsider.Grains.Persona(Personas.Tenant, personaId).ForgetPersonAsync(new ForgetPersonRequest { RequestId = Personas.NewRequestId(), PersonaId = personaId, PersonId = "gina" }).ResponseAsync);

        Assert.Contains(read.StatusCode, new[] { StatusCode.DeadlineExceeded, StatusCode.Unavailable });
        Assert.Contains(write.StatusCode, new[] { StatusCode.DeadlineExceeded, StatusCode.Unavailable });
        Assert.Equal(events, (await _database.VersionsAsync(stream)).Count);
        var person = await member.Persona(personaId).GetPersonAsync(new GetPersonRequest { PersonaId = personaId, PersonId = "gina" });
        Assert.Contains(person.Facts, f => f.Text == "salary 120k");
    }

    [Fact]
    public async Task During_a_CA_rotation_members_that_trust_both_CAs_accept_certificates_of_either()
    {
        using var bundle = TrustBundle(_authority, _stranger);

        await using var old = await StartAsync(_authority.Issue("member-old").Trusting(bundle.Path), seed: null);
        await using var renewed = await StartAsync(_stranger.Issue("member-new").Trusting(bundle.Path), seed: old);

        await Eventually.TrueAsync(() => Sees(old, 2) && Sees(renewed, 2), "a member of each CA sees both", Soon);
        var personaId = await renewed.HireOnAsync(old);
        Assert.Equal("Ada", (await renewed.Persona(personaId).GetPersonaAsync(new GetPersonaRequest { PersonaId = personaId })).Profile.Name);
    }

    [Fact]
    public async Task A_gateway_that_gets_the_topology_through_the_relay_needs_the_cluster_certificate_too()
    {
        await using var member = await StartAsync(_authority.Issue("member-a"), seed: null);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => GatewayFixture.StartAsync(RelayGateway(member, certificate: null)));
        Assert.Contains("Cluster__RelayAddress", refused.ToString(), StringComparison.Ordinal);

        await using var gateway = await GatewayFixture.StartAsync(RelayGateway(member, _authority.Issue("gateway")));
        var personaId = await gateway.Client.HireAsync(name: "Grace");
        var persona = await gateway.Client.GetJsonAsync($"{Api.PersonasPath}/{personaId}");
        Assert.Equal("Grace", persona.GetProperty("name").GetString());
        Assert.Single(member.Cluster.MemberList.GetAllMembers());
    }

    [Theory]
    [InlineData("missing key", "Cluster__Tls__KeyPath")]
    [InlineData("missing CA", "Cluster__Tls__CaPath")]
    [InlineData("server-only certificate", "Cluster__Tls__CertificatePath")]
    [InlineData("key of another certificate", "Cluster__Tls__KeyPath")]
    public async Task Cluster_TLS_that_cannot_work_stops_the_start_naming_the_variable(string problem, string variable)
    {
        var good = _authority.Issue("member-a");
        var certificate = problem switch
        {
            "missing key" => good with { KeyPath = Path.Combine(_authority.Folder, "nowhere.key") },
            "missing CA" => good with { CaPath = Path.Combine(_authority.Folder, "nowhere.crt") },
            "server-only certificate" => _authority.IssueServerOnly("member-b"),
            _ => good with { KeyPath = _authority.Issue("member-c").KeyPath },
        };

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(certificate, seed: null));

        Assert.Contains(variable, failure.Message, StringComparison.Ordinal);
    }

    private Task<TestMember> StartAsync(MemberCertificate certificate, TestMember? seed, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = certificate.Settings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        return TestMember.StartAsync(new MemberSpec
        {
            Journal = _database.ConnectionString,
            Provider = ClusterProviderKind.Seed,
            Seed = seed,
            Settings = all,
        });
    }

    /// <summary>The gateway as the chart runs it: a client of the cluster fed by the members, with or without the certificate.</summary>
    private GatewayOptions RelayGateway(TestMember member, MemberCertificate? certificate)
    {
        var settings = certificate?.Settings() ?? [];
        settings["Cluster:Provider"] = "Relay";
        settings["Cluster:RelayAddress"] = member.Address;
        settings["Cluster:RelayJoinTimeout"] = "00:00:05";
        return new GatewayOptions { Journal = _database.ConnectionString, Settings = settings };
    }

    private static bool Sees(TestMember member, int count) => member.Cluster.MemberList.GetAllMembers().Length == count;

    private static TrustBundleFile TrustBundle(params TestCertificateAuthority[] authorities) =>
        new(string.Concat(authorities.Select(a => File.ReadAllText(a.CaPath)))); // cat old-ca.crt new-ca.crt > ca.crt
}
