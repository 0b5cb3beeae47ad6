package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.cairn.core.ops.logs.LogsCalls.assertError;
import static dev.cairn.core.ops.logs.LogsCalls.arn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestLogGroupTagging
{
    private final LogsCalls logs = new LogsCalls();

    private String tags(ObjectNode output)
    {
        return output.path("tags").toString();
    }

    @Test
    public void tagsByArnAreAddedReplacedListedAndRemoved()
    {
        logs.call(new CreateLogGroup(), "{\"logGroupName\":\"/app\",\"tags\":{\"team\":\"core\"}}");
        logs.call(new TagResource(), "{\"resourceArn\":\"" + arn("/app") + "\",\"tags\":{\"env\":\"prod\",\"team\":\"platform\"}}");
        assertThat(tags(logs.call(new ListTagsForResource(), "{\"resourceArn\":\"" + arn("/app") + "\"}"))).isEqualTo("{\"env\":\"prod\",\"team\":\"platform\"}");

        logs.call(new UntagResource(), "{\"resourceArn\":\"" + arn("/app") + "\",\"tagKeys\":[\"env\",\"absent\"]}");
        assertThat(tags(logs.call(new ListTagsForResource(), "{\"resourceArn\":\"" + arn("/app") + "\"}"))).isEqualTo("{\"team\":\"platform\"}");
        logs.call(new UntagResource(), "{\"resourceArn\":\"" + arn("/app") + "\",\"tagKeys\":[]}");
        assertThat(tags(logs.call(new ListTagsLogGroup(), "{\"logGroupName\":\"/app\"}"))).isEqualTo("{\"team\":\"platform\"}");
    }

    @Test
    public void olderOperationsTagByName()
    {
        logs.call(new CreateLogGroup(), "{\"logGroupName\":\"old\"}");
        assertThat(tags(logs.call(new ListTagsLogGroup(), "{\"logGroupName\":\"old\"}"))).isEqualTo("{}");
        logs.call(new TagLogGroup(), "{\"logGroupName\":\"old\",\"tags\":{\"a\":\"1\",\"b\":\"2\"}}");
        logs.call(new UntagLogGroup(), "{\"logGroupName\":\"old\",\"tags\":[\"a\"]}");
        assertThat(tags(logs.call(new ListTagsLogGroup(), "{\"logGroupName\":\"old\"}"))).isEqualTo("{\"b\":\"2\"}");
        assertThat(tags(logs.call(new ListTagsForResource(), "{\"resourceArn\":\"" + arn("old") + "\"}"))).isEqualTo("{\"b\":\"2\"}");

        assertError(() -> logs.call(new TagLogGroup(), "{\"logGroupName\":\"missing\",\"tags\":{\"a\":\"1\"}}"), ErrorCode.LOGS_RESOURCE_NOT_FOUND, "log group");
        assertError(() -> logs.call(new UntagLogGroup(), "{\"logGroupName\":\"missing\",\"tags\":[\"a\"]}"), ErrorCode.LOGS_RESOURCE_NOT_FOUND, "log group");
        assertError(() -> logs.call(new ListTagsLogGroup(), "{\"logGroupName\":\"missing\"}"), ErrorCode.LOGS_RESOURCE_NOT_FOUND, "log group");
    }

    @Test
    public void fiftyTagsAtMost()
    {
        logs.call(new CreateLogGroup(), "{\"logGroupName\":\"full\",\"tags\":" + tagsNamed("k", 49) + "}");
        logs.call(new TagResource(), "{\"resourceArn\":\"" + arn("full") + "\",\"tags\":{\"k0\":\"replaced\",\"last\":\"x\"}}");
        assertThatThrownBy(() -> logs.call(new TagResource(), "{\"resourceArn\":\"" + arn("full") + "\",\"tags\":{\"one-more\":\"x\"}}"))
                .isInstanceOfSatisfying(CairnException.class, error -> {
                    assertThat(error.errorCode()).isEqualTo(ErrorCode.LOGS_TOO_MANY_TAGS);
                    assertThat(error.details()).containsEntry("resourceName", arn("full"));
                });
        assertError(() -> logs.call(new TagLogGroup(), "{\"logGroupName\":\"full\",\"tags\":{\"one-more\":\"x\"}}"), ErrorCode.LOGS_INVALID_PARAMETER, "50 tags");
        // replacing values of keys it has does not count
        logs.call(new TagLogGroup(), "{\"logGroupName\":\"full\",\"tags\":{\"k1\":\"again\"}}");
        ObjectNode tags = (ObjectNode) logs.call(new ListTagsLogGroup(), "{\"logGroupName\":\"full\"}").path("tags");
        assertThat(tags.size()).isEqualTo(50);
        assertThat(tags.path("k0").asText()).isEqualTo("replaced");
        assertThat(tags.path("k1").asText()).isEqualTo("again");
    }

    @Test
    public void arnsOfOtherAccountsRegionsAndResourcesNameNothing()
    {
        logs.call(new CreateLogGroup(), "{\"logGroupName\":\"mine\"}");
        String tagsInput = "\",\"tags\":{\"a\":\"1\"}}";
        assertError(() -> logs.call(new TagResource(), "{\"resourceArn\":\"arn:aws:logs:us-west-2:444455556666:log-group:mine" + tagsInput),
                ErrorCode.LOGS_RESOURCE_NOT_FOUND, "does not exist");
        assertError(() -> logs.call(new TagResource(), "{\"resourceArn\":\"arn:aws:logs:us-east-1:111122223333:log-group:mine" + tagsInput),
                ErrorCode.LOGS_RESOURCE_NOT_FOUND, "does not exist");
        assertError(() -> logs.call(new TagResource(), "{\"resourceArn\":\"" + arn("missing") + tagsInput), ErrorCode.LOGS_RESOURCE_NOT_FOUND, "does not exist");
        assertError(() -> logs.call(new TagResource(), "{\"resourceArn\":\"arn:aws:logs:us-west-2:111122223333:destination:d" + tagsInput),
                ErrorCode.LOGS_RESOURCE_NOT_FOUND, "does not exist");
        assertError(() -> logs.call(new TagResource(), "{\"resourceArn\":\"mine" + tagsInput), ErrorCode.LOGS_INVALID_PARAMETER, "Invalid resource ARN");
        assertError(() -> logs.call(new UntagResource(), "{\"resourceArn\":\"arn:aws:iam::111122223333:role/mine\",\"tagKeys\":[\"a\"]}"),
                ErrorCode.LOGS_INVALID_PARAMETER, "Invalid resource ARN");
        assertError(() -> logs.call(new ListTagsForResource(), "{\"resourceArn\":\"" + arn("mine") + ":log-stream:s\"}"),
                ErrorCode.LOGS_INVALID_PARAMETER, "Invalid resource ARN");
        assertThat(tags(logs.call(new ListTagsForResource(), "{\"resourceArn\":\"" + arn("mine") + "\"}"))).isEqualTo("{}");
    }

    @Test
    public void groupArnsAreTakenApart()
    {
        assertThat(LogGroupTags.parse(arn("/a/b"))).contains(new LogGroupTags.GroupArn("us-west-2", "111122223333", "/a/b"));
        assertThat(LogGroupTags.parse(arn("/a/b") + ":*")).isEmpty();
        assertThat(LogGroupTags.parse(arn("/a/b")).orElseThrow().arn()).isEqualTo(arn("/a/b"));
        assertThat(LogGroupTags.parse("arn:aws:logs:us-west-2:111122223333:destination:d")).isEmpty();
    }

    private static String tagsNamed(String prefix, int count)
    {
        return IntStream.range(0, count).mapToObj(i -> "\"" + prefix + i + "\":\"v\"").collect(Collectors.joining(",", "{", "}"));
    }
}
