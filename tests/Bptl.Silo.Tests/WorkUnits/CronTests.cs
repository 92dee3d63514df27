using System.Collections.Concurrent;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Silo.Membership;
using Bptl.Storage.Cron;
using Bptl.Storage.Schema;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bptl.Silo.Tests.WorkUnits;

public sealed class CronTests(PostgresFixture postgres)
{
    private const string EverySecond = "* * * * * ?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoSilos_RunEachTickExactlyOnce()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        Cron(scenario, 0, "tick", EverySecond, "tick", ("greeting", "hi"), ("count", "3"));
        var executions = new ConcurrentQueue<(string TaskId, string Silo)>();
        var seen = new ConcurrentQueue<VariableMap>();
        scenario.Scripts.Add("tick", ctx =>
        {
            executions.Enqueue((ctx.TaskId, ctx.ServiceProvider.GetRequiredService<SiloIdentity>().Name));
            seen.Enqueue(ctx.Variables);
            return WorkUnitResult.Complete(new VariableMap { ["ran"] = true });
        });
        var first = await scenario.StartSiloAsync("s1");
        await scenario.StartSiloAsync("s2");
        var store = first.Get<CronStore>();

        await Eventually.TrueAsync(async () => (await store.RunsAsync("tick", 100, Ct)).Count(r => r.Outcome == "complete") >= 5,
            TimeSpan.FromSeconds(30), "five ticks ran", scenario.Dump);
        foreach (var silo in scenario.Silos)
        {
            await silo.StopAsync(Ct);
        }

