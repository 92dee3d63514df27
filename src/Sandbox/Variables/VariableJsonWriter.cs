using System.Text.Json;
using Bptl.Sandbox.Time;

namespace Bptl.Sandbox.Variables;

/// <summary>
/// Writes a typed value as Camunda's <c>VariableValueDto</c>: <c>{"type","value","valueInfo"}</c>.
/// Dates use the REST format in the server zone, doubles Java's layout, bytes base64; a File's
/// content is never inlined (clients download it from the binary-data endpoint).
/// </summary>
internal static class VariableJsonWriter
{
    public static void Write(Utf8JsonWriter writer, TypedValue value, bool deserializeValues, TimeZoneInfo zone)
    {
        writer.WriteStartObject();
        writer.WriteString("type", VariableKinds.RestName(value.Kind));
        writer.WritePropertyName("value");
        WriteValue(writer, value, deserializeValues, zone);
        writer.WritePropertyName("valueInfo");
        WriteValueInfo(writer, value);
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, TypedValue value, bool deserializeValues, TimeZoneInfo zone)
    {
        switch (value.Value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text when value.Kind == VariableKind.Object && deserializeValues && IsJsonFormat(value) && IsValidJson(text):
                // A deserialized JSON object is re-serialized by Jackson, so it arrives as structure, not text.
                writer.WriteRawValue(text, skipInputValidation: true);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case short s:
                writer.WriteNumberValue(s);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                writer.WriteRawValue(JavaNumberFormat.FormatDouble(d), skipInputValidation: true);
                break;
            case double d:
                writer.WriteStringValue(JavaNumberFormat.FormatDouble(d));
                break;
            case DateTimeOffset date:
                writer.WriteStringValue(CamundaDateFormat.Format(date, zone));
                break;
            case byte[] bytes when value.Kind == VariableKind.File:
                writer.WriteNullValue();
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            default:
                writer.WriteStringValue(value.Value.ToString());
                break;
        }
    }

    private static void WriteValueInfo(Utf8JsonWriter writer, TypedValue value)
    {
        writer.WriteStartObject();
        if (value.Kind == VariableKind.Object)
        {
            writer.WriteString("objectTypeName", value.ObjectTypeName);
            writer.WriteString("serializationDataFormat", value.SerializationDataFormat);
        }
        else if (value.Kind == VariableKind.File)
        {
            writer.WriteString("filename", value.Filename);
            if (value.MimeType is not null)
            {
                writer.WriteString("mimeType", value.MimeType);
            }

            if (value.Encoding is not null)
            {
                writer.WriteString("encoding", value.Encoding);
            }
        }

        if (value.IsTransient)
        {
            writer.WriteBoolean("transient", true);
        }

        writer.WriteEndObject();
    }

    private static bool IsJsonFormat(TypedValue value) =>
        value.SerializationDataFormat is { } format && format.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    private static bool IsValidJson(string text)
    {
        try
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text));
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
