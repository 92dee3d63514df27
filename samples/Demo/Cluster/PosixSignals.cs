using System.Runtime.InteropServices;

namespace Bptl.Demo.Cluster;

/// <summary>Sends SIGTERM: .NET has no managed way to ask another process to stop gracefully.</summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks the process to stop; false when that is impossible here (Windows) or the process is gone.</summary>
    public static bool Terminate(int processId) => !OperatingSystem.IsWindows() && Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
