using System.Text.Json;
using System.Text.Json.Serialization;
using Bptl.Variables;

namespace Bptl.Camunda.Serialization;

/// <summary>Reads and writes dates in the engine's format (<see cref="CamundaDate"/>).</summary>
public sealed class CamundaDateJsonConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (CamundaDate.TryParse(text, out var value)
            || DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.RoundtripKind, out value))
        {
            return value;
        }

        throw new JsonException($"'{text}' is not a date in the engine's format.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        CamundaDate.WriteJson(writer, value);
}

/// <summary>Reads and writes a <see cref="TimeSpan"/> as whole milliseconds, the engine's unit for durations.</summary>
public sealed class MillisecondsJsonConverter : JsonConverter<TimeSpan>
{
    /// <inheritdoc />
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeSpan.FromMilliseconds(reader.GetInt64());

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteNumberValue((long)Math.Round(value.TotalMilliseconds, MidpointRounding.AwayFromZero));
}
