package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An in-memory DuckDB with CloudTrail-events tables, each behind the view {@link LakeSql#viewName} names, prepared
 * as the Lake engine prepares its connections ({@link LakeSql#sessionMacros()}).
 */
final class TestingLakeTables
        implements AutoCloseable
{
    static final String COLUMNS = """
            eventVersion VARCHAR,
            userIdentity STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, accessKeyId VARCHAR, userName VARCHAR,
                sessionContext STRUCT(attributes STRUCT(creationDate VARCHAR, mfaAuthenticated VARCHAR),
                    sessionIssuer STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, userName VARCHAR),
                    webIdFederationData STRUCT(federatedProvider VARCHAR, attributes MAP(VARCHAR, VARCHAR)),
                    sourceIdentity VARCHAR, ec2RoleDelivery VARCHAR, ec2IssuedInVPC VARCHAR),
                invokedBy VARCHAR, identityProvider VARCHAR, credentialId VARCHAR, onBehalfOf STRUCT(userId VARCHAR, identityStoreArn VARCHAR)),
            eventTime TIMESTAMP,
            eventSource VARCHAR, eventName VARCHAR, awsRegion VARCHAR, sourceIPAddress VARCHAR, userAgent VARCHAR, errorCode VARCHAR, errorMessage VARCHAR,
            requestParameters MAP(VARCHAR, VARCHAR), responseElements MAP(VARCHAR, VARCHAR), additionalEventData MAP(VARCHAR, VARCHAR),
            requestID VARCHAR, eventID VARCHAR, readOnly BOOLEAN,
            resources STRUCT(accountId VARCHAR, type VARCHAR, arn VARCHAR)[],
            eventType VARCHAR, apiVersion VARCHAR, managementEvent BOOLEAN,
            recipientAccountId VARCHAR, sharedEventID VARCHAR, annotation VARCHAR, vpcEndpointId VARCHAR, serviceEventDetails VARCHAR,
            addendum STRUCT(reason VARCHAR, updatedFields VARCHAR, originalRequestID VARCHAR, originalEventID VARCHAR),
            eventCategory VARCHAR,
            tlsDetails STRUCT(tlsVersion VARCHAR, cipherSuite VARCHAR, clientProvidedHostHeader VARCHAR),
            sessionCredentialFromConsole VARCHAR,
            eventDate DATE
            """;

    private final Connection connection;

    TestingLakeTables()
            throws SQLException
    {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            for (String sql : LakeSql.sessionMacros()) {
                statement.execute(sql);
            }
        }
    }

    /** The first store of {@link #standard()}. */
    static final String STORE = "EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE";
    /** The second store of {@link #standard()}. */
    static final String OTHER_STORE = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

    /**
     * Two stores: {@link #STORE} with eleven events of S3, STS, IAM, sign-in, EC2, RDS and Config in January, July and
     * November 2023, and {@link #OTHER_STORE} with two events of another account.
     */
    static TestingLakeTables standard()
            throws SQLException
    {
        String admin = "arn:aws:iam::111122223333:role/admin";
        List<Event> events = List.of(
                new Event("e01", "2023-01-02 10:00:00", "s3.amazonaws.com", "GetObject")
                        .set("eventCategory", "Data").set("managementEvent", "false")
                        .requestParameters(Map.of("bucketName", "demo-bucket", "key", "a.txt", "Host", "demo-bucket.s3.amazonaws.com"))
                        .resources("AWS::S3::Object", "arn:aws:s3:::demo-bucket/a.txt", "AWS::S3::Bucket", "arn:aws:s3:::demo-bucket"),
                new Event("e02", "2023-01-03 11:30:00", "s3.amazonaws.com", "GetObject")
                        .set("eventCategory", "Data").set("managementEvent", "false")
                        .set("errorCode", "AccessDenied").set("errorMessage", "Access Denied")
                        .requestParameters(Map.of("bucketName", "demo-bucket", "key", "b.txt"))
                        .additionalEventData(Map.of("aclRequired", "Yes"))
                        .resources("AWS::S3::Object", "arn:aws:s3:::demo-bucket/b.txt", "AWS::S3::Bucket", "arn:aws:s3:::demo-bucket"),
                new Event("e03", "2023-01-03 12:00:00", "sts.amazonaws.com", "AssumeRole")
                        .requestParameters(Map.of("roleArn", admin, "roleSessionName", "alice@example.com"))
                        .responseElements(Map.of("credentials", "{\"accessKeyId\":\"ASIAEXAMPLEKEY\",\"expiration\":\"Jan 3, 2023, 1:00:00 PM\"}",
                                "assumedRoleUser", "{\"assumedRoleId\":\"AROAEXAMPLEROLE:alice@example.com\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/admin/alice@example.com\"}"))
                        .resources("AWS::IAM::Role", admin),
                new Event("e04", "2023-01-04 09:15:00", "iam.amazonaws.com", "CreateUser")
                        .assumedRole(admin, "admin", "alice@example.com")
                        .set("readOnly", "false").set("recipientAccountId", "444455556666").set("sourceIPAddress", "198.51.100.7")
                        .requestParameters(Map.of("userName", "bob"))
                        .responseElements(Map.of("user", "{\"userName\":\"bob\",\"arn\":\"arn:aws:iam::444455556666:user/bob\"}"))
                        .tls("TLSv1.3"),
                new Event("e05", "2023-01-05 14:00:00", "signin.amazonaws.com", "ConsoleLogin")
                        .user("bob", "111122223333")
                        .set("readOnly", "false").set("eventType", "AwsConsoleSignIn").set("sessionCredentialFromConsole", "true")
                        .responseElements(Map.of("ConsoleLogin", "Success"))
                        .additionalEventData(Map.of("MFAUsed", "No", "LoginTo", "https://console.aws.amazon.com/")),
                new Event("e06", "2023-01-06 08:00:00", "ec2.amazonaws.com", "RunInstances")
                        .assumedRole(admin, "admin", "alice@example.com")
                        .set("readOnly", "false").set("awsRegion", "eu-west-1")
                        .requestParameters(Map.of("instanceType", "t3.micro"))
                        .responseElements(Map.of("instancesSet", "{\"items\":[{\"instanceId\":\"i-b188560f\",\"instanceType\":\"t3.micro\"}]}")),
                new Event("e07", "2023-07-07 10:00:00", "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress")
                        .set("readOnly", "false")
                        .requestParameters(Map.of("groupId", "sg-0123456789abcdef0",
                                "ipPermissions", "{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":22,\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}}]}")),
                new Event("e08", "2023-07-08 10:00:00", "s3.amazonaws.com", "PutBucketPublicAccessBlock")
                        .set("readOnly", "false")
                        .requestParameters(Map.of("bucketName", "demo-20230707",
                                "PublicAccessBlockConfiguration", "{\"RestrictPublicBuckets\":true,\"BlockPublicPolicy\":false}")),
                new Event("e09", "2023-11-16 12:00:00", "config.amazonaws.com", "PutEvaluations")
                        .set("readOnly", "false")
                        .additionalEventData(Map.of("configRuleName", "s3-bucket-versioning", "configRuleArn", "arn:aws:config:us-east-1:111122223333:config-rule/config-rule-1"))
                        .requestParameters(Map.of("evaluations",
                                "[{\"complianceType\":\"NON_COMPLIANT\",\"complianceResourceType\":\"AWS::S3::Bucket\",\"complianceResourceId\":\"demo-bucket\"}]")),
                new Event("e10", "2023-01-02 23:59:59", "rds.amazonaws.com", "CreateDBInstance")
                        .assumedRole(admin, "admin", "alice@example.com")
                        .set("readOnly", "false")
                        .requestParameters(Map.of("engine", "aurora-postgresql", "dBInstanceIdentifier", "db1", "enablePerformanceInsights", "true",
                                "publiclyAccessible", "true", "engineVersion", "13.7", "dBInstanceClass", "db.r6g.large", "availabilityZone", "us-east-1a"))
                        .tls("TLSv1.1"),
                new Event("e11", "2023-01-06 20:00:00", "iam.amazonaws.com", "AddUserToGroup")
                        .set("readOnly", "false")
                        .requestParameters(Map.of("userName", "bob", "groupName", "admins")));
        List<Event> other = List.of(
                new Event("o01", "2023-01-02 10:00:00", "s3.amazonaws.com", "GetObject")
                        .user("carol", "999988887777").set("recipientAccountId", "999988887777").set("eventCategory", "Data")
                        .requestParameters(Map.of("bucketName", "other-bucket", "key", "c.txt")),
                new Event("o02", "2023-01-03 10:00:00", "iam.amazonaws.com", "CreateRole")
                        .user("carol", "999988887777").set("recipientAccountId", "999988887777").set("readOnly", "false")
                        .requestParameters(Map.of("roleName", "carol-role")));
        return new TestingLakeTables().store(STORE, events).store(OTHER_STORE, other);
    }

    /** Resolves the two stores of {@link #standard()} by ID, in any case. */
    static Optional<String> resolve(String reference)
    {
        for (String store : List.of(STORE, OTHER_STORE)) {
            if (store.equalsIgnoreCase(reference)) {
                return Optional.of(store);
            }
        }
        return Optional.empty();
    }

    Connection connection()
    {
        return connection;
    }

    /** Creates a store's table and view and fills it. */
    TestingLakeTables store(String storeId, List<Event> events)
            throws SQLException
    {
        String table = "data_" + LakeSql.viewName(storeId);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (" + COLUMNS + ")");
            for (Event event : events) {
                statement.execute("INSERT INTO " + table + " VALUES (" + event.values() + ")");
            }
            statement.execute("CREATE VIEW " + LakeSql.viewName(storeId) + " AS SELECT * FROM " + table);
        }
        return this;
    }

    /** Runs a translated query; rows as lists of the JDBC values' strings ("null" for NULL). */
    List<List<String>> query(String sql)
            throws SQLException
    {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); var result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(String.valueOf(result.getObject(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close()
            throws SQLException
    {
        connection.close();
    }

    /** One CloudTrail event: a few fields set, the rest as a plain IAM user's management call has them. */
    static final class Event
    {
        private final Map<String, String> fields = new LinkedHashMap<>();
        private String userType = "IAMUser";
        private String principalId = "AIDAEXAMPLEALICE";
        private String userArn = "arn:aws:iam::111122223333:user/alice";
        private String userAccount = "111122223333";
        private String accessKeyId = "AKIAIOSFODNN7EXAMPLE";
        private String userName = "alice";
        private String issuerArn;
        private String issuerUserName;
        private String mfaAuthenticated = "false";
        private Map<String, String> requestParameters = Map.of();
        private Map<String, String> responseElements = Map.of();
        private Map<String, String> additionalEventData = Map.of();
        private List<String> resources = List.of();
        private String tlsVersion = "TLSv1.2";

        Event(String eventId, String eventTime, String eventSource, String eventName)
        {
            fields.put("eventVersion", "1.11");
            fields.put("eventTime", eventTime);
            fields.put("eventSource", eventSource);
            fields.put("eventName", eventName);
            fields.put("awsRegion", "us-east-1");
            fields.put("sourceIPAddress", "192.0.2.76");
            fields.put("userAgent", "aws-cli/2.9.19");
            fields.put("errorCode", null);
            fields.put("errorMessage", null);
            fields.put("requestID", "req-" + eventId);
            fields.put("eventID", eventId);
            fields.put("readOnly", "true");
            fields.put("eventType", "AwsApiCall");
            fields.put("managementEvent", "true");
            fields.put("recipientAccountId", "111122223333");
            fields.put("eventCategory", "Management");
            fields.put("sessionCredentialFromConsole", null);
        }

        Event set(String field, String value)
        {
            requireNonNull(fields.containsKey(field) ? field : null, "unknown field " + field);
            fields.put(field, value);
            return this;
        }

        Event assumedRole(String roleArn, String roleName, String sessionName)
        {
            userType = "AssumedRole";
            principalId = "AROAEXAMPLEROLE:" + sessionName;
            userArn = roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/" + sessionName;
            userName = null;
            accessKeyId = "ASIAEXAMPLEKEY";
            issuerArn = roleArn;
            issuerUserName = roleName;
            return this;
        }

        Event user(String name, String account)
        {
            userName = name;
            userAccount = account;
            userArn = "arn:aws:iam::" + account + ":user/" + name;
            principalId = "AIDAEXAMPLE" + name.toUpperCase(Locale.ROOT);
            return this;
        }

        Event mfa(boolean used)
        {
            mfaAuthenticated = String.valueOf(used);
            return this;
        }

        Event requestParameters(Map<String, String> values)
        {
            requestParameters = values;
            return this;
        }

        Event responseElements(Map<String, String> values)
        {
            responseElements = values;
            return this;
        }

        Event additionalEventData(Map<String, String> values)
        {
            additionalEventData = values;
            return this;
        }

        /** Resources as (type, ARN) pairs in the caller's account. */
        Event resources(String... typeAndArn)
        {
            List<String> list = new ArrayList<>();
            for (int i = 0; i < typeAndArn.length; i += 2) {
                list.add("{'accountId': '111122223333', 'type': %s, 'arn': %s}".formatted(literal(typeAndArn[i]), literal(typeAndArn[i + 1])));
            }
            resources = list;
            return this;
        }

        Event tls(String version)
        {
            tlsVersion = version;
            return this;
        }

        String values()
        {
            String sessionContext = issuerArn == null
                    ? "{'attributes': {'creationDate': '2023-01-01T00:00:00Z', 'mfaAuthenticated': %s}, 'sessionIssuer': NULL, 'webIdFederationData': NULL, 'sourceIdentity': NULL, 'ec2RoleDelivery': NULL, 'ec2IssuedInVPC': NULL}"
                            .formatted(literal(mfaAuthenticated))
                    : ("{'attributes': {'creationDate': '2023-01-01T00:00:00Z', 'mfaAuthenticated': %s}, 'sessionIssuer': {'type': 'Role', 'principalId': 'AROAEXAMPLEROLE', "
                            + "'arn': %s, 'accountId': %s, 'userName': %s}, 'webIdFederationData': NULL, 'sourceIdentity': NULL, 'ec2RoleDelivery': NULL, 'ec2IssuedInVPC': NULL}")
                            .formatted(literal(mfaAuthenticated), literal(issuerArn), literal(userAccount), literal(issuerUserName));
            String userIdentity = ("{'type': %s, 'principalId': %s, 'arn': %s, 'accountId': %s, 'accessKeyId': %s, 'userName': %s, 'sessionContext': %s, "
                    + "'invokedBy': NULL, 'identityProvider': NULL, 'credentialId': NULL, 'onBehalfOf': NULL}")
                    .formatted(literal(userType), literal(principalId), literal(userArn), literal(userAccount), literal(accessKeyId), literal(userName), sessionContext);
            return String.join(", ",
                    literal(fields.get("eventVersion")),
                    userIdentity,
                    "TIMESTAMP " + literal(fields.get("eventTime")),
                    literal(fields.get("eventSource")),
                    literal(fields.get("eventName")),
                    literal(fields.get("awsRegion")),
                    literal(fields.get("sourceIPAddress")),
                    literal(fields.get("userAgent")),
                    literal(fields.get("errorCode")),
                    literal(fields.get("errorMessage")),
                    map(requestParameters),
                    map(responseElements),
                    map(additionalEventData),
                    literal(fields.get("requestID")),
                    literal(fields.get("eventID")),
                    fields.get("readOnly"),
                    resources.isEmpty() ? "NULL" : "[" + String.join(", ", resources) + "]",
                    literal(fields.get("eventType")),
                    "NULL",
                    fields.get("managementEvent"),
                    literal(fields.get("recipientAccountId")),
                    "NULL", "NULL", "NULL", "NULL", "NULL",
                    literal(fields.get("eventCategory")),
                    "{'tlsVersion': %s, 'cipherSuite': 'TLS_AES_128_GCM_SHA256', 'clientProvidedHostHeader': %s}"
                            .formatted(literal(tlsVersion), literal(fields.get("eventSource"))),
                    literal(fields.get("sessionCredentialFromConsole")),
                    "CAST(TIMESTAMP %s AS DATE)".formatted(literal(fields.get("eventTime"))));
        }

        private static String map(Map<String, String> values)
        {
            if (values.isEmpty()) {
                return "NULL";
            }
            return "MAP {" + values.entrySet().stream()
                    .map(entry -> literal(entry.getKey()) + ": " + literal(entry.getValue()))
                    .collect(Collectors.joining(", ")) + "}";
        }

        private static String literal(String value)
        {
            return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
        }
    }
}
