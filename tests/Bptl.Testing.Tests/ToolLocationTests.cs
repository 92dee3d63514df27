using Bptl.Embedded;
using System.Runtime.Versioning;
using Bptl.Testing;

namespace Bptl.Testing.Tests;

public sealed class ToolLocationTests
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_WithBinDirectoryLackingTheTools_ThrowsNamingTheFolder()
    {
        var empty = TestRoots.Create();
        try
        {
            var ex = await Should.ThrowAsync<PostgresClusterException>(
                () => PostgresCluster.StartAsync(new PostgresClusterOptions { BinDirectory = empty }, Ct));

            ex.Message.ShouldContain(empty);
            ex.Message.ShouldContain("initdb");
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task Locate_WithBptlPgBinNamingAWrongFolder_ThrowsNamingTheVariable()
    {
        var environment = Environment(("BPTL_PG_BIN", "/nonexistent/pg/bin"), ("PATH", "/usr/bin:/bin"));

        var ex = await Should.ThrowAsync<PostgresClusterException>(
            () => PostgresBinaries.LocateAsync(null, environment, PostgresBinaries.DefaultInstallRoot, Ct));

        ex.Message.ShouldContain("BPTL_PG_BIN");
        ex.Message.ShouldContain("/nonexistent/pg/bin");
    }

    [Fact]
    public async Task Locate_WithNothingInstalled_ThrowsSayingHowToInstall()
    {
        var environment = Environment(("PATH", "/nonexistent"));

        var ex = await Should.ThrowAsync<PostgresClusterException>(
            () => PostgresBinaries.LocateAsync(null, environment, "/nonexistent/postgresql", Ct));

        ex.Message.ShouldContain("apt-get install postgresql-15");
        ex.Message.ShouldContain("BPTL_PG_BIN");
    }

    [Fact]
    public async Task Locate_WithoutHints_FindsTheHighestInstalledVersion()
    {
        var environment = Environment(("PATH", "/nonexistent"));

        var bin = await PostgresBinaries.LocateAsync(null, environment, PostgresBinaries.DefaultInstallRoot, Ct);

        File.Exists(Path.Combine(bin, "initdb")).ShouldBeTrue();
        bin.ShouldStartWith(PostgresBinaries.DefaultInstallRoot);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task StartAsync_WhenInitdbFails_ThrowsWithItsStderr()
    {
        var bin = TestRoots.Create();
        try
        {
            foreach (var tool in new[] { "initdb", "pg_ctl", "postgres" })
            {
                var script = Path.Combine(bin, tool);
                await File.WriteAllTextAsync(script, $"#!/bin/sh\necho \"{tool}: simulated failure\" >&2\nexit 3\n", Ct);
                File.SetUnixFileMode(script, Executable);
            }

            var root = TestRoots.Create();
            try
            {
                var ex = await Should.ThrowAsync<PostgresClusterException>(
                    () => PostgresCluster.StartAsync(new PostgresClusterOptions { BinDirectory = bin, RootDirectory = root }, Ct));

                ex.Message.ShouldContain("initdb: simulated failure");
                ex.Message.ShouldContain("initdb could not create the cluster");
                ex.Message.ShouldContain("exited with code 3");
                Directory.GetDirectories(root).ShouldBeEmpty();
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Theory]
    [InlineData("LeaseTests", 1, "t_leasetests_1")]
    [InlineData("Weird-Name.With Spaces", 12, "t_weird_name_with_spaces_12")]
    public void UniqueName_LowerCasesAndReplacesOddCharacters(string prefix, int counter, string expected)
    {
        PostgresFixture.UniqueName(prefix, counter).ShouldBe(expected);
    }

    [Fact]
    public void UniqueName_OfALongPrefix_FitsPostgresIdentifierLimit()
    {
        PostgresFixture.UniqueName(new string('x', 200), int.MaxValue).Length.ShouldBeLessThanOrEqualTo(63);
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
