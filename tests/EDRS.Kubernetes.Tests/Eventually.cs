namespace EDRS.Kubernetes.Tests;

/// <summary>Polls a condition that an asynchronous part of the system makes true, failing with a reason after a deadline.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{because} (not within {timeout})");
            await Task.Delay(25);
        }
    }
}
