package dev.cairn.core.logs.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

/**
 * Cases from AWS's documentation unless said otherwise: "Filter pattern syntax for metric filters, subscription
 * filters, filter log events, and Live Tail" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html,
 * quoted below as "the syntax page") and "Supported regular expressions (regex) syntax"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html, "the regex page").
 */
class TestFilterPattern
{
    // the syntax page's JSON example for single conditions
    private static final String TRAIL_EVENT = """
            {
              "eventType": "UpdateTrail",
              "sourceIPAddress": "111.111.111.111",
              "arrayKey": [
                    "value",
                    "another value"
              ],
              "objectList": [
                   {
                     "name": "a",
                     "id": 1
                   },
                   {
                     "name": "b",
                     "id": 2
                   }
              ],
              "SomeObject": null,
              "ThisFlag": true
            }
            """;

    // the syntax page's JSON example for compound conditions
    private static final String USERS_EVENT = """
            {
                "user": {
                    "id": 1,
                    "email": "John.Stiles@example.com"
                },
                "users": [
                    {
                     "id": 2,
                     "email": "John.Doe@example.com"
                    },
                    {
                     "id": 3,
                     "email": "Jane.Doe@example.com"
                    }
                ],
                "actions": [
                    "GET",
                    "PUT",
                    "DELETE"
                ],
                "coordinates": [
                    [0, 1, 2],
                    [4, 5, 6],
                    [7, 8, 9]
                ]
            }
            """;

    // CloudTrail records as Cairn writes them (one line each)
    private static final String CREATE_USER = """
            {"eventVersion":"1.11","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::123456789012:user/alice",\
            "accountId":"123456789012","accessKeyId":"AKIAEXAMPLEALICE","userName":"alice"},"eventTime":"2024-05-01T12:00:00Z",\
            "eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7",\
            "userAgent":"aws-cli/2.15.0","requestParameters":{"userName":"bob"},"responseElements":{"user":{"userName":"bob",\
            "userId":"AIDAEXAMPLEBOB","arn":"arn:aws:iam::123456789012:user/bob","createDate":"May 1, 2024, 12:00:00 PM"}},\
            "requestID":"0b5d0c5e-0000-4000-8000-000000000001","eventID":"9f3c1a52-0000-4000-8000-000000000002","readOnly":false,\
            "eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management"}""";
    private static final String FAILED_CONSOLE_LOGIN = """
            {"eventVersion":"1.11","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","accountId":"123456789012",\
            "accessKeyId":"","userName":"alice"},"eventTime":"2024-05-01T12:01:00Z","eventSource":"signin.amazonaws.com",\
            "eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"Mozilla/5.0",\
            "errorMessage":"Failed authentication","requestParameters":null,"responseElements":{"ConsoleLogin":"Failure"},\
            "additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"No"},\
            "eventID":"9f3c1a52-0000-4000-8000-000000000003","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,\
            "recipientAccountId":"123456789012","eventCategory":"Management"}""";
    private static final String ROOT_CALL = """
            {"eventVersion":"1.11","userIdentity":{"type":"Root","principalId":"123456789012","arn":"arn:aws:iam::123456789012:root",\
            "accountId":"123456789012","accessKeyId":"ASIAEXAMPLEROOT"},"eventTime":"2024-05-01T12:02:00Z","eventSource":"s3.amazonaws.com",\
            "eventName":"PutBucketPolicy","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0",\
            "requestParameters":{"bucketName":"logs"},"responseElements":null,"readOnly":false,"eventType":"AwsApiCall",\
            "managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management"}""";
    private static final String ROOT_INVOKED_BY_SERVICE = ROOT_CALL.replace("\"accessKeyId\":\"ASIAEXAMPLEROOT\"}", "\"accessKeyId\":\"ASIAEXAMPLEROOT\",\"invokedBy\":\"config.amazonaws.com\"}");
    private static final String ROOT_SERVICE_EVENT = ROOT_CALL.replace("\"eventType\":\"AwsApiCall\"", "\"eventType\":\"AwsServiceEvent\"");
    private static final String ACCESS_DENIED = CREATE_USER.replace("\"readOnly\":false", "\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User: alice is not authorized\",\"readOnly\":false");
    private static final String UNAUTHORIZED_OPERATION = CREATE_USER.replace("\"readOnly\":false", "\"errorCode\":\"Client.UnauthorizedOperation\",\"readOnly\":false");

    // the syntax page's space-delimited example: an Apache access log
    private static final String APACHE_200 = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534";
    private static final String APACHE_500 = "127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] \"GET /apache_pb.gif HTTP/1.0\" 500 5324";
    private static final String APACHE_200_SMALL = "127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 435";
    private static final String APACHE_404 = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534";
    private static final String APACHE_403 = "127.0.0.1 - frank [10/Oct/2000:13:26:15 -0700] \"GET /admin.html HTTP/1.0\" 403 2010";

