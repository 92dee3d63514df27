using Bptl.Variables;

namespace Bptl.Camunda.Tests.Variables;

public sealed class VariableMapTests
{
    private sealed record Order(int Id, string Customer);

    [Fact]
    public void CommonCase_IsOneLineEachWay()
    {
        var variables = new VariableMap { ["customer"] = "Alice", ["amount"] = 42, ["approved"] = true, ["big"] = 5_000_000_000L };

        variables.Get<string>("customer").ShouldBe("Alice");
        variables.Get<int>("amount").ShouldBe(42);
        variables.Get<long>("amount").ShouldBe(42L);
        variables.Get<double>("amount").ShouldBe(42d);
        variables.Get<bool>("approved").ShouldBeTrue();
        variables["big"].Type.ShouldBe(VariableType.Long);
    }

    [Fact]
    public void Get_Missing_NamesTheVariableAndTheExpectedType()
    {
        var error = Should.Throw<VariableTypeException>(() => new VariableMap().Get<int>("amount"));

        error.Message.ShouldBe("The variable 'amount' is missing (expected Int32).");
        error.VariableName.ShouldBe("amount");
    }

    [Fact]
    public void Get_WrongType_NamesTheVariableAndBothTypes()
    {
        var variables = new VariableMap { ["amount"] = "forty-two" };

        var error = Should.Throw<VariableTypeException>(() => variables.Get<int>("amount"));

        error.Message.ShouldStartWith("The variable 'amount' cannot be read as Int32: A String variable cannot be read as Int32");
        error.Actual.ShouldBe("String");
    }

    [Fact]
    public void Get_LongTooBigForInt_SaysItDoesNotFit()
    {
        var variables = new VariableMap { ["n"] = long.MaxValue };

        Should.Throw<VariableTypeException>(() => variables.Get<int>("n")).Message.ShouldContain("does not fit");
    }

    [Fact]
    public void GetOrDefault_AndTryGet_HandleMissingAndNull()
    {
        var variables = new VariableMap { ["nothing"] = VariableValue.Null() };

        variables.GetOrDefault("absent", 7).ShouldBe(7);
        variables.Get<string?>("nothing").ShouldBeNull();
        variables.Get<int?>("nothing").ShouldBeNull();
        variables.TryGet<int>("nothing", out _).ShouldBeFalse();
        Should.Throw<VariableTypeException>(() => variables.Get<int>("nothing")).Message.ShouldContain("null");
    }

    [Fact]
    public void Json_AndJsonObjects_DeserializeToTypes()
    {
        var variables = new VariableMap
        {
            ["a"] = VariableValue.Json(new Order(1, "Bob")),
            ["b"] = VariableValue.Object("""{"id":2,"customer":"Eve"}""", "com.example.Order"),
        };

        variables.Get<Order>("a").ShouldBe(new Order(1, "Bob"));
        variables.Get<Order>("b").ShouldBe(new Order(2, "Eve"));
    }

    [Fact]
    public async Task FileContent_IsReadableFromTheValue()
    {
        var file = VariableValue.File("a.txt", "hi"u8.ToArray(), "text/plain");

        await using var stream = await file.OpenContentAsync(TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream);

        (await reader.ReadToEndAsync(TestContext.Current.CancellationToken)).ShouldBe("hi");
    }
}
