using System.Globalization;
using System.Text;

namespace Bptl.Embedded;

/// <summary>
/// The layout of one cluster folder under the root: the owner marker, <c>data/</c> (PGDATA), the server log,
/// the unix socket, and a <c>keep</c> file when it is kept for inspection.
/// </summary>
internal sealed class ClusterFolder(string path)
{
    private const UnixFileMode WorldReadable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode SharedLikeTmp =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute
        | UnixFileMode.StickyBit;

    public string Path { get; } = path;

    public string DataDirectory => System.IO.Path.Combine(Path, "data");

    public string LogFile => System.IO.Path.Combine(Path, "postgres.log");

    public string KeepFile => System.IO.Path.Combine(Path, "keep");

    private string ServerConfigFile => System.IO.Path.Combine(DataDirectory, "bptl.conf");

    public bool IsKept => File.Exists(KeepFile);

    /// <summary>Creates a fresh folder owned by this process (and by the unprivileged user when root).</summary>
    public static async Task<ClusterFolder> CreateAsync(string root, PgTools tools, CancellationToken ct)
    {
        EnsureRoot(root);
        // Short on purpose: the unix socket lives here and socket paths are limited to ~100 bytes.
        var name = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        var folder = new ClusterFolder(System.IO.Path.Combine(root, name));
        Directory.CreateDirectory(folder.Path);
        OwnerMarker.ForCurrentProcess().WriteTo(folder.Path);
        await tools.GiveAwayAsync(folder.Path, ct);
        return folder;
    }

    /// <summary>Makes postgresql.conf include the settings file this fixture owns.</summary>
    public void IncludeServerConfig() =>
        File.AppendAllText(
            System.IO.Path.Combine(DataDirectory, "postgresql.conf"),
            $"{Environment.NewLine}# Throwaway test cluster settings (Bptl.Testing).{Environment.NewLine}include 'bptl.conf'{Environment.NewLine}");

    /// <summary>Writes the settings of a fast, loopback-only test server listening on <paramref name="port"/>.</summary>
    public void WriteServerConfig(int port, int maxConnections)
    {
        var config = new StringBuilder()
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {port}")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{Path.Replace("'", "''", StringComparison.Ordinal)}'")
            .AppendLine(CultureInfo.InvariantCulture, $"max_connections = {maxConnections}")
            // Durability is worthless for a throwaway cluster; speed is not.
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off")
            // No replicas or archives; minimal WAL makes CREATE DATABASE ... FILE_COPY ~5x faster.
            .AppendLine("wal_level = minimal")
            .AppendLine("max_wal_senders = 0")
            .AppendLine("timezone = 'UTC'")
            .ToString();
        File.WriteAllText(ServerConfigFile, config);
        if (!OperatingSystem.IsWindows())
        {
            // Written by root when root runs the tests; the server runs as another user and must read it.
            File.SetUnixFileMode(ServerConfigFile, WorldReadable);
        }
    }

    public long LogLength => File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;

    /// <summary>The server log written since <paramref name="offset"/>, for error messages.</summary>
    public string ReadLog(long offset)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    public void MarkKept() => File.WriteAllText(KeepFile, "kept for inspection; delete this folder when done\n");

    public void Delete()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone (a sweep or the exit hook got there first).
        }
    }

    private static void EnsureRoot(string root)
    {
        if (Directory.Exists(root))
        {
            return;
        }

        Directory.CreateDirectory(root);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            // Shared like /tmp, so runs as root and as ordinary users can both create clusters in it.
            File.SetUnixFileMode(root, SharedLikeTmp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another user created it concurrently; its mode is theirs to choose.
        }
    }
}
