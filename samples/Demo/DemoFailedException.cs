namespace Bptl.Demo;

/// <summary>The demo cannot go on; the message says why, for the console.</summary>
internal sealed class DemoFailedException : Exception
{
    public DemoFailedException()
    {
    }

    public DemoFailedException(string message)
        : base(message)
    {
    }

    public DemoFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