    @Test
    void emptyPatternMatchesEverything()
    {
        for (String pattern : List.of("", "   ", "\"\"")) {
            FilterPattern filter = FilterPattern.parse(pattern);
            assertThat(filter.kind()).isEqualTo(FilterPattern.Kind.TERMS);
            assertThat(filter.matches("anything")).isTrue();
            assertThat(filter.matches("")).isTrue();
            assertThat(filter.matches(CREATE_USER)).isTrue();
        }
    }

    @Test
    void singleTerm()
    {
        // terms match anywhere, inside words too
        assertMatches("ERROR", "[ERROR] A fatal exception has occurred", "Exiting with ERRORCODE: -1", "[ERROR 400] BAD REQUEST");
        assertNoMatch("ERROR", "[WARN] low disk", "");
        // case-sensitive
        assertNoMatch("error", "[ERROR] A fatal exception has occurred");
        assertNoMatch("ERROR", "error: lower case");
    }

    @Test
    void termsMustAllAppear()
    {
        assertMatches("ERROR Exception", "[ERROR] Caught IllegalArgumentException", "[ERROR] Unhandled Exception");
        assertNoMatch("ERROR Exception", "[ERROR] A fatal exception has occurred", "Exception in thread main");
        // each word is a term, found in any order
        assertMatches("Failed to process the request", "[WARN] Failed to process the request", "[ERROR] Unable to continue: Failed to process the request",
                "the request: Failed to process");
        assertNoMatch("Failed to process the request", "[WARN] Failed to process");
    }

    @Test
    void quotedPhrases()
    {
        assertMatches("\"Failed to process the request\"", "[WARN] Failed to process the request");
        assertNoMatch("\"Failed to process the request\"", "the request: Failed to process");
        assertMatches("\"Failed authentication\"", "ConsoleLogin: Failed authentication for alice");
        assertMatches("\"INTERNAL SERVER ERROR\" \"[ERROR 500]\"", "[ERROR 500] INTERNAL SERVER ERROR");
        // backslash escapes a quote or a backslash, as the AWS CDK quotes terms
        assertMatches("\"say \\\"hi\\\"\"", "they say \"hi\" twice");
        assertMatches("\"C:\\\\temp\"", "wrote C:\\temp\\out");
        assertMatches("\"C:\\temp\"", "wrote C:\\temp\\out");
    }

    @Test
    void excludedTerms()
    {
        // "ERROR" -"Exiting"
        assertMatches("\"ERROR\" -\"Exiting\"", "[ERROR] A fatal exception has occurred");
        assertNoMatch("\"ERROR\" -\"Exiting\"", "Exiting with ERRORCODE: -1");
        assertMatches("-ERROR", "[WARN] low disk");
        assertNoMatch("-ERROR", "[ERROR] low disk");
    }

    @Test
    void orTerms()
    {
        // the syntax page's three messages: ERROR matches 1 and 2, ?ERROR ?WARN all three, ERROR WARN only 1,
        // ERROR -WARN only 2
        String both = "ERROR WARN message";
        String error = "ERROR message";
        String warn = "WARN message";
        assertMatchesExactly("ERROR", List.of(both, error), List.of(warn));
        assertMatchesExactly("?ERROR ?WARN", List.of(both, error, warn), List.of("INFO message"));
        assertMatchesExactly("ERROR WARN", List.of(both), List.of(error, warn));
        assertMatchesExactly("ERROR -WARN", List.of(error), List.of(both, warn));
        // Lightsail's GetContainerLog documents the same forms
        assertMatchesExactly("?ERROR ?Exception", List.of("ERROR x", "an Exception"), List.of("INFO"));
    }

    @Test
    void orTermGroups()
    {
        // what the AWS CDK's FilterPattern.anyTermGroup(["ERROR", "MainThread"], ["WARN", "Deadlock"]) writes
        String pattern = "?\"ERROR\" \"MainThread\" ?\"WARN\" \"Deadlock\"";
        assertMatchesExactly(pattern,
                List.of("ERROR in MainThread", "WARN Deadlock found", "MainThread WARN Deadlock"),
                List.of("ERROR in worker", "WARN MainThread", "Deadlock"));
        // exclusions belong to their alternative
        assertMatchesExactly("?ERROR -retry ?FATAL", List.of("ERROR once", "FATAL retry"), List.of("ERROR retry", "WARN"));
    }

    @Test
    void regexTerms()
    {
        // the regex page
        assertMatches("%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST", "[SUCCESS 200] AUTHORIZED REQUEST");
        assertMatchesExactly("%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%", List.of("from 10.0.0.1 port 22"), List.of("from host port 22"));
        assertMatchesExactly("%[Ee]rror|[Ff]ail%", List.of("Error: x", "error: x", "Fail", "will fail"), List.of("ERROR", "FAIL"));
        assertMatchesExactly("%^[hc]at%", List.of("hat trick", "cat"), List.of("a cat"));
        assertMatchesExactly("%colou?r%", List.of("color", "colour"), List.of("colr"));
        assertMatchesExactly("%10\\.10\\.0\\.1%", List.of("host 10.10.0.1"), List.of("host 10a10b0c1"));
        // combined with other terms, and excluded
        assertMatchesExactly("ERROR -%[0-9]{3}%", List.of("ERROR no code"), List.of("ERROR 500"));
    }

