namespace EDRS.Benchmarks.Fuzz;

/// <summary>Answers to one operation's fuzzed requests, by class; safe to count from several connections at once.</summary>
internal sealed class OperationTally
{
    private int _success;
    private int _clientErrors;
    private int _serverErrors;
    private int _noAnswer;
    private int _other;

    public int Success => _success;

    public int ClientErrors => _clientErrors;

    public int ServerErrors => _serverErrors;

    public int NoAnswer => _noAnswer;

    public int Total => _success + _clientErrors + _serverErrors + _noAnswer + _other;

    public void Count(int status)
    {
        if (status >= 500)
            Interlocked.Increment(ref _serverErrors);
        else if (status >= 400)
            Interlocked.Increment(ref _clientErrors);
        else if (status is >= 200 and < 300)
            Interlocked.Increment(ref _success);
        else
            Interlocked.Increment(ref _other);
    }

    public void CountNoAnswer() => Interlocked.Increment(ref _noAnswer);
}