        var runs = await store.RunsAsync("tick", 1000, Ct);
        var ran = executions.ToList();
        ran.Select(e => e.TaskId).ShouldBeUnique();
        ran.Count.ShouldBe(runs.Count(r => r.Outcome is "complete"));
        runs.Select(r => r.DueAt).ShouldBeUnique();
        runs.ShouldAllBe(r => r.DueAt.Millisecond == 0);
        runs.Where(r => r.Outcome == "complete").ShouldAllBe(r => r.Variables!.Contains("\"ran\""));
        seen.First().Get<string>("greeting").ShouldBe("hi");
        seen.First().Get<int>("count").ShouldBe(3);
        var row = (await store.AllAsync(Ct)).Single();
        row.Runs.ShouldBe(runs.Count);
        row.LastOutcome.ShouldNotBeNull();
    }

    [Fact]
    public async Task ASiloWithoutTheWorkUnit_NeverClaimsItsTicks()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        Cron(scenario, 0, "tick", EverySecond, "tick");
        scenario.Scripts.Add("tick", _ => WorkUnitResult.Complete());
        var without = await scenario.StartSiloAsync("without", new WorkUnitScripts().Add("other", _ => WorkUnitResult.Complete()), null);
        var with = await scenario.StartSiloAsync("with");
        var store = with.Get<CronStore>();

        await Eventually.TrueAsync(async () => (await store.RunsAsync("tick", 100, Ct)).Count(r => r.FinishedAt is not null) >= 3,
            TimeSpan.FromSeconds(30), "three ticks ran", scenario.Dump);

        var runs = await store.RunsAsync("tick", 100, Ct);
        runs.ShouldAllBe(r => r.Silo == with.Get<SiloIdentity>().Id);
        without.Logs.Contains(LogLevel.Information, "Cron tick runs work unit 'tick', which this silo does not have").ShouldBeTrue();
    }

    [Fact]
    public async Task TicksMissedWhileNoSiloRan_RunOnce()
    {
        await using var database = await postgres.CreateDatabaseAsync(Ct);
        await new Migrator(database.DataSource, NullLogger<Migrator>.Instance).MigrateAsync(Ct);
        var due = DateTime.UtcNow.AddHours(-3);
        due = new DateTime(due.Year, due.Month, due.Day, due.Hour, 0, 0, DateTimeKind.Utc);
        await using (var connection = await database.OpenConnectionAsync(Ct))
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO bptl_cron (name, schedule, time_zone, work_unit, variables, enabled, next_fire_at)
            VALUES ('hourly', '0 0 * * * ?', 'UTC', 'tick', '{}', true, @due)
            """, connection))
        {
            insert.Parameters.AddWithValue("due", due);
            await insert.ExecuteNonQueryAsync(Ct);
        }

        await using var scenario = await Scenario.CreateAsync(database);
        Cron(scenario, 0, "hourly", "0 0 * * * ?", "tick");
        var ran = 0;
        scenario.Scripts.Add("tick", _ =>
        {
            Interlocked.Increment(ref ran);
            return WorkUnitResult.Complete();
        });
        var silo = await scenario.StartSiloAsync("s1");
        var store = silo.Get<CronStore>();

        await Eventually.TrueAsync(async () => (await store.RunsAsync("hourly", 10, Ct)).Any(r => r.FinishedAt is not null),
            TimeSpan.FromSeconds(30), "the missed tick ran", scenario.Dump);

        var runs = await store.RunsAsync("hourly", 10, Ct);
        runs.Single().DueAt.ShouldBe(due);
        runs.Single().Outcome.ShouldBe("complete");
        Volatile.Read(ref ran).ShouldBe(1);
        var next = (await store.AllAsync(Ct)).Single().NextFireAt!.Value;
        next.ShouldBeGreaterThan(DateTime.UtcNow);
        next.ShouldBeLessThanOrEqualTo(DateTime.UtcNow.AddHours(1));
        (next.Minute, next.Second).ShouldBe((0, 0));
    }

    [Fact]
    public async Task AFailedRun_IsRecordedAndLogged_AndTheScheduleGoesOn()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        Cron(scenario, 0, "flaky", EverySecond, "flaky");
        var calls = 0;
        scenario.Scripts.Add("flaky", _ => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("first run breaks")
            : WorkUnitResult.Complete());
        var silo = await scenario.StartSiloAsync("s1");
        var store = silo.Get<CronStore>();

        await Eventually.TrueAsync(async () => (await store.RunsAsync("flaky", 100, Ct)).Any(r => r.Outcome == "complete"),
            TimeSpan.FromSeconds(30), "a run after the failure completed", scenario.Dump);

        var runs = (await store.RunsAsync("flaky", 100, Ct)).OrderBy(r => r.DueAt).ToList();
        runs[0].Outcome.ShouldBe("failure");
        runs[0].ErrorMessage.ShouldBe("InvalidOperationException: first run breaks");
        silo.Logs.Contains(LogLevel.Warning, "with outcome failure: InvalidOperationException: first run breaks; the schedule goes on").ShouldBeTrue();
    }

    [Fact]
    public async Task BadSchedules_StopTheStartWithClearErrors()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        Cron(scenario, 0, "five-fields", "*/5 * * * *", "tick");
        Cron(scenario, 1, "nowhere", "0 0 6 * * ?", "tick");
        scenario.Configuration["Bptl:Cron:1:TimeZone"] = "Mars/Olympus_Mons";
        Cron(scenario, 2, "five-fields", "0 0 6 * * ?", "");

        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => scenario.StartSiloAsync("s1"));

        error.Message.ShouldContain("Bptl:Cron:0:Schedule: '*/5 * * * *' is not a Quartz cron expression");
        error.Message.ShouldContain("Bptl:Cron:1:TimeZone: the time zone 'Mars/Olympus_Mons' is unknown");
        error.Message.ShouldContain("Bptl:Cron:2:Name 'five-fields' is configured twice.");
        error.Message.ShouldContain("Bptl:Cron:2:WorkUnit is required.");
    }

    private static void Cron(Scenario scenario, int index, string name, string schedule, string workUnit, params (string Name, string Value)[] variables)
    {
        var prefix = $"Bptl:Cron:{index}:";
        scenario.Configuration[prefix + "Name"] = name;
        scenario.Configuration[prefix + "Schedule"] = schedule;
        scenario.Configuration[prefix + "WorkUnit"] = workUnit;
        foreach (var (variable, value) in variables)
        {
            scenario.Configuration[prefix + "Variables:" + variable] = value;
        }
    }
}
