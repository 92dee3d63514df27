using System.Text.Json;
using Bptl.Sandbox.Engine;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Tests.Unit;

public sealed class VariableConverterTests
{
    private static VariableValueDto Dto(string json) =>
        JsonSerializer.Deserialize(json, Bptl.Sandbox.Http.SandboxJsonContext.Wire.VariableValueDto)!;

    private static TypedValue Convert(string json) => VariableConverter.FromDto(Dto(json));

    private static EngineError Fails(string json) => Should.Throw<EngineError>(() => Convert(json));

    [Theory]
    [InlineData("""{"type":"Integer","value":5}""", "Integer", 5)]
    [InlineData("""{"type":"integer","value":"7"}""", "Integer", 7)]
    [InlineData("""{"type":"Long","value":5}""", "Long", 5L)]
    [InlineData("""{"type":"Short","value":"12"}""", "Short", (short)12)]
    [InlineData("""{"type":"Double","value":5}""", "Double", 5.0)]
    [InlineData("""{"type":"Double","value":"2.5"}""", "Double", 2.5)]
    [InlineData("""{"type":"Boolean","value":"true"}""", "Boolean", true)]
    [InlineData("""{"type":"String","value":42}""", "String", "42")]
    [InlineData("""{"value":"text"}""", "String", "text")]
    [InlineData("""{"value":3000000000}""", "Long", 3000000000L)]
    public void Convert_Primitive_ReparsesLikeJackson(string json, string kind, object expected)
    {
        var value = Convert(json);

        value.Kind.ToString().ShouldBe(kind);
        value.Value.ShouldBe(expected);
    }

    [Fact]
    public void Convert_Overflow_Returns400WithJavaClass() =>
        Fails("""{"type":"Integer","value":3000000000}""").Message
            .ShouldBe("Cannot convert value '3000000000' of type 'Integer' to java type java.lang.Integer");

    [Fact]
    public void Convert_ShortOutOfRange_Returns400() =>
        Fails("""{"type":"Short","value":70000}""").Message
            .ShouldBe("Cannot convert value '70000' of type 'Short' to java type java.lang.Short");

    [Fact]
    public void Convert_DateWithColonOffset_Returns400()
    {
        var error = Fails("""{"type":"Date","value":"2026-01-25T13:33:42.165+01:00"}""");

        error.Status.ShouldBe(400);
        error.Type.ShouldBe("InvalidRequestException");
        error.Message.ShouldBe("Cannot convert value '2026-01-25T13:33:42.165+01:00' of type 'Date' to java type java.util.Date");
    }

    [Fact]
    public void Convert_UnknownType_IsRestException400()
    {
        var error = Fails("""{"type":"Foo","value":1}""");

        (error.Status, error.Type, error.Message, error.Code).ShouldBe((400, "RestException", "Unsupported value type 'Foo'", (int?)null));
    }

    [Fact]
    public void Convert_UpperCaseTypeName_IsUnknown() =>
        Fails("""{"type":"STRING","value":"x"}""").Message.ShouldBe("Unsupported value type 'STRING'");

    [Fact]
    public void Convert_ObjectWithNonStringValue_Returns400() =>
        Fails("""{"type":"Object","value":{"a":1}}""").Message
            .ShouldBe("Must provide 'null' or String value for value of SerializableValue type 'Object'.");

    [Fact]
    public void Convert_Object_KeepsSerializedFormAndTypeInfo()
    {
        var value = Convert("""{"type":"Object","value":"{\"a\":1}","valueInfo":{"objectTypeName":"com.example.Foo","serializationDataFormat":"application/json"}}""");

        value.Value.ShouldBe("""{"a":1}""");
        value.ObjectTypeName.ShouldBe("com.example.Foo");
        value.SerializationDataFormat.ShouldBe("application/json");
    }

    [Fact]
    public void Convert_FileWithoutFilename_IsIllegalArgument500()
    {
        var error = Fails("""{"type":"File","value":"aGVsbG8=","valueInfo":{}}""");

        (error.Status, error.Type, error.Code).ShouldBe((500, "IllegalArgumentException", (int?)null));
        error.Message.ShouldBe("Cannot create file without filename! Please set a name into ValueInfo with key filename");
    }

    [Fact]
    public void Convert_Bytes_DecodesBase64() =>
        ((byte[])Convert("""{"type":"Bytes","value":"aGVsbG8="}""").Value!).ShouldBe("hello"u8.ToArray());

    [Fact]
    public void Convert_TransientFlag_IsKept() =>
        Convert("""{"type":"String","value":"x","valueInfo":{"transient":true}}""").IsTransient.ShouldBeTrue();
}
