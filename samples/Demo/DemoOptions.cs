namespace Bptl.Demo;

/// <summary>What the command line sets.</summary>
internal sealed record DemoOptions
{
    public const double DefaultRate = 3;
    public const int DefaultEnginePort = 8080;

    /// <summary>Process instances started per second. Default 3.</summary>
    public double Rate { get; init; } = DefaultRate;

    /// <summary>The sandbox engine's port on 127.0.0.1; 0 for any free one. Default 8080.</summary>
    public int EnginePort { get; init; } = DefaultEnginePort;

    /// <summary>Self-check mode: stop once every path has shown up, failing after this long. Default null: run until stopped.</summary>
    public TimeSpan? CheckWithin { get; init; }

    /// <summary>Relay the silos' information logs too. Default false: warnings and errors only.</summary>
    public bool SiloLogs { get; init; }

    /// <summary>How many silo processes run. Two: enough to see topics spread and work move.</summary>
    public int SiloCount { get; init; } = 2;

    /// <summary>How often the summary is printed. Default 5 s.</summary>
    public TimeSpan SummaryEvery { get; init; } = TimeSpan.FromSeconds(5);
}
