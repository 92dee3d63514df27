using System.Text;
using Bptl.Sandbox.Tests.Support;

namespace Bptl.Sandbox.Tests.Http;

public sealed class DeploymentTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => fixture.Client;

    [Fact]
    public async Task Deploy_WithUserTask_Returns400NamingTheElement()
    {
        var xml = Models.Definitions(Models.Unique("p"), """
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
            <bpmn:userTask id="approve" name="Approve" />
            """);

        var reply = await Client.DeployAsync("approval.bpmn", xml);

        reply.Status.ShouldBe(400);
        var json = reply.Json;
        json.Str("type").ShouldBe("ParseException");
        json.Str("message").ShouldContain("Unsupported element 'userTask' with id 'approve'");
        json.Str("message").ShouldContain("| resource approval.bpmn | line 10 | column ");
        var error = json.GetProperty("details").GetProperty("approval.bpmn").GetProperty("errors")[0];
        error.Str("mainElementId").ShouldBe("approve");
        error.GetProperty("line").GetInt32().ShouldBe(10);
    }

    [Fact]
    public async Task Deploy_SameKeyTwice_CreatesVersionTwoAndStartUsesIt()
    {
        var key = Models.Unique("versioned");
        var first = await Client.DeployOkAsync(Models.OneTask(key, "v1-" + key));
        var second = await Client.DeployOkAsync(Models.OneTask(key, "v2-" + key));

        var firstDefinition = first.GetProperty("deployedProcessDefinitions").EnumerateObject().Single().Value;
        var secondDefinition = second.GetProperty("deployedProcessDefinitions").EnumerateObject().Single().Value;
        firstDefinition.GetProperty("version").GetInt32().ShouldBe(1);
        secondDefinition.GetProperty("version").GetInt32().ShouldBe(2);
        secondDefinition.Str("id").ShouldStartWith(key + ":2:");

        var start = await Client.PostAsync("process-definition/key/" + key + "/start", "{}");
        start.Json.Str("definitionId").ShouldBe(secondDefinition.Str("id"));
        (await Client.FetchAsync("w", "v2-" + key)).Length.ShouldBe(1);
        (await Client.GetAsync("process-definition/key/" + key)).Json.GetProperty("version").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Deploy_Response_CarriesDeploymentFieldsAndLinks()
    {
        var key = Models.Unique("fields");

        var reply = await Client.DeployAsync("fields.bpmn", Models.OneTask(key, "t", processAttributes: "camunda:versionTag=\"7\""), "my-deployment");

        var json = reply.ShouldBeStatus(200).Json;
        json.Str("name").ShouldBe("my-deployment");
        json.GetProperty("source").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        json.GetProperty("tenantId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        json.GetProperty("deployedCaseDefinitions").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        json.Str("deploymentTime").Length.ShouldBe(28);
        json.GetProperty("links")[0].Str("href").ShouldEndWith("/engine-rest/deployment/" + json.Str("id"));
        var definition = json.GetProperty("deployedProcessDefinitions").EnumerateObject().Single().Value;
        definition.Str("resource").ShouldBe("fields.bpmn");
        definition.Str("versionTag").ShouldBe("7");
        definition.Str("deploymentId").ShouldBe(json.Str("id"));
    }

    [Fact]
    public async Task Deploy_PartWithoutFileName_Returns400()
    {
        using var form = new MultipartFormDataContent { { new StringContent("<xml/>"), "resource" } };

        var reply = await Client.PostContentAsync("deployment/create", form);

        reply.ShouldBeError(400, "InvalidRequestException", "No file name found in the deployment resource described by form parameter 'null'.", null);
    }

    [Fact]
    public async Task Deploy_WithoutResources_Returns400()
    {
        using var form = new MultipartFormDataContent { { new StringContent("only-a-name"), "deployment-name" } };

        var reply = await Client.PostContentAsync("deployment/create", form);

        reply.ShouldBeError(400, "InvalidRequestException", "No deployment resources contained in the form upload.", null);
    }

    [Fact]
    public async Task Deploy_UnchangedWithDuplicateFiltering_ReturnsThePreviousDeployment()
    {
        var key = Models.Unique("dup");
        var name = Models.Unique("dup-deployment");
        var xml = Models.OneTask(key, "t");
        var first = (await Client.DeployAsync("dup.bpmn", xml, name, ("enable-duplicate-filtering", "true"))).ShouldBeStatus(200).Json;

        var second = (await Client.DeployAsync("dup.bpmn", xml, name, ("enable-duplicate-filtering", "true"))).ShouldBeStatus(200).Json;

        second.Str("id").ShouldBe(first.Str("id"));
        second.GetProperty("deployedProcessDefinitions").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await Client.GetAsync("process-definition/count?key=" + key)).Json.GetProperty("count").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task DeleteDeployment_WithRunningInstancesAndCascade_RemovesInstancesAndDefinitions()
    {
        var key = Models.Unique("cascade");
        var deployment = await Client.DeployOkAsync(Models.OneTask(key, "t-" + key));
        var instanceId = await Client.StartAsync(key);

        (await Client.DeleteAsync("deployment/" + deployment.Str("id"))).Status.ShouldBe(500);
        (await Client.DeleteAsync("deployment/" + deployment.Str("id") + "?cascade=true")).ShouldBeStatus(204);

        (await Client.GetAsync("process-instance/" + instanceId)).Status.ShouldBe(404);
        (await Client.GetAsync("process-definition/key/" + key))
            .ShouldBeError(404, "RestException", "No matching process definition with key: " + key + " and no tenant-id", null);
        (await Client.FetchAsync("w", "t-" + key)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Deploy_NonBpmnResource_IsStoredWithoutDefinitions()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("hello")), "data", "readme.txt");

        var reply = await Client.PostContentAsync("deployment/create", form);

        reply.ShouldBeStatus(200).Json.GetProperty("deployedProcessDefinitions").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Start_UnknownKey_Returns404()
    {
        var reply = await Client.PostAsync("process-definition/key/nope-" + Guid.NewGuid() + "/start", "{}");

        reply.Status.ShouldBe(404);
        reply.Json.Str("type").ShouldBe("RestException");
        reply.Json.Str("message").ShouldStartWith("No matching process definition with key: nope-");
    }
}
