using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tests.Sessions;

/// <summary>The per-kind passivation option sessions use (Grains__IdleTimeoutByKind__session).</summary>
public sealed class SessionIdleTimeoutTests
{
    [Fact]
    public void Sessions_passivate_after_30_minutes_unless_their_kind_is_given_its_own_timeout()
    {
        var defaults = new GrainOptions();
        var configured = new GrainOptions { IdleTimeoutByKind = { ["session"] = TimeSpan.FromMinutes(45) } };

        Assert.Equal(TimeSpan.FromMinutes(30), defaults.IdleTimeoutOf("session"));
        Assert.Equal(TimeSpan.FromMinutes(45), configured.IdleTimeoutOf("session"));
        Assert.Equal(TimeSpan.FromMinutes(30), configured.IdleTimeoutOf("persona"));
    }

    [Fact]
    public void A_too_short_kind_timeout_is_refused_naming_the_variable()
    {
        var options = new GrainOptions { IdleTimeoutByKind = { ["session"] = TimeSpan.FromMilliseconds(10) } };

        var problem = Assert.Single(options.Validate());

        Assert.Contains("Grains__IdleTimeoutByKind__session", problem, StringComparison.Ordinal);
    }
}
