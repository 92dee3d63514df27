using System.Text;
using System.Text.Json;
using Bptl.Camunda.Serialization;
using Bptl.Variables;

namespace Bptl.Camunda.Tests.Variables;

public sealed class VariableJsonTests
{
    public static TheoryData<string, VariableValue> EveryType() => new()
    {
        { "String", VariableValue.String("hello – ünïcode") },
        { "String null", VariableValue.String(null) },
        { "Boolean", VariableValue.Boolean(true) },
        { "Short", VariableValue.Short(short.MinValue) },
        { "Integer", VariableValue.Integer(int.MaxValue) },
        { "Long", VariableValue.Long(long.MaxValue) },
        { "Double", VariableValue.Double(0.1 + 0.2) },
        { "Date", VariableValue.Date(new DateTimeOffset(2026, 11, 21, 8, 30, 0, 123, TimeSpan.FromHours(-3))) },
        { "Bytes", VariableValue.Bytes([0, 1, 2, 254, 255]) },
        { "Null", VariableValue.Null() },
        { "Json", VariableValue.Json("""{"a":[1,2,{"b":null}]}""") },
        { "Xml", VariableValue.Xml("<order id=\"1\"><line/></order>") },
        { "Object", VariableValue.Object("""{"id":7}""", "com.example.Order") },
        { "File", VariableValue.File("invoice.pdf", Encoding.UTF8.GetBytes("%PDF-1.7"), "application/pdf", "UTF-8") },
        { "Transient", VariableValue.String("x").AsTransient() },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Serialize_ThenDeserialize_GivesTheSameValue(string name, VariableValue value)
    {
        var json = JsonSerializer.Serialize(value, CamundaJsonContext.Default.VariableValue);

        var back = JsonSerializer.Deserialize(json, CamundaJsonContext.Default.VariableValue);

        back.ShouldBe(value, name);
    }

    [Fact]
    public void Write_UsesTheEngineShapes()
    {
        var map = new VariableMap
        {
            ["date"] = new DateTimeOffset(2016, 1, 25, 13, 33, 42, 165, TimeSpan.FromHours(1)),
            ["bytes"] = new byte[] { 1, 2, 3 },
            ["file"] = VariableValue.File("a.txt", [65], "text/plain", "UTF-8"),
            ["order"] = VariableValue.Object("{}", "com.example.Order"),
            ["n"] = 42,
        };

        var json = JsonSerializer.Serialize(map, CamundaJsonContext.Default.VariableMap);

        json.ShouldContain("\"date\":{\"value\":\"2016-01-25T13:33:42.165+0100\",\"type\":\"Date\",\"valueInfo\":{}}");
        json.ShouldContain("\"bytes\":{\"value\":\"AQID\",\"type\":\"Bytes\"");
        json.ShouldContain("\"valueInfo\":{\"filename\":\"a.txt\",\"mimeType\":\"text/plain\",\"encoding\":\"UTF-8\"}");
        json.ShouldContain("\"valueInfo\":{\"objectTypeName\":\"com.example.Order\",\"serializationDataFormat\":\"application/json\"}");
        json.ShouldContain("\"n\":{\"value\":42,\"type\":\"Integer\"");
    }

    [Fact]
    public void Read_MatchesTypeNamesAfterLowerCasingTheFirstLetter()
    {
        var value = JsonSerializer.Deserialize("""{"value":5,"type":"integer"}""", CamundaJsonContext.Default.VariableValue)!;

        value.Type.ShouldBe(VariableType.Integer);
        value.TypeName.ShouldBe("Integer");
        value.AsInt32().ShouldBe(5);
    }

    [Fact]
    public void Read_UnknownType_KeepsTheRawValueAndWritesItBackUnchanged()
    {
        const string json = """{"value":{"x":[1,2]},"type":"Spreadsheet","valueInfo":{"sheet":"A"}}""";

        var value = JsonSerializer.Deserialize(json, CamundaJsonContext.Default.VariableValue)!;
        var written = JsonSerializer.Serialize(value, CamundaJsonContext.Default.VariableValue);

        value.Type.ShouldBe(VariableType.Unknown);
        value.TypeName.ShouldBe("Spreadsheet");
        JsonElement.DeepEquals(JsonDocument.Parse(written).RootElement, JsonDocument.Parse(json).RootElement).ShouldBeTrue();
        Should.Throw<VariableTypeException>(() => value.To<int>()).Message.ShouldContain("'Spreadsheet' is not a variable type");
        Should.Throw<VariableTypeException>(() => value.To<string>()).Message.ShouldContain("'Spreadsheet' is not a variable type");
        value.To<JsonElement>().GetProperty("x")[1].GetInt32().ShouldBe(2);
    }

    [Fact]
    public void Read_ValueThatDoesNotFitItsType_DoesNotThrowUntilRead()
    {
        var map = JsonSerializer.Deserialize("""{"a":{"value":"abc","type":"Integer"},"b":{"value":1,"type":"Integer"}}""",
            CamundaJsonContext.Default.VariableMap)!;

        map.Get<int>("b").ShouldBe(1);
        var error = Should.Throw<VariableTypeException>(() => map.Get<int>("a"));
        error.VariableName.ShouldBe("a");
        error.Message.ShouldContain("not a valid Integer");
    }

    [Fact]
    public void Read_FileFromEngine_HasNoContentButKeepsItsValueInfo()
    {
        var value = JsonSerializer.Deserialize("""{"value":null,"type":"File","valueInfo":{"filename":"a.pdf","mimeType":"application/pdf"}}""",
            CamundaJsonContext.Default.VariableValue)!;

        value.Type.ShouldBe(VariableType.File);
        value.Value.ShouldBeNull();
        value.ValueInfo.FileName.ShouldBe("a.pdf");
        value.ValueInfo.MimeType.ShouldBe("application/pdf");
    }

    [Fact]
    public void Double_RefusesNaN() =>
        Should.Throw<ArgumentOutOfRangeException>(() => VariableValue.Double(double.NaN));
}
