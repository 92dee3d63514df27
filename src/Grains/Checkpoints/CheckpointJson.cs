using System.Text;
using System.Text.Json;
using Bptl.Grains.Interfaces.WorkUnits;

namespace Bptl.Grains.Checkpoints;

/// <summary>How checkpoints are serialized, and their size limit.</summary>
public static class CheckpointJson
{
    /// <summary>Web defaults (camelCase, numbers as numbers).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Reads a saved checkpoint; null JSON is the default of <typeparamref name="T"/>. A mismatch is a clear error.</summary>
    public static T? Deserialize<T>(string? json)
    {
        if (json is null)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The saved checkpoint cannot be read as {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    /// <summary>Serializes <paramref name="state"/>; throws a clear error above <see cref="IWorkUnitCheckpoint.MaxBytes"/>.</summary>
    public static string Serialize<T>(T state)
    {
        var json = JsonSerializer.Serialize(state, Options);
        var bytes = Encoding.UTF8.GetByteCount(json);
        if (bytes > IWorkUnitCheckpoint.MaxBytes)
        {
            throw new InvalidOperationException(
                $"A checkpoint of {bytes} bytes is over the limit of {IWorkUnitCheckpoint.MaxBytes} bytes: keep progress markers in it, not payloads.");
        }

        return json;
    }
}
