using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Bptl.Storage.Schema;

/// <summary>One numbered migration: <c>Migrations/NNNN_name.sql</c>.</summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    /// <summary>The migrations this build carries, in order.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load();

    /// <summary>The newest version this build knows.</summary>
    public static int Latest => All[^1].Version;

    /// <summary>A checksum of the script, to notice a migration edited after it was applied.</summary>
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))))[..16];

    private static List<Migration> Load()
    {
        var migrations = new List<Migration>();
        foreach (var resource in Assembly.GetExecutingAssembly().GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (match.Success)
            {
                migrations.Add(new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value,
                    SqlScripts.Read(resource)));
            }
        }

        // Numbers are handed out to parallel branches, so a build may lack one that another branch brings: a gap is
        // allowed (each version is recorded as applied on its own), a number used twice never is.
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version < 1 || (i > 0 && migrations[i].Version == migrations[i - 1].Version))
            {
                throw new InvalidOperationException($"Migration numbers must be positive and unique; found {migrations[i].Version} twice or out of range.");
            }
        }

        return migrations;
    }

    [GeneratedRegex(@"^Bptl\.Storage\.Migrations\.(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();
}
