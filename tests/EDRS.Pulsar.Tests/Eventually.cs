namespace EDRS.Pulsar.Tests;

/// <summary>Waits for a condition the system reaches asynchronously. The deadline is generous: a test fails only when the condition never holds.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public static async Task True(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
                Assert.Fail($"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }

    public static async Task<T> Within<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out waiting for {what}.");
            throw;
        }
    }
}
