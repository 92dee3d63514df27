using Bptl.Embedded;
using Bptl.Testing;

namespace Bptl.Testing.Tests;

public sealed class StaleClusterSweepTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweep_ClusterWhoseOwnerIsDead_IsStoppedAndDeleted()
    {
        var root = TestRoots.Create();
        try
        {
            var options = new PostgresClusterOptions { RootDirectory = root };
            await using var alive = await PostgresCluster.StartAsync(options, Ct);
            await using var orphan = await PostgresCluster.StartAsync(options, Ct);
            TestRoots.PretendOwnerDied(orphan.Directory);

            var swept = await PostgresCluster.SweepStaleClustersAsync(options, Ct);

            swept.ShouldBe([orphan.Directory]);
            Directory.Exists(orphan.Directory).ShouldBeFalse();
            (await ClusterLifecycleTests.AcceptsTcpAsync(orphan.Port)).ShouldBeFalse();
            Directory.Exists(alive.Directory).ShouldBeTrue();
            (await ClusterLifecycleTests.AcceptsTcpAsync(alive.Port)).ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Sweep_ProcessIdReusedByAnotherProcess_CountsAsDeadOwner()
    {
        var root = TestRoots.Create();
        try
        {
            var options = new PostgresClusterOptions { RootDirectory = root };
            await using var orphan = await PostgresCluster.StartAsync(options, Ct);
            // Our own (live) pid, but a start time an hour off: the real owner was another process with that pid.
            new OwnerMarker(Environment.ProcessId, DateTime.UtcNow.AddHours(-1), Environment.MachineName).WriteTo(orphan.Directory);

            var swept = await PostgresCluster.SweepStaleClustersAsync(options, Ct);

            swept.ShouldBe([orphan.Directory]);
            (await ClusterLifecycleTests.AcceptsTcpAsync(orphan.Port)).ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_SweepsStaleClustersFirst()
    {
        var root = TestRoots.Create();
        try
        {
            var options = new PostgresClusterOptions { RootDirectory = root };
            await using var orphan = await PostgresCluster.StartAsync(options, Ct);
            TestRoots.PretendOwnerDied(orphan.Directory);

            await using var next = await PostgresCluster.StartAsync(options, Ct);

            Directory.Exists(orphan.Directory).ShouldBeFalse();
            Directory.GetDirectories(root).ShouldBe([next.Directory]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
