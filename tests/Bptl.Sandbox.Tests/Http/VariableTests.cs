using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bptl.Sandbox.Tests.Support;

namespace Bptl.Sandbox.Tests.Http;

public sealed class VariableTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => fixture.Client;

    private async Task<string> StartAsync(string variables = "{}")
    {
        var key = Models.Unique("vars");
        await Client.DeployOkAsync(Models.OneTask(key, "topic-" + key));
        return await Client.StartAsync(key, $$"""{"variables":{{variables}}}""");
    }

    [Theory]
    [InlineData("""{"type":"String","value":"text","valueInfo":{}}""")]
    [InlineData("""{"type":"Boolean","value":true,"valueInfo":{}}""")]
    [InlineData("""{"type":"Short","value":12,"valueInfo":{}}""")]
    [InlineData("""{"type":"Integer","value":-5,"valueInfo":{}}""")]
    [InlineData("""{"type":"Long","value":9007199254740993,"valueInfo":{}}""")]
    [InlineData("""{"type":"Double","value":2.5,"valueInfo":{}}""")]
    [InlineData("""{"type":"Double","value":3.0,"valueInfo":{}}""")]
    [InlineData("""{"type":"Bytes","value":"aGVsbG8=","valueInfo":{}}""")]
    [InlineData("""{"type":"Null","value":null,"valueInfo":{}}""")]
    [InlineData("""{"type":"Json","value":"{\"a\":1}","valueInfo":{}}""")]
    [InlineData("""{"type":"Xml","value":"<a>1</a>","valueInfo":{}}""")]
    [InlineData("""{"type":"Object","value":"[1,2]","valueInfo":{"objectTypeName":"java.util.ArrayList","serializationDataFormat":"application/json"}}""")]
    [InlineData("""{"type":"String","value":null,"valueInfo":{}}""")]
    public async Task Variable_RoundTrips_Exactly(string variable)
    {
        var instanceId = await StartAsync($$"""{"v":{{variable}}}""");

        var stored = await Client.GetAsync($"process-instance/{instanceId}/variables/v?deserializeValue=false");

        stored.ShouldBeStatus(200).Body.ShouldBe(variable);
    }

    [Fact]
    public async Task DateVariable_IsWrittenInTheServerZoneWithMillis()
    {
        var instanceId = await StartAsync("""{"d":{"type":"Date","value":"2026-01-25T13:33:42.165+0100"}}""");

        var value = (await Client.GetAsync($"process-instance/{instanceId}/variables/d")).Json;

        var expected = TimeZoneInfo.ConvertTime(new DateTimeOffset(2026, 1, 25, 12, 33, 42, 165, TimeSpan.Zero), TimeZoneInfo.Local);
        var offset = expected.Offset;
        value.Str("value").ShouldBe(expected.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)
            + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hhmm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2026-01-25T13:33:42.165+01:00")]
    [InlineData("2026-01-25T13:33:42+0100")]
    public async Task Start_WithBadDate_Returns400WrappedMessage(string date)
    {
        var key = Models.Unique("date");
        var deployment = await Client.DeployOkAsync(Models.OneTask(key, "t"));
        var definitionId = deployment.GetProperty("deployedProcessDefinitions").EnumerateObject().Single().Name;

        var reply = await Client.PostAsync($"process-definition/key/{key}/start", """{"variables":{"d":{"type":"Date","value":"DATE"}}}""".Replace("DATE", date, StringComparison.Ordinal));

        reply.ShouldBeError(400, "InvalidRequestException",
            $"Cannot instantiate process definition {definitionId}: Cannot convert value '{date}' of type 'Date' to java type java.util.Date", null);
    }

    [Fact]
    public async Task Complete_WithUnknownType_Returns400RestException()
    {
        var key = Models.Unique("foo");
        await Client.DeployOkAsync(Models.OneTask(key, "topic-" + key));
        await Client.StartAsync(key);
        var task = await Client.FetchOneAsync("w", "topic-" + key);

        (await Client.CompleteAsync(task.Str("id"), "w", ""","variables":{"x":{"value":1,"type":"Foo"}}"""))
            .ShouldBeError(400, "RestException", "Unsupported value type 'Foo'", null);
    }

    [Fact]
    public async Task FileVariable_OmitsContentAndServesItFromTheDataEndpoint()
    {
        var instanceId = await StartAsync("""{"doc":{"type":"File","value":"aGVsbG8=","valueInfo":{"filename":"hello.txt","mimeType":"text/plain","encoding":"UTF-8"}}}""");

        var value = await Client.GetAsync($"process-instance/{instanceId}/variables/doc");
        var data = await Client.GetAsync($"process-instance/{instanceId}/variables/doc/data");

        value.Body.ShouldBe("""{"type":"File","value":null,"valueInfo":{"filename":"hello.txt","mimeType":"text/plain","encoding":"UTF-8"}}""");
        (data.Status, data.Body, data.ContentType).ShouldBe((200, "hello", "text/plain"));
        data.ContentHeaders.ContentDisposition!.FileName.ShouldBe("hello.txt");
    }

    [Fact]
    public async Task Start_FileWithoutFilename_Returns500IllegalArgument()
    {
        var key = Models.Unique("file");
        await Client.DeployOkAsync(Models.OneTask(key, "t"));

        (await Client.PostAsync($"process-definition/key/{key}/start", """{"variables":{"f":{"type":"File","value":"aGk=","valueInfo":{}}}}"""))
            .ShouldBeError(500, "IllegalArgumentException", "Cannot create file without filename! Please set a name into ValueInfo with key filename", null);
    }

    [Fact]
    public async Task ObjectVariable_DeserializedOnRequest_IsStructure()
    {
        var instanceId = await StartAsync("""{"o":{"type":"Object","value":"{\"a\":1}","valueInfo":{"objectTypeName":"com.example.A","serializationDataFormat":"application/json"}}}""");

        (await Client.GetAsync($"process-instance/{instanceId}/variables/o")).Json.GetProperty("value").GetProperty("a").GetInt32().ShouldBe(1);
        (await Client.GetAsync($"process-instance/{instanceId}/variables?deserializeValues=false")).Json.GetProperty("o").Str("value").ShouldBe("""{"a":1}""");
    }

    [Fact]
    public async Task PutModifyDelete_ChangeInstanceVariables()
    {
        var instanceId = await StartAsync("""{"a":{"type":"Integer","value":1},"b":{"type":"Integer","value":2}}""");

        (await Client.PutAsync($"process-instance/{instanceId}/variables/c", """{"type":"String","value":"x"}""")).ShouldBeStatus(204);
        (await Client.PostAsync($"process-instance/{instanceId}/variables", """{"modifications":{"a":{"type":"Integer","value":10}},"deletions":["b"]}""")).ShouldBeStatus(204);
        (await Client.DeleteAsync($"process-instance/{instanceId}/variables/c")).ShouldBeStatus(204);

        var variables = (await Client.GetAsync($"process-instance/{instanceId}/variables")).Json;
        variables.EnumerateObject().Select(p => p.Name).ShouldBe(["a"]);
        variables.GetProperty("a").GetProperty("value").GetInt32().ShouldBe(10);
        (await Client.GetAsync($"process-instance/{instanceId}/variables/b"))
            .ShouldBeError(404, "InvalidRequestException", "process instance variable with name b does not exist", null);
    }

    [Fact]
    public async Task VariableEndpoints_UnknownInstance_AnswerLikeCamunda()
    {
        (await Client.GetAsync("process-instance/nope/variables"))
            .ShouldBeError(500, "NullValueException", "execution nope doesn't exist: execution is null", 0);
        (await Client.GetAsync("process-instance/nope/variables/x"))
            .ShouldBeError(500, "RestException", "Cannot get process instance variable x: execution nope doesn't exist: execution is null", 0);
        (await Client.PutAsync("process-instance/nope/variables/x", """{"type":"Foo","value":1}"""))
            .ShouldBeError(400, "InvalidRequestException", "Cannot put process instance variable x: Unsupported value type 'Foo'", null);
    }

    [Fact]
    public async Task BinaryData_Posted_IsStoredAsBytesOrFile()
    {
        var instanceId = await StartAsync();
        using var bytesForm = new MultipartFormDataContent();
        bytesForm.Add(new ByteArrayContent([1, 2, 3]), "data", "blob.bin");
        using var fileForm = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("<x/>"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        fileForm.Add(file, "data", "doc.xml");
        fileForm.Add(new StringContent("File"), "valueType");

        (await Client.PostContentAsync($"process-instance/{instanceId}/variables/blob/data", bytesForm)).ShouldBeStatus(204);
        (await Client.PostContentAsync($"process-instance/{instanceId}/variables/doc/data", fileForm)).ShouldBeStatus(204);

        (await Client.GetAsync($"process-instance/{instanceId}/variables/blob")).Body.ShouldBe("""{"type":"Bytes","value":"AQID","valueInfo":{}}""");
        (await Client.GetAsync($"process-instance/{instanceId}/variables/doc")).Body
            .ShouldBe("""{"type":"File","value":null,"valueInfo":{"filename":"doc.xml","mimeType":"application/xml"}}""");
        (await Client.GetAsync($"process-instance/{instanceId}/variables/blob/data")).ContentType.ShouldBe("application/octet-stream");
    }

    [Fact]
    public async Task TransientVariable_IsUsableDuringTheCallButNotStored()
    {
        var key = Models.Unique("transient");
        var topic = "topic-" + key;
        await Client.DeployOkAsync(Models.Decision(key, topic, "${route == 'b'}", "${route != 'b'}"));
        var instanceId = await Client.StartAsync(key);
        var task = await Client.FetchOneAsync("w", topic);

        (await Client.CompleteAsync(task.Str("id"), "w", ""","variables":{"route":{"type":"String","value":"b","valueInfo":{"transient":true}}}""")).ShouldBeStatus(204);

        (await Client.FetchAsync("w", topic + "-b")).Length.ShouldBe(1);
        (await Client.GetAsync($"process-instance/{instanceId}/variables")).Body.ShouldBe("{}");
    }

    [Fact]
    public async Task Start_WithVariablesInReturn_ReturnsThem()
    {
        var key = Models.Unique("ret");
        await Client.DeployOkAsync(Models.OneTask(key, "t"));

        var reply = await Client.PostAsync($"process-definition/key/{key}/start", """{"withVariablesInReturn":true,"variables":{"a":{"type":"Long","value":"42"}}}""");

        reply.Json.GetProperty("variables").GetProperty("a").GetRawText().ShouldBe("""{"type":"Long","value":42,"valueInfo":{}}""");
        reply.Json.GetProperty("ended").GetBoolean().ShouldBeFalse();
        reply.Json.GetProperty("variables").ValueKind.ShouldBe(JsonValueKind.Object);
    }
}