    @Test
    void jsonSingleConditions()
    {
        // every filter the syntax page lists as matching its example
        assertMatches("{ $.eventType = \"UpdateTrail\" }", TRAIL_EVENT);
        assertMatches("{ $.sourceIPAddress != 123.123.* }", TRAIL_EVENT);
        assertMatches("{ $.arrayKey[0] = \"value\" }", TRAIL_EVENT);
        assertMatches("{ $.objectList[1].id = 2 }", TRAIL_EVENT);
        assertMatches("{ $.SomeObject IS NULL }", TRAIL_EVENT);
        assertMatches("{ $.SomeOtherObject NOT EXISTS }", TRAIL_EVENT);
        assertMatches("{ $.ThisFlag IS TRUE }", TRAIL_EVENT);

        // and their counterparts
        assertNoMatch("{ $.eventType = \"CreateTrail\" }", TRAIL_EVENT);
        assertNoMatch("{ $.eventType != \"UpdateTrail\" }", TRAIL_EVENT);
        assertNoMatch("{ $.sourceIPAddress != 111.111.* }", TRAIL_EVENT);
        assertNoMatch("{ $.arrayKey[1] = \"value\" }", TRAIL_EVENT);
        assertNoMatch("{ $.arrayKey[2] = \"value\" }", TRAIL_EVENT);
        assertNoMatch("{ $.objectList[0].id = 2 }", TRAIL_EVENT);
        assertNoMatch("{ $.ThisFlag IS FALSE }", TRAIL_EVENT);
        assertNoMatch("{ $.eventType IS NULL }", TRAIL_EVENT);
        assertNoMatch("{ $.SomeOtherObject IS NULL }", TRAIL_EVENT);
        assertNoMatch("{ $.SomeObject NOT EXISTS }", TRAIL_EVENT);
        assertNoMatch("{ $.eventType NOT EXISTS }", TRAIL_EVENT);
        // "If arrayKey is not an array this will be false", and likewise for objects
        assertNoMatch("{ $.eventType[0] = \"UpdateTrail\" }", TRAIL_EVENT);
        assertNoMatch("{ $.arrayKey.name = \"value\" }", TRAIL_EVENT);
        assertMatches("{ $.eventType.name NOT EXISTS }", TRAIL_EVENT);
        // IS TRUE and IS FALSE want booleans
        assertMatches("{ $.flag IS FALSE }", "{\"flag\": false}");
        assertNoMatch("{ $.flag IS TRUE }", "{\"flag\": \"true\"}", "{\"flag\": 1}", "{}");
    }

    @Test
    void jsonOrConditions()
    {
        // {$.foo = bar} matches 1, {$.foo = baz } matches 2, {$.foo = bar || $.foo = baz } both
        String bar = "{\"foo\": \"bar\"}";
        String baz = "{\"foo\": \"baz\"}";
        assertMatchesExactly("{$.foo = bar}", List.of(bar), List.of(baz));
        assertMatchesExactly("{$.foo = baz }", List.of(baz), List.of(bar));
        assertMatchesExactly("{$.foo = bar || $.foo = baz }", List.of(bar, baz), List.of("{\"foo\": \"qux\"}"));
    }

    @Test
    void jsonCompoundConditions()
    {
        // the syntax page's four examples, and "() > && > ||"
        assertMatches("{ ($.user.id = 1) && ($.users[0].email = \"John.Doe@example.com\") }", USERS_EVENT);
        assertNoMatch("{ ($.user.id = 2 && $.users[0].email = \"nonmatch\") || $.actions[2] = \"GET\" }", USERS_EVENT);
        assertMatches("{ $.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }", USERS_EVENT);
        assertNoMatch("{ ($.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }", USERS_EVENT);

        assertMatches("{ $.coordinates[2][0] = 7 && $.actions[1] = PUT }", USERS_EVENT);
        assertMatches("{ (($.user.id = 1)) }", USERS_EVENT);
        assertMatches("{ $.user.id = 9 || $.user.id = 8 || $.user.id = 1 }", USERS_EVENT);
        assertNoMatch("{ $.user.id = 1 && $.user.id = 8 && $.user.id = 1 }", USERS_EVENT);
    }

    @Test
    void jsonSelectorMustNameAValue()
    {
        // "both {$.users = 1} and {$.users != 1} will fail to match a log event where users is an array"
        String users = "{\"users\": [1, 2, 3], \"owner\": {\"id\": 1}, \"none\": null}";
        assertNoMatch("{$.users = 1}", users);
        assertNoMatch("{$.users != 1}", users);
        assertNoMatch("{$.owner != 1}", users);
        assertNoMatch("{$.owner = *}", users);
        assertNoMatch("{$.none != 1}", users);
        assertNoMatch("{$.none = *}", users);
        // and a comparison with what is not there is false too
        assertNoMatch("{$.missing != 1}", users);
        assertNoMatch("{$.missing != \"x\"}", users);
        assertMatches("{$.users[0] = 1}", users);
    }

