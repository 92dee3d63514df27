using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Bptl.Embedded;

public sealed partial class PostgresCluster
{
    private async Task StartServerCoreAsync(bool mayMovePort, CancellationToken ct)
    {
        var waitSeconds = ((int)Math.Ceiling(_options.StartTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            var logOffset = _folder.LogLength;
            ToolResult result;
            try
            {
                result = await _tools.RunAsync(
                    "pg_ctl", ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", waitSeconds, "-s"],
                    _options.ResolvedRootDirectory, _options.StartTimeout + s_stepTimeout, ct);
            }
            finally
            {
                // Even a failed or cancelled start may leave a postmaster behind that a stop must find.
                _postmasterPid = RunningPostmaster() ?? 0;
            }

            if (result.Succeeded)
            {
                break;
            }

            var log = _folder.ReadLog(logOffset);
            if (mayMovePort && attempt < 3 && log.Contains("could not bind", StringComparison.Ordinal))
            {
                // Another process took the probed port before the server bound it: probe again.
                Port = FindFreePort();
                _folder.WriteServerConfig(Port, _options.MaxConnections);
                continue;
            }

            throw new PostgresClusterException(
                $"PostgreSQL did not start in {DataDirectory}. {result.Describe()}{Environment.NewLine}--- server log ---{Environment.NewLine}{log.TrimEnd()}");
        }

        await WaitUntilAcceptingAsync(ct);
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var probe = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(ct);
                return;
            }
            catch (NpgsqlException ex) when (!ct.IsCancellationRequested)
            {
                if (Stopwatch.GetElapsedTime(started) > _options.StartTimeout)
                {
                    throw new PostgresClusterException(
                        $"PostgreSQL on port {Port} did not accept connections within {_options.StartTimeout.TotalSeconds:0} s; see {LogFile}.", ex);
                }
            }

            // PostgreSQL offers no readiness signal to wait on; a short poll with a deadline is the next best.
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    private async Task StopServerCoreAsync(CancellationToken ct)
    {
        foreach (var mode in (string[])["fast", "immediate"])
        {
            if (RunningPostmaster() is null || !System.IO.Directory.Exists(DataDirectory))
            {
                break;
            }

            await _tools.RunAsync(
                "pg_ctl", ["stop", "-D", DataDirectory, "-m", mode, "-w", "-t", "30", "-s"],
                _options.ResolvedRootDirectory, s_stepTimeout, ct);
        }

        if (RunningPostmaster() is { } pid)
        {
            await Postmaster.KillAsync(pid, TimeSpan.FromSeconds(15), ct);
        }

        _postmasterPid = 0;
    }

    private void StopOnProcessExit()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            if (RunningPostmaster() is not null)
            {
                _tools.RunAsync(
                    "pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "10", "-s"],
                    _options.ResolvedRootDirectory, TimeSpan.FromSeconds(15), timeout.Token).GetAwaiter().GetResult();
            }

            if (RunningPostmaster() is { } pid)
            {
                Postmaster.KillAsync(pid, TimeSpan.FromSeconds(5), timeout.Token).GetAwaiter().GetResult();
            }

            FinishFolder();
        }
        catch (Exception)
        {
            // The process is exiting and has nowhere to report; the next start's sweep removes what is left.
        }
    }

    /// <summary>The live postmaster's pid, from postmaster.pid or, once that is gone, the pid last seen.</summary>
    private int? RunningPostmaster()
    {
        if (Postmaster.ReadProcessId(DataDirectory) is { } pid && Postmaster.IsRunning(pid))
        {
            return pid;
        }

        var last = _postmasterPid;
        return last != 0 && Postmaster.IsRunning(last) ? last : null;
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
