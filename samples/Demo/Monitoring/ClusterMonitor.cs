using Bptl.Demo.Engine;
using Npgsql;

namespace Bptl.Demo.Monitoring;

/// <summary>Reads a <see cref="DemoSnapshot"/> from the grain runtime's database and the engine.</summary>
internal sealed class ClusterMonitor(NpgsqlDataSource database, EngineCounts engine, InstanceStarter starter)
{
    public async Task<DemoSnapshot> ReadAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var (finished, running, incidents) = await engine.ReadAsync(cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var states = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(DemoSql.TasksByState, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                states[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        long retried, lockExtensions;
        await using (var command = new NpgsqlCommand(DemoSql.TaskPaths, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            retried = reader.GetInt64(0);
            lockExtensions = reader.GetInt64(1);
        }

        var silos = new List<SiloRow>();
        await using (var command = new NpgsqlCommand(DemoSql.Silos, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                silos.Add(new SiloRow(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetInt64(3)));
            }
        }

        return new DemoSnapshot
        {
            Elapsed = elapsed,
            InstancesStarted = starter.Started,
            InstancesFinished = finished,
            InstancesRunning = running,
            OpenIncidents = incidents,
            TasksByState = states,
            RetriedFailures = retried,
            LockExtensions = lockExtensions,
            Silos = silos,
        };
    }
}
