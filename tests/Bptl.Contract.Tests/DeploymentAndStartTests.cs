using Bptl.Testing;
using System.Net.Http.Headers;
using System.Text;
using Bptl.Camunda.Errors;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Variables;
using Bptl.Contract.Tests.Infrastructure;

namespace Bptl.Contract.Tests;

public sealed class DeploymentAndStartTests(EngineFixture engine) : ContractTest(engine)
{
    [Fact]
    public async Task Deploy_ReturnsTheDeployedDefinitions()
    {
        var deployment = await DeployAsync(Bpmn.OneTask(Key, Topic, versionTag: "1.0"));

        deployment.Id.ShouldNotBeNullOrEmpty();
        deployment.Name.ShouldBe(Unique);
        deployment.Source.ShouldBe("bptl-contract-tests");
        deployment.DeploymentTime.ShouldNotBeNull();
        var definition = deployment.DeployedProcessDefinitions.ShouldNotBeNull().Values.ShouldHaveSingleItem();
        definition.Key.ShouldBe(Key);
        definition.Version.ShouldBe(1);
        definition.VersionTag.ShouldBe("1.0");
        definition.Resource.ShouldBe(Unique + ".bpmn");
        definition.DeploymentId.ShouldBe(deployment.Id);
        definition.Id.ShouldStartWith(Key + ":1:");
    }

    [Fact]
    public async Task Deploy_SameKeyAgain_CreatesVersionTwoAndStartUsesIt()
    {
        await DeployAsync(Bpmn.OneTask(Key, Topic));
        var second = await DeployAsync(Bpmn.OneTask(Key, Topic + "-v2"));

        var instance = await StartAsync();

        second.DeployedProcessDefinitions!.Values.Single().Version.ShouldBe(2);
        instance.DefinitionId.ShouldBe(second.DeployedProcessDefinitions.Keys.Single());
        (await FetchOneAsync(topic: Topic + "-v2")).ProcessInstanceId.ShouldBe(instance.Id);
        var latest = await Client.ProcessDefinitions.ListAsync(new ProcessDefinitionQuery { Key = Key, LatestVersion = true }, Ct);
        latest.ShouldHaveSingleItem().Version.ShouldBe(2);
    }

    [Fact]
    public async Task Deploy_PartWithoutFileName_Is400()
    {
        using var form = new MultipartFormDataContent { { new StringContent(Bpmn.OneTask(Key, Topic)), "process" } };

        var response = await Raw.SendAsync(HttpMethod.Post, "deployment/create", null, Ct, form);

        response.ShouldBeError(400, "InvalidRequestException", "No file name found in the deployment resource described by form parameter");
    }

    [Fact]
    public async Task Deploy_WithoutResources_Is400()
    {
        using var form = new MultipartFormDataContent { { new StringContent(Unique), "deployment-name" } };

        var response = await Raw.SendAsync(HttpMethod.Post, "deployment/create", null, Ct, form);

        response.ShouldBeError(400, "InvalidRequestException", "No deployment resources contained in the form upload.");
    }

    [Fact]
    public async Task Start_ReturnsTheInstanceShape()
    {
        await DeployOneTaskAsync();

        var response = await Raw.PostAsync($"process-definition/key/{Key}/start",
            """{"businessKey":"bk-1","variables":{"n":{"value":1,"type":"Integer"}},"withVariablesInReturn":true}""", Ct);

        response.Status.ShouldBe(200);
        var json = response.Json;
        json.GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
        json.GetProperty("definitionId").GetString()!.ShouldStartWith(Key + ":1:");
        json.GetProperty("businessKey").GetString().ShouldBe("bk-1");
        json.GetProperty("ended").GetBoolean().ShouldBeFalse();
        json.GetProperty("suspended").GetBoolean().ShouldBeFalse();
        json.GetProperty("tenantId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        var link = json.GetProperty("links")[0];
        link.GetProperty("rel").GetString().ShouldBe("self");
        link.GetProperty("href").GetString()!.ShouldEndWith("/process-instance/" + json.GetProperty("id").GetString());
        json.GetProperty("variables").GetProperty("n").GetProperty("value").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Start_UnknownKey_Is404()
    {
        var error = await Should.ThrowAsync<CamundaNotFoundException>(() => StartAsync(key: "missing-" + Unique));

        error.EngineMessage.ShouldBe($"No matching process definition with key: missing-{Unique} and no tenant-id");
    }

    [Theory]
    [InlineData("""{"value":"2026-01-25T13:33:42.165+01:00","type":"Date"}""", "Cannot convert value")]
    [InlineData("""{"value":"2026-01-25T13:33:42+0100","type":"Date"}""", "Cannot convert value")]
    [InlineData("""{"value":"99999999999","type":"Integer"}""", "Cannot convert value")]
    [InlineData("""{"value":"abc","type":"Long"}""", "Cannot convert value")]
    [InlineData("""{"value":{"a":1},"type":"Object","valueInfo":{"objectTypeName":"java.util.HashMap","serializationDataFormat":"application/json"}}""", "Must provide 'null' or String value for value of SerializableValue type 'Object'")]
    public async Task Start_BadVariable_Is400CannotInstantiate(string variable, string detail)
    {
        await DeployOneTaskAsync();

        var response = await Raw.PostAsync($"process-definition/key/{Key}/start", $$$$"""{"variables":{"bad":{{{{variable}}}}}}""", Ct);

        response.ShouldBeError(400, "InvalidRequestException", "Cannot instantiate process definition", detail);
    }

    [Fact]
    public async Task Start_NumericStringsAndIntsForDoubles_AreConverted()
    {
        await DeployOneTaskAsync();

        var response = await Raw.PostAsync($"process-definition/key/{Key}/start",
            """{"variables":{"i":{"value":"42","type":"Integer"},"d":{"value":3,"type":"Double"},"s":{"value":"x","type":"string"}}}""", Ct);
        var variables = await Client.ProcessInstances.GetVariablesAsync(response.Json.GetProperty("id").GetString()!, cancellationToken: Ct);

        variables["i"].ShouldBe(VariableValue.Integer(42));
        variables["d"].ShouldBe(VariableValue.Double(3));
        variables["s"].ShouldBe(VariableValue.String("x"));
    }

    [Fact]
    public async Task Start_FileWithoutFileName_Is500()
    {
        await DeployOneTaskAsync();
        var content = Convert.ToBase64String(Encoding.UTF8.GetBytes("x"));

        var response = await Raw.PostAsync($"process-definition/key/{Key}/start",
            $$$$$"""{"variables":{"f":{"value":"{{{{{content}}}}}","type":"File","valueInfo":{}}}}""", Ct);

        response.Status.ShouldBe(500);
        response.Json.GetProperty("message").GetString()!.ShouldContain("Cannot create file without filename");
    }
}
