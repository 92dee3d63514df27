using System.Runtime.InteropServices;

namespace Bptl.Demo.Tests;

// The two runs are separate classes so that xunit runs them side by side.

/// <summary>The self-check (<c>--check 90</c>): every path of the demo shows up on both silos, then a clean stop.</summary>
public sealed class DemoCheckTests
{
    [Fact]
    public async Task Check_SeesEveryPathOnBothSilos_AndLeavesNothingRunning()
    {
        await using var demo = DemoProcess.Start("--check", "90", "--engine-port", "0", "--rate", "4");

        var exitCode = await demo.WaitForExitAsync(TimeSpan.FromSeconds(150));

        exitCode.ShouldBe(0, demo.Output);
        demo.Output.ShouldContain("Check passed");
        demo.Output.ShouldContain("silo-1 stopped (exit code 0)");
        demo.Output.ShouldContain("silo-2 stopped (exit code 0)");
        await DemoAssert.NothingLeftAsync(demo);
    }
}

/// <summary>Ctrl+C: the demo stops its silos gracefully, then the engine and PostgreSQL, and removes its folders.</summary>
public sealed class DemoInterruptTests
{
    [Fact]
    public async Task Sigint_WhileRunning_StopsEverythingCleanly()
    {
        await using var demo = DemoProcess.Start("--engine-port", "0", "--rate", "4");
        await demo.WaitForLineAsync(line => line.StartsWith(" instances", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        DemoAssert.ProcessesRunning(demo);

        // Ctrl+C, unless this test run itself was started as a background job: SIGTERM takes the same way out.
        var signal = demo.IgnoresSigint ? PosixSignal.SIGTERM : PosixSignal.SIGINT;
        TestContext.Current.SendDiagnosticMessage($"Stopping the demo with {signal}.");
        demo.Signal(signal);
        var exitCode = await demo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.ShouldBe(0, demo.Output);
        demo.Output.ShouldContain("Stop requested");
        demo.Output.ShouldContain("silo-1 stopped (exit code 0)");
        demo.Output.ShouldContain("silo-2 stopped (exit code 0)");
        await DemoAssert.NothingLeftAsync(demo);
    }
}

internal static class DemoAssert
{
    /// <summary>While it runs, the marker finds the demo, its two silos and PostgreSQL: the leftover check can see them.</summary>
    public static void ProcessesRunning(DemoProcess demo)
    {
        var running = demo.LeftoverProcesses();
        running.Count(p => p.Contains("Bptl.Demo.Silo.dll", StringComparison.Ordinal)).ShouldBe(2, string.Join('\n', running));
        running.ShouldContain(p => p.Contains("postgres", StringComparison.Ordinal), string.Join('\n', running));
    }

    public static async Task NothingLeftAsync(DemoProcess demo)
    {
        // PostgreSQL's own children may take a moment after the postmaster has answered the stop.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        IReadOnlyList<string> left;
        while ((left = demo.LeftoverProcesses()).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        left.ShouldBeEmpty("processes left running:\n" + string.Join('\n', left));
        Directory.Exists(Path.Combine(demo.TempDirectory, "bptl-demo")).ShouldBeFalse("the PostgreSQL folders are removed");
    }
}
