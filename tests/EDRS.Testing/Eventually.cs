namespace EDRS.Testing;

/// <summary>
/// Waits for what an asynchronous part of the system makes true: cluster membership settling, a projection catching up,
/// a timer firing, a message arriving. The patience is generous (30 s unless a caller says otherwise) and the poll short,
/// so a test waits only as long as the system needs and fails only when the condition never holds — never on a timing.
/// A failure names what was awaited.
/// </summary>
public static class Eventually
{
    /// <summary>How long a condition may take unless a caller says otherwise.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    /// <param name="what">What is awaited, for the failure message ("both members see each other").</param>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? within = null, TimeSpan? interval = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, within, interval);

    /// <summary>Polls <paramref name="condition"/> (a query, a call) until it holds.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null, TimeSpan? interval = null)
    {
        var patience = within ?? Patience;
        var deadline = DateTime.UtcNow + patience;
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not within {patience.TotalSeconds:0.#} s: {what}.");
            await Task.Delay(interval ?? Poll).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs <paramref name="assertion"/> until it passes; at the deadline its last failure is the test's. For conditions
    /// whose failure is best told by the assertions themselves (which of several metrics has not moved).
    /// </summary>
    public static async Task AssertAsync(Func<Task> assertion, TimeSpan? within = null, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + (within ?? Patience);
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Xunit.Sdk.XunitException) when (DateTime.UtcNow <= deadline)
            {
                await Task.Delay(interval ?? Poll).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Reads until <paramref name="done"/> holds for what was read, and returns that value. <paramref name="interval"/>
    /// spaces the reads where a read itself matters (a call that keeps a grain from passivating).
    /// </summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? within = null, TimeSpan? interval = null)
    {
        var patience = within ?? Patience;
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var value = await read().ConfigureAwait(false);
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not within {patience.TotalSeconds:0.#} s: {what} (last read: {value}).");
            await Task.Delay(interval ?? Poll).ConfigureAwait(false);
        }
    }

    /// <summary>The result of <paramref name="task"/>, which must complete within the patience.</summary>
    public static async Task<T> Within<T>(Task<T> task, string what, TimeSpan? within = null)
    {
        await Within((Task)task, what, within).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    /// <summary>Waits for <paramref name="task"/>, which must complete within the patience.</summary>
    public static async Task Within(Task task, string what, TimeSpan? within = null)
    {
        var patience = within ?? Patience;
        try
        {
            await task.WaitAsync(patience).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Not within {patience.TotalSeconds:0.#} s: {what}.");
        }
    }
}
