using System.Text;

namespace EDRS.Hosting.Tests.Observability;

/// <summary>
/// Takes over <see cref="Console.Out"/> so a host built meanwhile writes its console log there. The console logger
/// keeps the writer it found when it was created, so <see cref="Release"/> right after the host is built gives the
/// console back to everyone else while that host's lines keep coming here.
/// </summary>
internal sealed class ConsoleCapture : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private readonly TextWriter _original;

    private ConsoleCapture()
    {
        _original = Console.Out;
        Console.SetOut(this);
    }

    public override Encoding Encoding => Encoding.UTF8;

    public static ConsoleCapture Start() => new();

    public void Release()
    {
        if (ReferenceEquals(Console.Out, this))
            Console.SetOut(_original);
    }

    public string Text
    {
        get
        {
            lock (_gate)
                return _text.ToString();
        }
    }

    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override void Write(char value)
    {
        lock (_gate)
            _text.Append(value);
    }

    public override void Write(string? value)
    {
        lock (_gate)
            _text.Append(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
            _text.Append(buffer, index, count);
    }

    protected override void Dispose(bool disposing)
    {
        Release();
        base.Dispose(disposing);
    }
}
