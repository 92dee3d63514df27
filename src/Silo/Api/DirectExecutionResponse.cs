using System.Text.Json;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Services;
using Bptl.Variables;

namespace Bptl.Silo.Api;

/// <summary>
/// Writes the outcome of a direct execution: <c>{"outcome": "complete" | "failure" | "bpmnError", "variables",
/// "localVariables", "errorMessage", "errorDetails", "errorCode", "retryable", "timeline"}</c>, the variables in the
/// engine's JSON.
/// </summary>
internal static class DirectExecutionResponse
{
    private static readonly VariableMapJsonConverter Variables = new();
    private static readonly JsonSerializerOptions Options = new();

    public static byte[] Write(WorkUnitResult result, MemoryTaskTimeline timeline)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            switch (result)
            {
                case CompleteResult complete:
                    writer.WriteString("outcome", "complete");
                    WriteVariables(writer, complete.Variables, complete.LocalVariables);
                    writer.WriteNull("errorMessage");
                    writer.WriteNull("errorDetails");
                    writer.WriteNull("errorCode");
                    writer.WriteNull("retryable");
                    break;
                case FailureResult failure:
                    writer.WriteString("outcome", "failure");
                    WriteVariables(writer, [], []);
                    writer.WriteString("errorMessage", failure.Message);
                    writer.WriteString("errorDetails", failure.Details);
                    writer.WriteNull("errorCode");
                    writer.WriteBoolean("retryable", failure.Retryable);
                    break;
                case BpmnErrorResult error:
                    writer.WriteString("outcome", "bpmnError");
                    WriteVariables(writer, error.Variables, []);
                    writer.WriteString("errorMessage", error.Message);
                    writer.WriteNull("errorDetails");
                    writer.WriteString("errorCode", error.ErrorCode);
                    writer.WriteNull("retryable");
                    break;
            }

            writer.WriteStartArray("timeline");
            foreach (var (kind, detail) in timeline.Events)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", kind);
                writer.WritePropertyName("detail");
                detail.WriteTo(writer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{"error": message}</c>.</summary>
    public static byte[] Error(string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteVariables(Utf8JsonWriter writer, VariableMap variables, VariableMap local)
    {
        writer.WritePropertyName("variables");
        Variables.Write(writer, variables, Options);
        writer.WritePropertyName("localVariables");
        Variables.Write(writer, local, Options);
    }
}