    @Test
    void jsonNumericComparisons()
    {
        // the syntax page's numeric examples
        assertMatchesExactly("{ $.latency >= 500 }", List.of("{\"latency\": 500}", "{\"latency\": 500.5}"), List.of("{\"latency\": 499.99}"));
        assertMatchesExactly("{ $.numbers[0] < 10e3 }", List.of("{\"numbers\": [9999]}"), List.of("{\"numbers\": [10000]}", "{\"numbers\": [1e4]}"));
        assertMatchesExactly("{ $.numbers[0] < 10e-3 }", List.of("{\"numbers\": [0.0099]}"), List.of("{\"numbers\": [0.01]}"));
        assertMatchesExactly("{ $.processes[4].averageRuntime <= 55.5 }",
                List.of("{\"processes\": [{}, {}, {}, {}, {\"averageRuntime\": 55.5}]}"),
                List.of("{\"processes\": [{}, {}, {}, {}, {\"averageRuntime\": 55.51}]}", "{\"processes\": [{\"averageRuntime\": 1}]}"));
        assertMatchesExactly("{ $.errorCode = 400 }", List.of("{\"errorCode\": 400}", "{\"errorCode\": 400.0}", "{\"errorCode\": 4e2}"), List.of("{\"errorCode\": 401}"));
        assertMatchesExactly("{ $.errorCode != 500 }", List.of("{\"errorCode\": 400}"), List.of("{\"errorCode\": 500}", "{}"));
        assertMatchesExactly("{ $.latency > +1000 }", List.of("{\"latency\": 1000.001}"), List.of("{\"latency\": 1000}", "{\"latency\": -2000}"));
        assertMatches("{ $.delta > -5 }", "{\"delta\": -4}");
        // exact decimals, not doubles
        assertMatches("{ $.ratio = 0.3 }", "{\"ratio\": 0.30}");
        assertNoMatch("{ $.ratio > 0.1 }", "{\"ratio\": 0.1}");
        // a string that spells a number compares as one (CloudTrail writes account ids as strings)
        assertMatches("{ $.recipientAccountId = 123456789012 }", CREATE_USER);
        assertMatches("{ $.eventVersion >= 1.10 }", CREATE_USER);
        // anything else compares false, whatever the operator
        assertNoMatch("{ $.eventName > 5 }", CREATE_USER);
        assertNoMatch("{ $.eventName != 5 }", CREATE_USER);
        assertNoMatch("{ $.readOnly != 5 }", CREATE_USER);
    }

    @Test
    void stringWildcards()
    {
        // "*Event will match PutEvent and GetEvent. Event* will match EventId and EventName. Ev*ent will only match
        // the actual string Ev*ent"
        assertMatchesExactly("{ $.name = *Event }", List.of("{\"name\": \"PutEvent\"}", "{\"name\": \"GetEvent\"}", "{\"name\": \"Event\"}"), List.of("{\"name\": \"EventId\"}"));
        assertMatchesExactly("{ $.name = Event* }", List.of("{\"name\": \"EventId\"}", "{\"name\": \"EventName\"}"), List.of("{\"name\": \"PutEvent\"}"));
        assertMatchesExactly("{ $.name = Ev*ent }", List.of("{\"name\": \"Ev*ent\"}"), List.of("{\"name\": \"Event\"}", "{\"name\": \"Evxent\"}"));
        assertMatchesExactly("{ $.name = *vent* }", List.of("{\"name\": \"PutEvents\"}", "{\"name\": \"vent\"}"), List.of("{\"name\": \"Even\"}"));
        // quoted values take wildcards too
        assertMatchesExactly("{ $.eventName = \"Describe*\" }", List.of("{\"eventName\": \"DescribeTrails\"}"), List.of("{\"eventName\": \"ListTrails\"}"));
        // "*" is any value: how the syntax page publishes latency, and the AWS CDK's FilterPattern.exists
        FilterPattern latency = FilterPattern.parse("{ $.latency = * }");
        assertThat(latency.matches("{\"latency\": 120}")).isTrue();
        assertThat(latency.matches("{\"latency\": \"slow\"}")).isTrue();
        assertThat(latency.matches("{\"other\": 120}")).isFalse();
        // a number's text takes wildcards
        assertMatches("{ $.status = 4* }", "{\"status\": 404}");
    }

    @Test
    void jsonRegex()
    {
        assertMatchesExactly("{ $.eventName = %^[CD]% }",
                List.of("{\"eventName\": \"CreateUser\"}", "{\"eventName\": \"DeleteUser\"}"), List.of("{\"eventName\": \"UpdateUser\"}"));
        assertMatchesExactly("{ $.eventName != %User$% }", List.of("{\"eventName\": \"CreateRole\"}"), List.of("{\"eventName\": \"CreateUser\"}", "{}"));
        // up to two regular expressions in a JSON or space-delimited pattern
        assertMatches("{ $.a = %^x% && $.b = %y$% }", "{\"a\": \"xa\", \"b\": \"by\"}");
        // braces inside a regex do not close the pattern
        assertMatchesExactly("{ $.code = %^[0-9]{3}$% }", List.of("{\"code\": \"404\"}", "{\"code\": 404}"), List.of("{\"code\": \"4040\"}"));
    }

