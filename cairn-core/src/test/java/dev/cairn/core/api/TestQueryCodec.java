package dev.cairn.core.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

public class TestQueryCodec
{
    private final ServiceCatalog catalog = new ServiceCatalog(Json.mapper());

    @Test
    public void decodesScalarsListsAndStructures()
    {
        ServiceModel iam = catalog.model(Service.IAM);
        ObjectNode input = QueryCodec.decode(iam.shape("CreateUserRequest"), Map.of(
                "Action", "CreateUser",
                "UserName", "alice",
                "Path", "/dev/",
                "Tags.member.1.Key", "team",
                "Tags.member.1.Value", "audit",
                "Tags.member.2.Key", "env",
                "Tags.member.2.Value", "prod"));
        assertThat(input.toString()).isEqualTo("{\"Path\":\"/dev/\",\"UserName\":\"alice\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"audit\"},{\"Key\":\"env\",\"Value\":\"prod\"}]}");
        ObjectNode list = QueryCodec.decode(iam.shape("ListUsersRequest"), Map.of("MaxItems", "10"));
        assertThat(list.get("MaxItems").asInt()).isEqualTo(10);
    }

    @Test
    public void encodesResultsAsQueryXml()
    {
        ServiceModel iam = catalog.model(Service.IAM);
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        ObjectNode user = output.putObject("User");
        user.put("Path", "/");
        user.put("UserName", "a&b");
        user.put("UserId", "AIDAEXAMPLE");
        user.put("Arn", "arn:aws:iam::123456789012:user/a&b");
        user.put("CreateDate", 1_795_000_000L);
        String xml = QueryCodec.encodeResponse(iam, iam.operation("CreateUser").orElseThrow(), output, "req-1");
        assertThat(xml).contains("<CreateUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><CreateUserResult><User>")
                .contains("<UserName>a&amp;b</UserName>")
                .contains("<CreateDate>2026-11-18T11:06:40Z</CreateDate>")
                .endsWith("</CreateUserResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></CreateUserResponse>");

        ObjectNode names = JsonNodeFactory.instance.objectNode();
        names.putArray("PolicyNames").add("one").add("two");
        names.put("IsTruncated", false);
        assertThat(QueryCodec.encodeResponse(iam, iam.operation("ListUserPolicies").orElseThrow(), names, "r"))
                .contains("<PolicyNames><member>one</member><member>two</member></PolicyNames><IsTruncated>false</IsTruncated>");

        assertThat(QueryCodec.encodeResponse(iam, iam.operation("DeleteUser").orElseThrow(), JsonNodeFactory.instance.objectNode(), "r"))
                .endsWith("<DeleteUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>");
    }

    @Test
    public void encodesErrors()
    {
        String xml = QueryCodec.encodeError(catalog.model(Service.STS), "SignatureDoesNotMatch", "bad <sig>", true, "r");
        assertThat(xml).contains("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>bad &lt;sig&gt;</Message></Error><RequestId>r</RequestId></ErrorResponse>");
    }
}
