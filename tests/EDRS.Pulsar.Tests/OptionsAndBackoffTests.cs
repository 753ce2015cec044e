namespace EDRS.Pulsar.Tests;

public sealed class OptionsAndBackoffTests
{
    [Fact]
    public void Reconnect_delays_double_up_to_the_maximum_and_stay_within_the_jitter_bounds()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3), new Random(7));
        var ceilings = new[] { 100, 200, 400, 800, 1600, 3000, 3000, 3000 };
        foreach (var ceiling in ceilings)
        {
            var delay = backoff.Next();
            Assert.InRange(delay.TotalMilliseconds, ceiling / 2.0, ceiling);
        }

        backoff.Reset();
        Assert.InRange(backoff.Next().TotalMilliseconds, 50, 100);
    }

    [Fact]
    public void Jitter_spreads_the_delays_of_clients_that_failed_together()
    {
        var delays = Enumerable.Range(0, 50).Select(seed => new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(seed)).Next()).ToHashSet();
        Assert.True(delays.Count > 40);
        Assert.All(delays, d => Assert.InRange(d.TotalMilliseconds, 500, 1000));
    }

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(new PulsarClientOptions().Validate());
        Assert.Empty(new PulsarClientOptions { ServiceUrl = "pulsar+ssl://a:6651,b:6651", AuthToken = "abc" }.Validate());
    }

    [Theory]
    [InlineData("http://broker:6650", "Pulsar__ServiceUrl")]
    [InlineData("pulsar://", "Pulsar__ServiceUrl")]
    [InlineData("pulsar://broker:99999", "Pulsar__ServiceUrl")]
    public void A_bad_service_url_names_the_environment_variable(string url, string variable)
    {
        var problem = Assert.Single(new PulsarClientOptions { ServiceUrl = url }.Validate());
        Assert.Contains(variable, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_timeouts_and_a_bad_token_are_each_reported_without_showing_the_token()
    {
        var problems = new PulsarClientOptions
        {
            AuthToken = "secret value",
            OperationTimeout = TimeSpan.Zero,
            ReconnectInitialDelay = TimeSpan.FromSeconds(5),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        }.Validate("Events:Pulsar");

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("Events__Pulsar__AuthToken", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Events__Pulsar__OperationTimeout", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Events__Pulsar__ReconnectMaxDelay", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void The_client_refuses_invalid_options()
    {
        var error = Assert.Throws<ArgumentException>(() => new PulsarClient(new PulsarClientOptions { ServiceUrl = "nope" }));
        Assert.Contains("Pulsar__ServiceUrl", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orders", "persistent://public/default/orders")]
    [InlineData("persistent://edrs/events/persona.hired", "persistent://edrs/events/persona.hired")]
    [InlineData("non-persistent://t/n/x", "non-persistent://t/n/x")]
    public void Topic_names_are_fully_qualified(string given, string expected)
    {
        Assert.Equal(expected, TopicName.Normalize(given));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("kafka://t/n/x")]
    [InlineData("persistent://t/x")]
    public void Malformed_topic_names_are_refused(string given)
    {
        Assert.Throws<ArgumentException>(() => TopicName.Normalize(given));
    }
}