    @Test
    void jsonCompactForms()
    {
        assertMatches("{$.eventName=CreateUser}", CREATE_USER);
        assertMatches("{($.eventName=DeleteUser)||($.eventName=CreateUser)}", CREATE_USER);
        assertMatches("{$.userIdentity.type!=Root&&$.readOnly IS FALSE}", CREATE_USER);
        assertMatches("  { $.eventName = CreateUser }  ", CREATE_USER);
        assertMatches("{\n  $.eventName = CreateUser\n}", CREATE_USER);
        // a property name holds letters, digits, '-' and '_'
        assertMatches("{ $.x-amz_id-2 = abc }", "{\"x-amz_id-2\": \"abc\"}");
        // unquoted strings hold letters, digits and _-.*+:/
        assertMatches("{ $.arn = arn:aws:iam::123456789012:user/alice }", "{\"arn\": \"arn:aws:iam::123456789012:user/alice\"}");
    }

    @Test
    void jsonPatternsMatchOnlyJsonObjects()
    {
        FilterPattern pattern = FilterPattern.parse("{ $.eventName = * }");
        assertThat(pattern.kind()).isEqualTo(FilterPattern.Kind.JSON);
        assertThat(pattern.matches("eventName=CreateUser")).isFalse();
        assertThat(pattern.matches("")).isFalse();
        assertThat(pattern.matches("[{\"eventName\": \"CreateUser\"}]")).isFalse();
        assertThat(pattern.matches("{\"eventName\": \"CreateUser\"")).isFalse();
        assertThat(pattern.matches("{\"eventName\": \"CreateUser\"} trailing")).isFalse();
        assertThat(pattern.matches("{\"eventName\": \"CreateUser\"}{}")).isFalse();
        assertThat(pattern.matches("2024-05-01T12:00:00Z INFO {\"eventName\": \"CreateUser\"}")).isFalse();
        assertThat(pattern.matches("  {\"eventName\": \"CreateUser\"}\n")).isTrue();
    }

    @Test
    void cloudTrailRecords()
    {
        assertMatchesExactly("{ $.eventName = \"CreateUser\" }", List.of(CREATE_USER), List.of(FAILED_CONSOLE_LOGIN, ROOT_CALL));
        assertMatchesExactly("{ ($.eventName = \"ConsoleLogin\") && ($.errorMessage = \"Failed authentication\") }",
                List.of(FAILED_CONSOLE_LOGIN), List.of(CREATE_USER, FAILED_CONSOLE_LOGIN.replace("Failed authentication", "Other")));
        assertMatches("{ $.userIdentity.type = IAMUser && $.requestParameters.userName = bob && $.responseElements.user.userName = bob }", CREATE_USER);
        assertMatches("{ $.requestParameters IS NULL }", FAILED_CONSOLE_LOGIN);
        assertMatches("{ $.readOnly IS FALSE && $.managementEvent IS TRUE }", CREATE_USER);
    }

