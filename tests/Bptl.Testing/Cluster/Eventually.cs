using Xunit;
namespace Bptl.Testing.Cluster;

/// <summary>Waits for a condition on state the test cannot be called back for (rows in a database, an engine's history).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because, Func<string>? diagnostics = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting until {because}.{(diagnostics is null ? "" : "\n" + diagnostics())}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
