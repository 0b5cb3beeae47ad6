package dev.cairn.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * Event patterns as the EventBridge User Guide documents them ("Creating event patterns", "Comparison operators
 * for use in event patterns"), each against an event it matches and one it does not; and patterns EventBridge
 * refuses, with its reasons.
 */
class TestEventPattern
{
    // the EC2 event of "Creating Amazon EventBridge event patterns"
    private static final String EC2_EVENT = """
            {
              "version": "0",
              "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
              "detail-type": "EC2 Instance State-change Notification",
              "source": "aws.ec2",
              "account": "111122223333",
              "time": "2017-12-22T18:43:48Z",
              "region": "us-west-1",
              "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
              "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"}
            }
            """;

    @Test
    void matchesTheEventOfTheGuide()
    {
        EventPattern terminated = EventPattern.parse("""
                {"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], "detail": {"state": ["terminated"]}}""");
        assertThat(terminated.matches(EC2_EVENT)).isTrue();
        assertThat(terminated.matches(EC2_EVENT.replace("\"terminated\"", "\"running\""))).isFalse();

        // an array in the event matches when one of its values does
        EventPattern instance = EventPattern.parse("""
                {"resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"], "detail": {"state": ["initializing", "terminated"]}}""");
        assertThat(instance.matches(EC2_EVENT)).isTrue();
        assertThat(instance.matches(EC2_EVENT.replace("i-1234567890abcdef0\"]", "i-0000000000000000a\"]"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # pattern                                                                    | an event it matches                       | an event it does not match
            {"Location": ["New York"], "Day": ["Monday"]}                                | {"Location": "New York", "Day": "Monday"} | {"Location": "New York", "Day": "Tuesday"}
            {"PaymentType": ["Credit", "Debit"]}                                         | {"PaymentType": "Debit"}                  | {"PaymentType": "Cash"}
            {"$or": [{"Location": ["New York"]}, {"Day": ["Monday"]}]}                   | {"Location": "Boston", "Day": "Monday"}   | {"Location": "Boston", "Day": "Tuesday"}
            {"time": [{"prefix": "2017-10-02"}]}                                         | {"time": "2017-10-02T18:43:48Z"}          | {"time": "2017-10-03T18:43:48Z"}
            {"service": [{"prefix": {"equals-ignore-case": "eventb"}}]}                  | {"service": "EventBridge"}                | {"service": "Events"}
            {"FileName": [{"suffix": ".png"}]}                                           | {"FileName": "cat.png"}                   | {"FileName": "cat.jpg"}
            {"service": [{"suffix": {"equals-ignore-case": "tBridge"}}]}                 | {"service": "EVENTBRIDGE"}                | {"service": "EventBus"}
            {"Name": [{"equals-ignore-case": "alice"}]}                                  | {"Name": "ALICE"}                         | {"Name": "bob"}
            {"FileName": [{"wildcard": "dir/*.png"}]}                                    | {"FileName": "dir/cat.png"}               | {"FileName": "other/cat.png"}
            {"state": [{"anything-but": "initializing"}]}                                | {"state": "running"}                      | {"state": "initializing"}
            {"x-limit": [{"anything-but": [100, 200, 300]}]}                             | {"x-limit": 301.8}                        | {"x-limit": 200}
            {"Region": [{"anything-but": {"prefix": "us-"}}]}                            | {"Region": "eu-west-1"}                   | {"Region": "us-east-1"}
            {"FileName": [{"anything-but": {"suffix": ".png"}}]}                         | {"FileName": "cat.jpg"}                   | {"FileName": "cat.png"}
            {"state": [{"anything-but": {"equals-ignore-case": ["initializing", "x"]}}]} | {"state": "running"}                      | {"state": "INITIALIZING"}
            {"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}                    | {"FilePath": "/usr/bin/cat"}              | {"FilePath": "/usr/lib/libc.so"}
            {"Price": [{"numeric": ["=", 100]}]}                                         | {"Price": 100.0}                          | {"Price": "100"}
            {"Price": [{"numeric": [">", 10, "<=", 20]}]}                                | {"Price": 20}                             | {"Price": 10}
            {"source-ip": [{"cidr": "10.0.0.0/24"}]}                                     | {"source-ip": "10.0.0.255"}               | {"source-ip": "10.0.1.0"}
            {"source-ip": [{"cidr": "2001:db8::/32"}]}                                   | {"source-ip": "2001:db8:1::1"}            | {"source-ip": "2001:db9::1"}
            {"ProductName": [{"exists": true}]}                                          | {"ProductName": "Widget"}                 | {"Price": 1}
            {"ProductName": [{"exists": false}]}                                         | {"Price": 1}                              | {"ProductName": "Widget"}
            {"UserID": [null]}                                                           | {"UserID": null}                          | {"UserID": "u-1"}
            {"LastName": [""]}                                                           | {"LastName": ""}                          | {"LastName": "Doe"}
            """)
    void matchesAsDocumented(String pattern, String matching, String notMatching)
    {
        EventPattern parsed = EventPattern.parse(pattern);
        assertThat(parsed.matches(matching)).as("matches %s", matching).isTrue();
        assertThat(parsed.matches(notMatching)).as("does not match %s", notMatching).isFalse();
    }

    /** A pattern matches fields of one element of an array, not fields of different elements ("JSON Array Matching"). */
    @Test
    void matchesWithinOneElementOfAnArray()
    {
        EventPattern anna = EventPattern.parse("""
                {"employees": {"firstName": ["Anna"], "lastName": ["Smith"]}}""");
        assertThat(anna.matches("""
                {"employees": [{"firstName": "John", "lastName": "Doe"}, {"firstName": "Anna", "lastName": "Smith"}]}""")).isTrue();
        assertThat(anna.matches("""
                {"employees": [{"firstName": "Anna", "lastName": "Doe"}, {"firstName": "John", "lastName": "Smith"}]}""")).isFalse();
    }

    static Stream<Arguments> invalidPatterns()
    {
        return Stream.of(
                // pattern, the start of the reason
                Arguments.of("", "Filter is not an object"),
                Arguments.of("not json", "Unrecognized token 'not'"),
                Arguments.of("[]", "Filter is not an object"),
                Arguments.of("{}", "Empty objects are not allowed"),
                Arguments.of("{\"source\": \"aws.ec2\"}", "\"source\" must be an object or an array"),
                Arguments.of("{\"source\": []}", "Empty arrays are not allowed"),
                Arguments.of("{\"detail\": {}}", "Empty objects are not allowed"),
                Arguments.of("{\"source\": [{\"contains\": \"ec2\"}]}", "Unrecognized match type contains"),
                Arguments.of("{\"Price\": [{\"numeric\": [\">\", \"ten\"]}]}", "Value of > must be numeric"),
                Arguments.of("{\"Price\": [{\"numeric\": [\"~\", 1]}]}", "Unrecognized numeric range operator"),
                Arguments.of("{\"FileName\": [{\"wildcard\": \"dir/**.png\"}]}", "Consecutive wildcard characters"),
                Arguments.of("{\"ProductName\": [{\"exists\": \"yes\"}]}", "exists match pattern must be either true or false."),
                Arguments.of("{\"source-ip\": [{\"cidr\": \"10.0.0.0/33\"}]}", "IPv4 mask bits must be < 32"),
                Arguments.of("{\"state\": [{\"anything-but\": [\"stopped\", 1]}]}", "Inside anything but list, either all values are number or string"),
                Arguments.of("{\"$or\": [{\"Day\": [\"Monday\"]}]}", "There must have at least 2 Objects in $or relationship."));
    }

    @ParameterizedTest
    @MethodSource("invalidPatterns")
    void refusesWithEventBridgesReason(String pattern, String reason)
    {
        assertThatThrownBy(() -> EventPattern.parse(pattern))
                .isInstanceOfSatisfying(InvalidEventPatternException.class, e -> {
                    assertThat(e.reason()).startsWith(reason);
                    assertThat(e.getMessage()).isEqualTo("Event pattern is not valid. Reason: " + e.reason());
                });
    }

    @Test
    void reasonNamesThePlace()
    {
        assertThatThrownBy(() -> EventPattern.parse("{\"source\": \"aws.ec2\"}"))
                .hasMessage("""
                        Event pattern is not valid. Reason: "source" must be an object or an array
                         at [Source: (String)"{"source": "aws.ec2"}"; line: 1, column: 13]""");
    }

    @Test
    void lengthIsLimitedAsInTheModel()
    {
        String prefix = "{\"source\": [\"";
        String suffix = "\"]}";
        String longest = prefix + "a".repeat(EventPattern.MAXIMUM_LENGTH - prefix.length() - suffix.length()) + suffix;
        assertThat(longest).hasSize(4096);
        assertThat(EventPattern.parse(longest).json()).isEqualTo(longest);

        String tooLong = prefix + "a".repeat(EventPattern.MAXIMUM_LENGTH + 1 - prefix.length() - suffix.length()) + suffix;
        assertThatThrownBy(() -> EventPattern.parse(tooLong))
                .isInstanceOf(InvalidEventPatternException.class)
                .hasMessage("Event pattern is not valid. Reason: Event pattern is longer than 4096 characters");

        // characters, not UTF-16 units: 4,096 emoji are 8,192 chars in Java
        String emoji = "\uD83D\uDE00";
        String longestInCodePoints = prefix + emoji.repeat(EventPattern.MAXIMUM_LENGTH - prefix.length() - suffix.length()) + suffix;
        assertThat(EventPattern.parse(longestInCodePoints).matches("{\"source\": \"x\"}")).isFalse();
    }

    @Test
    void wildcardsAreCountedForTheQuota()
    {
        assertThat(EventPattern.parse("{\"FileName\": [{\"wildcard\": \"dir/*.png\"}]}").usesWildcard()).isTrue();
        assertThat(EventPattern.parse("{\"FilePath\": [{\"anything-but\": {\"wildcard\": \"*/lib/*\"}}]}").usesWildcard()).isTrue();
        assertThat(EventPattern.parse("{\"$or\": [{\"a\": [\"1\"]}, {\"b\": [{\"wildcard\": \"x*\"}]}]}").usesWildcard()).isTrue();
        assertThat(EventPattern.parse("{\"FileName\": [{\"prefix\": \"dir/\"}, \"dir/*.png\"]}").usesWildcard()).isFalse();
    }

    @Test
    void isAValueOfItsText()
    {
        String json = "{\"source\": [\"aws.iam\"]}";
        assertThat(EventPattern.parse(json)).isEqualTo(EventPattern.parse(json)).hasSameHashCodeAs(EventPattern.parse(json));
        assertThat(EventPattern.parse(json)).isNotEqualTo(EventPattern.parse("{\"source\":[\"aws.iam\"]}"));
        assertThat(EventPattern.parse(json).json()).isEqualTo(json);
        assertThat(EventPattern.parse(json)).hasToString(json);
    }

    @Test
    void refusesAnEventThatIsNotAnObject()
    {
        EventPattern pattern = EventPattern.parse("{\"source\": [\"aws.iam\"]}");
        assertThatThrownBy(() -> pattern.matches("[]")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Event is not a JSON object");
        assertThatThrownBy(() -> pattern.matches("{\"source\":")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Event is not a JSON object");
    }
}
