namespace Bptl.TestSilo;

/// <summary>The <c>TestSilo</c> configuration section: how the test work units behave.</summary>
public sealed class TestSiloOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "TestSilo";

    /// <summary>The shortest run of <c>test.slow</c> (a task variable <c>delayMs</c> overrides it). Default 200 ms.</summary>
    public TimeSpan SlowMin { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest run of <c>test.slow</c>. Default 500 ms.</summary>
    public TimeSpan SlowMax { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Stop when standard input closes, so a silo started by a test that crashed does not outlive it (the test
    /// holds the other end of the pipe). Default false.
    /// </summary>
    public bool ExitWhenInputCloses { get; set; }
}
