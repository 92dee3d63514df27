using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Bptl.Demo.Cluster;

/// <summary>The demo's silo processes: started together, ready together, stopped together.</summary>
internal sealed class SiloFleet : IAsyncDisposable
{
    /// <summary>How long a silo may take to stop before it is killed: its drain time plus a margin for the hand-back.</summary>
    public static readonly TimeSpan StopGrace = SiloSettings.ShutdownTimeout + TimeSpan.FromSeconds(15);

    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);

    private readonly List<SiloProcess> _silos = [];

    private SiloFleet()
    {
    }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public static async Task<SiloFleet> StartAsync(
        DemoOptions options, string connectionString, Uri engine, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var fleet = new SiloFleet();
        try
        {
            var logger = loggers.CreateLogger<SiloProcess>();
            for (var i = 1; i <= options.SiloCount; i++)
            {
                var name = "silo-" + i.ToString(CultureInfo.InvariantCulture);
                var health = new Uri("http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture) + "/");
                var settings = SiloSettings.For(name, health, connectionString, engine, options.SiloLogs);
                fleet._silos.Add(SiloProcess.Start(name, health, settings, logger));
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await Task.WhenAll(fleet._silos.Select(s => s.WaitUntilReadyAsync(http, ReadyWithin, cancellationToken)));
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>The first silo that exited on its own, if any.</summary>
    public SiloProcess? FirstExited() => _silos.FirstOrDefault(s => s.HasExited);

    /// <summary>Stops every silo at once (SIGTERM, wait, kill); true when all exited with code 0.</summary>
    public async Task<bool> StopAsync()
    {
        var exitCodes = await Task.WhenAll(_silos.Select(s => s.StopAsync(StopGrace)));
        return exitCodes.All(code => code == 0);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }
}
