using Bptl.Embedded;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;

namespace Bptl.Silo.Tests;

public sealed class OutageTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EngineOutage_PollersBackOffAndRecover_AndPendingReportsAreDeliveredAfterwards()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        scenario.Topic("outage", "gated");
        scenario.Scripts.Add("gated", async (ctx, ct) =>
        {
            Interlocked.Increment(ref started);
            await gate.Task.WaitAsync(ct);
            return WorkUnitResult.Complete(new VariableMap { ["after"] = true });
        });
        await scenario.DeployAsync("outage", Bpmn.OneTask("outage", "outage"));
        var silo = await scenario.StartSiloAsync("s1");
        for (var i = 0; i < 20; i++)
        {
            await scenario.StartInstanceAsync("outage");
        }

        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref started) == 20), TimeSpan.FromSeconds(20), "20 work units started", scenario.Dump);

        // The engine goes down while every work unit is running: their outcomes cannot be reported.
        scenario.Engine.Faults.Pause();
        gate.SetResult();
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("reporting") == 20, TimeSpan.FromSeconds(20),
            "20 outcomes persisted and waiting for the engine", scenario.Dump);
        await Eventually.TrueAsync(() => Task.FromResult(silo.Logs.Contains(Microsoft.Extensions.Logging.LogLevel.Warning, "Polling topic default/outage failed")),
            TimeSpan.FromSeconds(20), "the poller notices the outage", scenario.Dump);

        scenario.Engine.Faults.Resume();
        for (var i = 0; i < 10; i++)
        {
            await scenario.StartInstanceAsync("outage");
        }

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 30, TimeSpan.FromSeconds(60),
            "every task completes after the outage", scenario.Dump);
        var finished = await scenario.Client.History.ListProcessInstancesAsync(new() { ProcessDefinitionKey = "outage", Finished = true }, cancellationToken: Ct);
        finished.Count.ShouldBe(30);
        silo.Logs.Contains(Microsoft.Extensions.Logging.LogLevel.Information, "Polling topic default/outage works again").ShouldBeTrue();
    }

    [Fact]
    public async Task PostgresRestartMidRun_SilosSurviveAndResume_NothingLost()
    {
        await using var cluster = await PostgresCluster.StartAsync(ct: Ct);
        var database = await TestDatabase.CreateAsync(cluster, "restart_mid_run", Ct);
        await using var scenario = await Scenario.CreateAsync(database);
        var runs = 0;
        scenario.Topic("steady", "short-work");
        scenario.Scripts.Add("short-work", async (_, ct) =>
        {
            Interlocked.Increment(ref runs);
            await Task.Delay(20, ct);
            return WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("steady", Bpmn.Chain("steady", "steady", "steady"));
        await scenario.StartSiloAsync("a");
        await scenario.StartSiloAsync("b");

        var starting = Task.Run(async () =>
        {
            for (var i = 0; i < 150; i++)
            {
                await scenario.StartInstanceAsync("steady");
                await Task.Delay(10, Ct);
            }
        }, Ct);
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref runs) > 40), TimeSpan.FromSeconds(30), "work under way", scenario.Dump);

        await cluster.RestartAsync(Ct);
        await starting;

        await Eventually.TrueAsync(async () => (await scenario.Client.History.ListProcessInstancesAsync(
                new() { ProcessDefinitionKey = "steady", Finished = true }, cancellationToken: Ct)).Count == 150,
            TimeSpan.FromSeconds(90), "all 150 instances complete after the restart", scenario.Dump);
        await Eventually.TrueAsync(async () => await scenario.ScalarAsync<long>(
                "SELECT count(*) FROM bptl_task WHERE state IN ('available', 'running', 'reporting')") == 0,
            TimeSpan.FromSeconds(30), "no grain is left in flight", () => StuckRows(scenario));
        (await scenario.CountTasksAsync("completed")).ShouldBe(300);
    }

    private static string StuckRows(Scenario scenario)
    {
        using var connection = scenario.Database.DataSource.OpenConnection();
        using var command = new Npgsql.NpgsqlCommand("""
            SELECT t.id, t.state, t.owner, t.activation, t.outcome IS NOT NULL,
                   (SELECT string_agg(e.kind || '@' || coalesce(e.silo::text, '-') || '#' || coalesce(e.activation::text, '-'), ' ' ORDER BY e.id)
                    FROM bptl_task_event e WHERE e.task = t.id)
            FROM bptl_task t WHERE t.state IN ('available', 'running', 'reporting')
            """, connection);
        using var reader = command.ExecuteReader();
        var rows = new System.Text.StringBuilder();
        while (reader.Read())
        {
            rows.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"{reader.GetInt64(0)} {reader.GetString(1)} owner={(reader.IsDBNull(2) ? "-" : reader.GetGuid(2).ToString())} act={reader.GetInt64(3)} outcome={reader.GetBoolean(4)} :: {(reader.IsDBNull(5) ? "" : reader.GetString(5))}");
        }

        return rows + scenario.Dump(Microsoft.Extensions.Logging.LogLevel.Debug);
    }
}
