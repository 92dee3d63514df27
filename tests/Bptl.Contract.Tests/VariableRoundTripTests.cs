using Bptl.Testing;
using System.Text;
using Bptl.Variables;
using Bptl.Contract.Tests.Infrastructure;

namespace Bptl.Contract.Tests;

/// <summary>Every variable type through start → fetch → complete → process variables, exactly.</summary>
public sealed class VariableRoundTripTests(EngineFixture engine) : ContractTest(engine)
{
    private static readonly DateTimeOffset When = new(2026, 1, 25, 13, 33, 42, 165, TimeSpan.FromHours(1));

    private static VariableMap EveryType(string prefix) => new()
    {
        [prefix + "String"] = "héllo, wörld",
        [prefix + "Boolean"] = true,
        [prefix + "Short"] = VariableValue.Short(-12345),
        [prefix + "Integer"] = int.MinValue,
        [prefix + "Long"] = long.MaxValue,
        [prefix + "Double"] = 3.141592653589793,
        [prefix + "Date"] = When,
        [prefix + "Bytes"] = new byte[] { 0, 1, 2, 128, 255 },
        [prefix + "Null"] = VariableValue.Null(),
        [prefix + "Json"] = VariableValue.Json("""{"items":[1,2,3],"ok":true}"""),
        [prefix + "Xml"] = VariableValue.Xml("<order id=\"7\"><line qty=\"2\"/></order>"),
        [prefix + "Object"] = VariableValue.Object("""["a","b"]""", "java.util.ArrayList"),
        [prefix + "File"] = VariableValue.File("note.txt", Encoding.UTF8.GetBytes("file content ✓"), "text/plain", "UTF-8"),
    };

    [Fact]
    public async Task EveryType_RoundTripsThroughStartFetchCompleteAndProcessVariables()
    {
        var next = Unique + "-next";
        await DeployAsync(Bpmn.TwoTasks(Key, Topic, next));
        var instance = await StartAsync(EveryType("in"));

        var task = await FetchOneAsync();
        await AssertSameAsync(EveryType("in"), task.Variables);
        await CompleteAsync(task, EveryType("out"));

        var stored = await Client.ProcessInstances.GetVariablesAsync(instance.Id, deserializeValues: false, Ct);
        await AssertSameAsync(EveryType("in"), stored);
        await AssertSameAsync(EveryType("out"), stored);
        var second = await FetchOneAsync(topic: next);
        await AssertSameAsync(EveryType("out"), second.Variables);
    }

    [Fact]
    public async Task OneVariable_RoundTripsThroughGetAndPut()
    {
        await DeployOneTaskAsync();
        var instance = await StartAsync();

        foreach (var (name, value) in EveryType("put"))
        {
            await Client.ProcessInstances.SetVariableAsync(instance.Id, name, value, Ct);
            var back = await Client.ProcessInstances.GetVariableAsync(instance.Id, name, deserializeValue: false, Ct);
            await AssertSameAsync(new VariableMap { [name] = value }, new VariableMap { [name] = back });
        }
    }

    private async Task AssertSameAsync(VariableMap expected, VariableMap actual)
    {
        foreach (var (name, want) in expected)
        {
            actual.ShouldContainKey(name);
            var got = actual[name];
            got.Type.ShouldBe(want.Type, name);
            switch (want.Type)
            {
                case VariableType.Date:
                    got.AsDateTimeOffset().ShouldBe(When, name); // same instant; the engine answers in its own zone
                    break;
                case VariableType.File:
                    got.ValueInfo.FileName.ShouldBe("note.txt");
                    got.ValueInfo.MimeType.ShouldBe("text/plain");
                    got.ValueInfo.Encoding.ShouldBe("UTF-8");
                    await using (var content = await got.OpenContentAsync(Ct))
                    {
                        using var reader = new StreamReader(content, Encoding.UTF8);
                        (await reader.ReadToEndAsync(Ct)).ShouldBe("file content ✓");
                    }

                    break;
                case VariableType.Object:
                    got.AsString().ShouldBe(want.AsString(), name);
                    got.ValueInfo.ObjectTypeName.ShouldBe("java.util.ArrayList");
                    got.ValueInfo.SerializationDataFormat.ShouldBe("application/json");
                    break;
                case VariableType.Json:
                    System.Text.Json.JsonElement.DeepEquals(got.To<System.Text.Json.JsonElement>(), want.To<System.Text.Json.JsonElement>()).ShouldBeTrue(name);
                    break;
                default:
                    got.ShouldBe(want, name);
                    break;
            }
        }
    }
}
