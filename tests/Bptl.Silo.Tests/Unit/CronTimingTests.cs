using Bptl.Silo.Cron;
using Bptl.Silo.Options;
using Bptl.Variables;

namespace Bptl.Silo.Tests.Unit;

public sealed class CronTimingTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

    private static CronSchedule Schedule(string expression, string timeZone = "UTC")
    {
        CronSchedule.TryCreate(expression, timeZone, out var schedule, out var error).ShouldBeTrue(error);
        return schedule!;
    }

    [Fact]
    public void NextFire_AfterDowntime_CollapsesTheMissedTicksIntoOne()
    {
        var everyMinute = Schedule("0 * * * * ?");
        var due = Noon.AddHours(-5);

        CronTiming.NextFire(everyMinute, due, Noon.AddSeconds(30)).ShouldBe(Noon.AddMinutes(1));
    }

    [Fact]
    public void NextFire_OnTime_IsTheFollowingTick()
    {
        var everyMinute = Schedule("0 * * * * ?");

        CronTiming.NextFire(everyMinute, Noon, Noon.AddMilliseconds(3)).ShouldBe(Noon.AddMinutes(1));
        CronTiming.IsDue(Noon, Noon).ShouldBeTrue();
        CronTiming.IsDue(Noon, Noon.AddTicks(-1)).ShouldBeFalse();
    }

    [Fact]
    public void NextFire_IsReadInTheScheduleTimeZone_AcrossADaylightSavingChange()
    {
        // 06:00 in Amsterdam: 05:00 UTC in winter, 04:00 UTC from the last Sunday of March (2026-03-29).
        var six = Schedule("0 0 6 * * ?", "Europe/Amsterdam");

        CronTiming.NextFire(six, Noon, Noon).ShouldBe(new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.Zero));
        CronTiming.NextFire(six, Noon.AddDays(-1), Noon.AddDays(-1)).ShouldBe(new DateTimeOffset(2026, 3, 28, 5, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void NextFire_OfAFinishedSchedule_IsNone() =>
        CronTiming.NextFire(Schedule("0 0 0 1 1 ? 2020"), Noon, Noon).ShouldBeNull();

    [Fact]
    public void TimeToWait_SleepsUntilTheEarliestTick_ButNeverPastTheRefresh()
    {
        var refresh = TimeSpan.FromSeconds(5);

        CronTiming.TimeToWait(Noon, null, refresh).ShouldBe(refresh);
        CronTiming.TimeToWait(Noon, Noon.AddMilliseconds(1500), refresh).ShouldBe(TimeSpan.FromMilliseconds(1500));
        CronTiming.TimeToWait(Noon, Noon.AddHours(1), refresh).ShouldBe(refresh);
        CronTiming.TimeToWait(Noon, Noon.AddSeconds(-3), refresh).ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("* * * * *", "is not a Quartz cron expression")]
    [InlineData("0 0 25 * * ?", "is not a Quartz cron expression")]
    [InlineData("", "the schedule is empty")]
    public void TryCreate_RefusesWhatQuartzCannotRead(string expression, string expected)
    {
        CronSchedule.TryCreate(expression, "UTC", out var schedule, out var error).ShouldBeFalse();

        schedule.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(expected);
    }

    [Theory]
    [InlineData("true", VariableType.Boolean)]
    [InlineData("42", VariableType.Integer)]
    [InlineData("-7", VariableType.Integer)]
    [InlineData("9000000000", VariableType.Long)]
    [InlineData("2.5", VariableType.Double)]
    [InlineData("007", VariableType.String)]
    [InlineData("1e5", VariableType.String)]
    [InlineData("hello", VariableType.String)]
    [InlineData("True", VariableType.String)]
    public void CronVariables_ReadSimpleValues(string text, VariableType expected) =>
        CronVariables.Read(text).Type.ShouldBe(expected);

    [Fact]
    public void Validator_ReportsEveryApiKeyProblem_WithoutQuotingAKey()
    {
        var options = new BptlOptions
        {
            Storage = new StorageOptions { ConnectionString = "Host=127.0.0.1" },
            Engines = { ["default"] = new Bptl.Camunda.CamundaClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/engine-rest/") } },
            Api = new ApiOptions
            {
                Keys =
                [
                    new ApiKeyOptions { Name = "ops", Key = "short-Kq9" },
                    new ApiKeyOptions { Name = "ops", Key = "Zx81-long-enough-key" },
                    new ApiKeyOptions { Name = "", Key = "Zx81-long-enough-key" },
                ],
                MaxRequestBytes = 10,
                ExecutionTimeout = TimeSpan.Zero,
            },
        };

        var result = new BptlOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.Failures!.ShouldBe([
            "Bptl:Api:Keys:0:Key must be at least 16 characters without spaces (give it from secrets or the environment).",
            "Bptl:Api:Keys:1:Name 'ops' is used twice.",
            "Bptl:Api:Keys:2:Name is required (at most 100 characters): the logs name callers by it.",
            "Bptl:Api:Keys:2:Key is the same as another key's; give each caller its own.",
            "Bptl:Api:MaxRequestBytes must be at least 1024 (was 10).",
            "Bptl:Api:ExecutionTimeout must be positive and under 24 days (was 00:00:00).",
        ]);
        result.FailureMessage.ShouldNotContain("Kq9");
        result.FailureMessage.ShouldNotContain("Zx81");
    }
}
