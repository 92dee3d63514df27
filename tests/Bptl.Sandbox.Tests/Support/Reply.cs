using System.Net.Http.Headers;
using System.Text.Json;

namespace Bptl.Sandbox.Tests.Support;

/// <summary>An HTTP answer of the sandbox, read completely.</summary>
internal sealed record Reply(int Status, string Body, string? ContentType, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>Asserts Camunda's error shape exactly: status, type, message and code.</summary>
    public Reply ShouldBeError(int status, string type, string message, int? code)
    {
        Status.ShouldBe(status, Body);
        var json = Json;
        json.GetProperty("type").GetString().ShouldBe(type, Body);
        json.GetProperty("message").GetString().ShouldBe(message, Body);
        var codeElement = json.GetProperty("code");
        (codeElement.ValueKind == JsonValueKind.Null ? null : (int?)codeElement.GetInt32()).ShouldBe(code, Body);
        return this;
    }

    public Reply ShouldBeStatus(int status)
    {
        Status.ShouldBe(status, Body);
        return this;
    }
}
