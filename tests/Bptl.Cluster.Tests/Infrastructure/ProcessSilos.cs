using Bptl.Testing.Cluster;

namespace Bptl.Cluster.Tests.Infrastructure;

/// <summary>
/// The silo processes of one <see cref="Scenario"/>: each gets the scenario's configuration (database, engine, topics,
/// fast timings) plus its own settings. Dispose it before the scenario (declare it after), so every process is gone
/// before the database is dropped.
/// </summary>
public sealed class ProcessSilos(Scenario scenario) : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>Starts a silo process and waits until it joined the cluster.</summary>
    public async Task<SiloProcess> StartAsync(string name, params (string Key, string Value)[] settings)
    {
        var configuration = new Dictionary<string, string?>(scenario.Configuration);
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var silo = await SiloProcess.StartAsync(name, configuration, TestContext.Current.CancellationToken);
        lock (_silos)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    /// <summary>The log lines of every silo, in-process or child process, that contain all of <paramref name="texts"/>.</summary>
    public IReadOnlyList<string> LinesContaining(params string[] texts)
    {
        List<SiloProcess> silos;
        lock (_silos)
        {
            silos = [.. _silos];
        }

        return [.. silos.SelectMany(s => s.Output)
            .Concat(scenario.Silos.SelectMany(s => s.Logs.Lines.Select(l => l.Message)))
            .Where(line => texts.All(t => line.Contains(t, StringComparison.Ordinal)))];
    }

    /// <summary>Every silo's output, in-process and child processes, for a failed test's message.</summary>
    public string Dump()
    {
        List<SiloProcess> silos;
        lock (_silos)
        {
            silos = [.. _silos];
        }

        return string.Join('\n', silos.Select(s => s.Dump()).Prepend(scenario.Dump()));
    }

    /// <summary>
    /// Kills every process still running. Every silo's log, in-process ones too, goes to the test's output (shown for
    /// failed tests).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        TestContext.Current.TestOutputHelper?.WriteLine(Dump());
    }
}