    @Test
    void cisBenchmarkAlarms()
    {
        // root account usage
        assertMatchesExactly("{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }",
                List.of(ROOT_CALL), List.of(ROOT_INVOKED_BY_SERVICE, ROOT_SERVICE_EVENT, CREATE_USER));
        // unauthorized API calls, in the older and the current form
        assertMatchesExactly("{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }",
                List.of(ACCESS_DENIED, UNAUTHORIZED_OPERATION), List.of(CREATE_USER));
        assertMatchesExactly("{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") && ($.sourceIPAddress!=\"delivery.logs.amazonaws.com\") && ($.eventName!=\"HeadBucket\") }",
                List.of(ACCESS_DENIED, UNAUTHORIZED_OPERATION), List.of(CREATE_USER, ACCESS_DENIED.replace("\"CreateUser\"", "\"HeadBucket\"")));
        // console sign-in without MFA, and authentication failures
        assertMatches("{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") }", FAILED_CONSOLE_LOGIN);
        assertMatches("{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }", FAILED_CONSOLE_LOGIN);
        // IAM policy changes: unquoted names, no spaces
        String iamPolicyChanges = "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)"
                + "||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)"
                + "||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)"
                + "||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)"
                + "||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}";
        assertMatchesExactly(iamPolicyChanges, List.of(CREATE_USER.replace("\"CreateUser\"", "\"PutUserPolicy\"")), List.of(CREATE_USER));
        // CloudTrail configuration changes
        assertMatchesExactly("{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
                List.of(CREATE_USER.replace("\"CreateUser\"", "\"StopLogging\"")), List.of(CREATE_USER));
        // disabled or deleted customer managed keys, and bucket policy changes: unquoted dotted sources
        assertMatchesExactly("{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }",
                List.of(CREATE_USER.replace("iam.amazonaws.com", "kms.amazonaws.com").replace("\"CreateUser\"", "\"DisableKey\"")),
                List.of(CREATE_USER.replace("\"CreateUser\"", "\"DisableKey\"")));
        assertMatches("{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors)"
                + " || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy)"
                + " || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }", ROOT_CALL);
    }

    @Test
    void spaceDelimitedFields()
    {
        FilterPattern all = FilterPattern.parse("[ip, user, username, timestamp, request, status_code, bytes]");
        assertThat(all.kind()).isEqualTo(FilterPattern.Kind.SPACE_DELIMITED);
        assertThat(all.matches(APACHE_200)).isTrue();
        // as many fields as the pattern, without '...'
        assertThat(all.matches(APACHE_200 + " extra")).isFalse();
        assertThat(all.matches("127.0.0.1 - frank")).isFalse();
        assertThat(all.match(APACHE_200).orElseThrow().extractedValues()).containsExactly(
                entry("$ip", "127.0.0.1"),
                entry("$user", "-"),
                entry("$username", "frank"),
                entry("$timestamp", "10/Oct/2000:13:25:15 -0700"),
                entry("$request", "GET /apache_pb.gif HTTP/1.0"),
                entry("$status_code", "200"),
                entry("$bytes", "1534"));

        // '...' for any number of fields
        assertMatches("[..., status_code, bytes]", APACHE_200, "200 1534");
        assertNoMatch("[..., status_code, bytes]", "1534");
        assertMatches("[ip, user, ..., status_code, bytes]", APACHE_200, "a b c d");
        assertNoMatch("[ip, user, ..., status_code, bytes]", "a b c");
        assertMatches("[ip, user, ...]", APACHE_200, "a b");
        assertMatches("[...]", APACHE_200, "");
    }

    @Test
    void spaceDelimitedConditions()
    {
        List<String> log = List.of(APACHE_200, APACHE_500, APACHE_200_SMALL, APACHE_404, APACHE_403);
        assertMatching("[ip, user, username, timestamp, request, status_code, bytes > 1000]", log, APACHE_200, APACHE_500, APACHE_404, APACHE_403);
        assertMatching("[ip, user, username, timestamp, request, status_code = 200, bytes]", log, APACHE_200, APACHE_200_SMALL);
        assertMatching("[ip, user, username, timestamp, request, status_code = 4*, bytes]", log, APACHE_404, APACHE_403);
        assertMatching("[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", log, APACHE_404, APACHE_403);
        assertMatching("[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]", log, APACHE_404);
        assertMatching("[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]", log, APACHE_404, APACHE_403);
        assertMatching("[ip, user, username, timestamp, request, status_code >= 400 && status_code < 500, bytes <= 2010]", log, APACHE_404, APACHE_403);
        assertMatching("[ip, user = -, username = \"frank\", ...]", log, log.toArray(String[]::new));
        assertMatching("[..., request = %admin%, status_code, bytes]", log, APACHE_403);
        assertMatching("[ip, user, username != frank, ...]", log);
    }

    @Test
    void spaceDelimitedOr()
    {
        // [w1=ERROR, w2] matches "ERROR message", [w1=ERROR || w1=WARN, w2] also "WARN message"; neither matches the
        // three words of "ERROR WARN message"
        String both = "ERROR WARN message";
        String error = "ERROR message";
        String warn = "WARN message";
        assertMatchesExactly("[w1=ERROR, w2]", List.of(error), List.of(both, warn));
        assertMatchesExactly("[w1=ERROR || w1=WARN, w2]", List.of(error, warn), List.of(both, "INFO message"));
        // the page says [w1!=ERROR&&w1!=WARN, w2] matches "ERROR WARN message", which has three fields, not two: what
        // it matches is any two fields not led by ERROR or WARN
        assertMatchesExactly("[w1!=ERROR&&w1!=WARN, w2]", List.of("INFO message"), List.of(both, error, warn));
        assertMatchesExactly("[w1, (w2 = ERROR || w2 = WARN) && w2 != INFO, ...]", List.of("at ERROR x", "at WARN", both), List.of("at INFO x", "ERROR"));
    }

    @Test
    void spaceDelimitedExtractedValues()
    {
        // the syntax page's extracted fields: named fields by name, the others by position
        FilterPattern pattern = FilterPattern.parse("[..., request=*.html*, status_code=4*,]");
        assertThat(pattern.match(APACHE_404).orElseThrow().extractedValues()).containsExactly(
                entry("$1", "127.0.0.1"),
                entry("$2", "-"),
                entry("$3", "frank"),
                entry("$4", "10/Oct/2000:13:25:15 -0700"),
                entry("$request", "GET /index.html HTTP/1.0"),
                entry("$status_code", "404"),
                entry("$7", "1534"));
        assertThat(pattern.matches(APACHE_200)).isFalse();
    }

    @Test
    void spaceDelimitedMessageFields()
    {
        assertThat(DelimitedPattern.split("  a  \"b c\"\t[d e] f\"g [h \"unclosed")).containsExactly("a", "b c", "d e", "f\"g", "[h", "\"unclosed");
        assertThat(DelimitedPattern.split("[nested [x] y]")).containsExactly("nested [x", "y]");
        assertThat(DelimitedPattern.split("\"\" []")).containsExactly("", "");
        assertThat(DelimitedPattern.split("")).isEmpty();
    }

    @Test
    void metricValues()
    {
        // metricFilter: { $.latency = * } metricValue: $.latency
        FilterPattern latency = FilterPattern.parse("{ $.latency = * }");
        assertThat(latency.supportsValueSelector("$.latency")).isTrue();
        assertThat(latency.supportsValueSelector("$.a[0].b")).isTrue();
        assertThat(latency.supportsValueSelector("$latency")).isFalse();
        assertThat(latency.supportsValueSelector("$.latency extra")).isFalse();
        assertThat(latency.value("{\"latency\": 120, \"other\": {\"ms\": 7.25}, \"list\": [3]}", "$.latency")).contains("120");
        assertThat(latency.value("{\"latency\": 120, \"other\": {\"ms\": 7.25}, \"list\": [3]}", "$.other.ms")).contains("7.25");
        assertThat(latency.value("{\"latency\": 120, \"other\": {\"ms\": 7.25}, \"list\": [3]}", "$.list[0]")).contains("3");
        assertThat(latency.value("{\"latency\": 120, \"other\": {}}", "$.other")).isEmpty();
        assertThat(latency.value("{\"latency\": 120}", "$.missing")).isEmpty();
        assertThat(latency.value("{\"latency\": 120}", "$bytes")).isEmpty();
        // no value from a message that does not match
        assertThat(latency.value("{\"other\": 120}", "$.other")).isEmpty();
        assertThat(latency.value("latency 120", "$.latency")).isEmpty();

        FilterPattern bytes = FilterPattern.parse("[ip, user, username, timestamp, request, status_code = 4*, bytes]");
        assertThat(bytes.supportsValueSelector("$bytes")).isTrue();
        assertThat(bytes.supportsValueSelector("$status_code")).isTrue();
        assertThat(bytes.supportsValueSelector("$size")).isFalse();
        assertThat(bytes.supportsValueSelector("bytes")).isFalse();
        assertThat(bytes.supportsValueSelector("$.bytes")).isFalse();
        assertThat(bytes.value(APACHE_404, "$bytes")).contains("1534");
        assertThat(bytes.value(APACHE_200, "$bytes")).isEmpty();

        FilterPattern terms = FilterPattern.parse("ERROR");
        assertThat(terms.supportsValueSelector("$.latency")).isFalse();
        assertThat(terms.match("ERROR").orElseThrow().extractedValues()).isEmpty();
        assertThat(terms.value("ERROR", "$.latency")).isEmpty();
    }

    @Test
    void keepsThePatternAsWritten()
    {
        FilterPattern pattern = FilterPattern.parse(" { $.a = 1 } ");
        assertThat(pattern.pattern()).isEqualTo(" { $.a = 1 } ");
        assertThat(pattern).hasToString(" { $.a = 1 } ");
    }

    @ParameterizedTest
    @MethodSource
    void rejectsInvalidPatterns(String pattern, String problem)
    {
        assertThatThrownBy(() -> FilterPattern.parse(pattern))
                .isInstanceOf(InvalidFilterPatternException.class)
                .hasMessageStartingWith("Invalid filter pattern: ")
                .hasMessageContaining(problem);
    }

    static Stream<Arguments> rejectsInvalidPatterns()
    {
        return Stream.of(
                // terms
                Arguments.of("-", "expected a term after '-'"),
                Arguments.of("ERROR ?", "expected a term after '?'"),
                Arguments.of("ERROR - Exiting", "expected a term after '-'"),
                Arguments.of("\"unterminated", "unterminated quoted string"),
                Arguments.of("ab\"cd\"", "a quote inside a term"),
                Arguments.of("\"ab\"cd", "expected a space after a term"),
                // regular expressions, as the regex page limits them
                Arguments.of("%something!%", "'!' is not supported in a regular expression"),
                Arguments.of("%(ERROR|WARN)%", "'(' is not supported in a regular expression"),
                Arguments.of("%two words%", "' ' is not supported in a regular expression"),
                Arguments.of("%caf\u00e9%", "'\u00e9' is not supported in a regular expression"),
                Arguments.of("%%", "empty regular expression"),
                Arguments.of("%ERROR", "unterminated regular expression"),
                Arguments.of("%[a-z%", "invalid regular expression"),
                Arguments.of("%a{2,1}%", "invalid regular expression"),
                Arguments.of("{ $.a = %a% || $.b = %b% || $.c = %c% }", "at most 2 regular expressions"),
                Arguments.of("[a = %a%, b = %b%, c = %c%]", "at most 2 regular expressions"),
                // JSON
                Arguments.of("{", "expected a selector starting with '$'"),
                Arguments.of("{ }", "empty JSON pattern"),
                Arguments.of("{ $.eventName = \"CreateUser\"", "expected '&&', '||' or '}'"),
                Arguments.of("{ eventName = CreateUser }", "expected a selector starting with '$'"),
                Arguments.of("{ $eventName = CreateUser }", "expected '.' and a property name after '$'"),
                Arguments.of("{ $ = CreateUser }", "expected '.' and a property name after '$'"),
                Arguments.of("{ $.eventName. = CreateUser }", "expected a property name after '.'"),
                Arguments.of("{ $.* = CreateUser }", "expected a property name after '.'"),
                Arguments.of("{ $.users[*] = 1 }", "expected an array index"),
                Arguments.of("{ $.users[] = 1 }", "expected an array index"),
                Arguments.of("{ $.users[99999999999] = 1 }", "array index too large"),
                Arguments.of("{ $.eventName CreateUser }", "expected an operator"),
                Arguments.of("{ $.eventName == CreateUser }", "'==' is not an operator"),
                Arguments.of("{ $.eventName = }", "expected a value after '='"),
                Arguments.of("{ $.eventName = \"CreateUser }", "unterminated quoted string"),
                Arguments.of("{ $.email = john@example.com }", "'@' in a value needs the value in double quotes"),
                Arguments.of("{ $.price = $5 }", "'$' in a value needs the value in double quotes"),
                Arguments.of("{ $.name = Jos\u00e9 }", "'\u00e9' in a value needs the value in double quotes"),
                Arguments.of("{ $.latency > slow }", "'>' needs a number"),
                Arguments.of("{ $.latency >= \"5\" }", "'>=' needs a number"),
                Arguments.of("{ $.latency < %5% }", "'<' needs a number"),
                Arguments.of("{ $.latency > 1.5.2 }", "'>' needs a number"),
                Arguments.of("{ $.a IS }", "expected NULL, TRUE or FALSE after IS"),
                Arguments.of("{ $.a IS NOTNULL }", "expected NULL, TRUE or FALSE after IS"),
                Arguments.of("{ $.a is null }", "expected an operator"),
                Arguments.of("{ $.a NOT THERE }", "expected EXISTS after NOT"),
                Arguments.of("{ ($.a = 1 }", "expected ')' to close the '('"),
                Arguments.of("{ $.a = 1) }", "expected '&&', '||' or '}'"),
                Arguments.of("{ $.a = 1 & $.b = 2 }", "expected '&&', '||' or '}'"),
                Arguments.of("{ $.a = 1 && }", "expected a selector starting with '$'"),
                Arguments.of("{ $.a = 1 } AND MORE", "unexpected text after the JSON pattern's closing '}'"),
                Arguments.of("{ " + "(".repeat(100) + "$.a = 1" + ")".repeat(100) + " }", "parentheses nested too deeply"),
                // space-delimited
                Arguments.of("[]", "needs at least one field"),
                Arguments.of("[ip, user", "expected ',' or ']' after a field"),
                Arguments.of("[ip user]", "expected an operator"),
                Arguments.of("[ip, ..., bytes, ...]", "'...' may appear only once"),
                Arguments.of("[ip, ip]", "field 'ip' appears twice"),
                Arguments.of("[ip, status = 200, status]", "field 'status' appears twice"),
                Arguments.of("[status_code = 4* && bytes > 1000, bytes]", "must all name that field"),
                Arguments.of("[a IS NULL]", "expected an operator (=, !=, <, <=, >, >=)"),
                Arguments.of("[bytes > large]", "'>' needs a number"),
                Arguments.of("[$ip]", "expected a field name"),
                Arguments.of("[ip] extra", "unexpected text after the space-delimited pattern's closing ']'"));
    }

    @Test
    void errorsSayWhere()
    {
        assertThatThrownBy(() -> FilterPattern.parse("{ $.latency > slow }"))
                .isInstanceOfSatisfying(InvalidFilterPatternException.class, e -> {
                    assertThat(e.position()).isEqualTo(14);
                    assertThat(e.problem()).isEqualTo("'>' needs a number; 'slow', which is not a number, takes only '=' or '!='");
                })
                .hasMessage("Invalid filter pattern: '>' needs a number; 'slow', which is not a number, takes only '=' or '!=' (at offset 14)");
        assertThatThrownBy(() -> FilterPattern.parse("%something!%"))
                .isInstanceOfSatisfying(InvalidFilterPatternException.class, e -> assertThat(e.position()).isEqualTo(10));
    }

    private static void assertMatches(String pattern, String... messages)
    {
        FilterPattern filter = FilterPattern.parse(pattern);
        for (String message : messages) {
            assertThat(filter.matches(message)).as("%s matches %s", pattern, message).isTrue();
        }
    }

    private static void assertNoMatch(String pattern, String... messages)
    {
        FilterPattern filter = FilterPattern.parse(pattern);
        for (String message : messages) {
            assertThat(filter.matches(message)).as("%s does not match %s", pattern, message).isFalse();
        }
    }

    private static void assertMatchesExactly(String pattern, List<String> matching, List<String> others)
    {
        assertMatches(pattern, matching.toArray(String[]::new));
        assertNoMatch(pattern, others.toArray(String[]::new));
    }

    /** Which of {@code messages}, in order, {@code pattern} matches. */
    private static void assertMatching(String pattern, List<String> messages, String... expected)
    {
        FilterPattern filter = FilterPattern.parse(pattern);
        assertThat(messages.stream().filter(filter::matches).toList()).as(pattern).containsExactly(expected);
    }
}
