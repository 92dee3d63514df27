using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Engine;
using Microsoft.AspNetCore.Http;

namespace Bptl.Sandbox.Http;

/// <summary>Reading JSON bodies and writing JSON answers and Camunda error bodies.</summary>
internal static class HttpIo
{
    private const string JsonContentType = "application/json";

    /// <summary>
    /// Reads the whole body and deserializes it; an empty body gives null. Malformed JSON or a field
    /// of the wrong type is Camunda's 400 InvalidRequestException with an empty message.
    /// </summary>
    public static async ValueTask<T?> ReadJsonAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(context.RequestAborted);
            if (read.IsCompleted || read.IsCanceled)
            {
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var buffer = read.Buffer;
        try
        {
            return buffer.IsEmpty ? null : Deserialize(buffer, typeInfo);
        }
        finally
        {
            reader.AdvanceTo(buffer.End);
        }
    }

    private static T? Deserialize<T>(ReadOnlySequence<byte> buffer, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            var json = new Utf8JsonReader(buffer);
            return JsonSerializer.Deserialize(ref json, typeInfo);
        }
        catch (JsonException)
        {
            throw Errors.MalformedJson();
        }
    }

    public static Task WriteJsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo, int status = 200)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, typeInfo, JsonContentType, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, EngineError error)
    {
        context.Response.Clear();
        if (error.Details is Dictionary<string, ResourceReportDto> details)
        {
            var parse = new ParseExceptionDto { Type = error.Type, Message = error.WireMessage, Code = error.Code, Details = details };
            return WriteJsonAsync(context, parse, SandboxJsonContext.Wire.ParseExceptionDto, error.Status);
        }

        var body = new ExceptionDto { Type = error.Type, Message = error.WireMessage, Code = error.Code };
        return WriteJsonAsync(context, body, SandboxJsonContext.Wire.ExceptionDto, error.Status);
    }

    public static void NoContent(HttpContext context) => context.Response.StatusCode = StatusCodes.Status204NoContent;

    /// <summary>The root of the REST API as clients reach it, for <c>links</c>.</summary>
    public static string BaseUri(HttpContext context)
    {
        var request = context.Request;
        return request.Scheme + "://" + request.Host.Value + request.PathBase.Value + "/engine-rest";
    }

    public static string RouteValue(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;
}
