namespace EDRS.Vectors.InMember;

/// <summary>
/// Runs a synchronous computation on the first <c>MoveNextAsync</c> and yields its items without awaiting: the
/// in-member index's results are ready at once, and its lock must be taken and released on one thread.
/// </summary>
internal sealed class CompletedAsyncEnumerable<T>(Func<IReadOnlyList<T>> compute) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) => new Enumerator(compute, cancellationToken);

    private sealed class Enumerator(Func<IReadOnlyList<T>> compute, CancellationToken cancellationToken) : IAsyncEnumerator<T>
    {
        private IReadOnlyList<T>? items;
        private int position = -1;

        public T Current => items is not null && position >= 0 && position < items.Count ? items[position] : default!;

        public ValueTask<bool> MoveNextAsync()
        {
            cancellationToken.ThrowIfCancellationRequested();
            items ??= compute();
            position++;
            return ValueTask.FromResult(position < items.Count);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
