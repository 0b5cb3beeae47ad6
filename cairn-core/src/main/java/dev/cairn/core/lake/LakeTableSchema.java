package dev.cairn.core.lake;

import java.util.List;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The tables an event data store holds, as AWS's "Supported SQL schemas for event data stores" page lists them
 * (CloudTrail User Guide), in DuckDB types, and how a journal record's JSON fills a row.
 * <p>
 * Column names keep the spelling of the record's members ({@code eventTime}, {@code userIdentity}); SQL identifiers
 * are case-insensitive, so {@code eventtime} (AWS's page writes every name in lower case) finds them too. Where
 * AWS's page names a type, it wins over what a CloudTrail record seems to carry: {@code serviceEventDetails} and the
 * CloudTrail events' {@code addendum} are maps, {@code sessionContext.attributes.creationDate} is a timestamp.
 * <p>
 * How a record becomes a row: DuckDB's {@code read_json} reads the records with an explicit column list
 * ({@link #readColumns()}: the record's member names and the types to read them as) and {@link #selectList()} turns
 * what it read into the table's columns. A JSON object read as {@code MAP(VARCHAR, VARCHAR)} keeps its top-level
 * members: a string value as the string, any other value as its JSON text, a JSON {@code null} value as SQL NULL; a
 * JSON {@code null}, absent or non-object member gives a NULL map. A member of the wrong type reads as NULL (rather
 * than failing the batch). Timestamps are read with their offset and stored in UTC.
 */
public enum LakeTableSchema
{
    /**
     * Management, data and network activity events: CloudTrail's own records.
     */
    CLOUDTRAIL_EVENTS(
            List.of(
                    varchar("eventVersion"),
                    new Column("userIdentity", Types.USER_IDENTITY),
                    new Column("eventTime", "TIMESTAMP"),
                    varchar("eventSource"),
                    varchar("eventName"),
                    varchar("awsRegion"),
                    varchar("sourceIPAddress"),
                    varchar("userAgent"),
                    varchar("errorCode"),
                    varchar("errorMessage"),
                    map("requestParameters"),
                    map("responseElements"),
                    map("additionalEventData"),
                    varchar("requestID"),
                    varchar("eventID"),
                    new Column("readOnly", "BOOLEAN"),
                    new Column("resources", "STRUCT(accountId VARCHAR, type VARCHAR, arn VARCHAR, arnPrefix VARCHAR)[]"),
                    varchar("eventType"),
                    varchar("apiVersion"),
                    new Column("managementEvent", "BOOLEAN"),
                    varchar("recipientAccountId"),
                    varchar("sharedEventID"),
                    varchar("annotation"),
                    varchar("vpcEndpointId"),
                    varchar("vpcEndpointAccountId"),
                    map("serviceEventDetails"),
                    map("addendum"),
                    map("edgeDeviceDetails"),
                    map("insightDetails"),
                    varchar("eventCategory"),
                    new Column("tlsDetails", "STRUCT(tlsVersion VARCHAR, cipherSuite VARCHAR, clientProvidedHostHeader VARCHAR)"),
                    varchar("sessionCredentialFromConsole")),
            // the record's resources spell their ARN members ARN and ARNPrefix
            List.of(new Column("resources", "STRUCT(accountId VARCHAR, type VARCHAR, ARN VARCHAR, ARNPrefix VARCHAR)[]")),
            List.of(new Column("resources",
                    "list_transform(resources, lambda r: struct_pack(accountId := r.accountId, type := r.type, arn := r.ARN, arnPrefix := r.ARNPrefix))"))),

    /**
     * Events from outside AWS ({@code PutAuditEvents} through a channel; {@code eventCategory} {@code ActivityAuditLog}):
     * the members CloudTrail adds after ingestion, and the caller's event as {@code eventData}.
     */
    ACTIVITY_AUDIT_LOG(
            List.of(
                    varchar("eventVersion"),
                    varchar("eventCategory"),
                    varchar("eventType"),
                    varchar("eventID"),
                    new Column("eventTime", "TIMESTAMP"),
                    varchar("awsRegion"),
                    varchar("recipientAccountId"),
                    new Column("addendum", "STRUCT(reason VARCHAR, updatedFields VARCHAR, originalUID VARCHAR, originalEventID VARCHAR)"),
                    new Column("metadata", "STRUCT(ingestionTime VARCHAR, channelARN VARCHAR)"),
                    new Column("eventData", Types.EVENT_DATA)),
            List.of(),
            List.of());

    /** The column every schema has, that files are partitioned (by UTC day) and sorted by. */
    public static final String EVENT_TIME = "eventTime";

    private final List<Column> columns;
    private final String readColumns;
    private final String selectList;

    LakeTableSchema(List<Column> columns, List<Column> readOverrides, List<Column> selectOverrides)
    {
        this.columns = List.copyOf(columns);
        this.readColumns = columns.stream()
                .map(column -> sqlString(column.name()) + ": " + sqlString(readType(column, readOverrides)))
                .collect(Collectors.joining(", ", "{", "}"));
        this.selectList = columns.stream()
                .map(column -> selectExpression(column, readType(column, readOverrides), selectOverrides) + " AS " + quoted(column.name()))
                .collect(Collectors.joining(", "));
    }

    /** The table's columns, in order. */
    public List<Column> columns()
    {
        return columns;
    }

    /** The {@code columns} argument of DuckDB's {@code read_json}: each record member read, and its type. */
    public String readColumns()
    {
        return readColumns;
    }

    /** The select list that turns {@code read_json}'s columns into the table's. */
    public String selectList()
    {
        return selectList;
    }

    /** A query of no rows with the table's columns: what an event data store without files reads as. */
    public String emptySelect()
    {
        return columns.stream()
                .map(column -> "CAST(NULL AS " + column.type() + ") AS " + quoted(column.name()))
                .collect(Collectors.joining(", ", "SELECT ", " LIMIT 0"));
    }

    /** The table of an event data store of this type: events from outside AWS have their own, every other type CloudTrail's. */
    public static LakeTableSchema of(LakeSchema storeType)
    {
        return storeType == LakeSchema.ACTIVITY_AUDIT_LOG ? ACTIVITY_AUDIT_LOG : CLOUDTRAIL_EVENTS;
    }

    /** The schema of {@code eventCategory} {@code ActivityAuditLog}; every other category is CloudTrail's. */
    public static LakeTableSchema forEventCategory(String eventCategory)
    {
        return "ActivityAuditLog".equals(eventCategory) ? ACTIVITY_AUDIT_LOG : CLOUDTRAIL_EVENTS;
    }

    private static String readType(Column column, List<Column> readOverrides)
    {
        for (Column override : readOverrides) {
            if (override.name().equals(column.name())) {
                return override.type();
            }
        }
        // read timestamps with their offset: a TIMESTAMP read of "...+02:00" would drop it
        return column.type().replace("TIMESTAMP", "TIMESTAMPTZ");
    }

    private static String selectExpression(Column column, String readType, List<Column> selectOverrides)
    {
        for (Column override : selectOverrides) {
            if (override.name().equals(column.name())) {
                return override.type();
            }
        }
        return readType.equals(column.type()) ? quoted(column.name()) : "CAST(" + quoted(column.name()) + " AS " + column.type() + ")";
    }

    static String quoted(String identifier)
    {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String sqlString(String value)
    {
        return "'" + value.replace("'", "''") + "'";
    }

    private static Column varchar(String name)
    {
        return new Column(name, "VARCHAR");
    }

    private static Column map(String name)
    {
        return new Column(name, "MAP(VARCHAR, VARCHAR)");
    }

    /**
     * One column of a schema.
     *
     * @param name the column's name, spelled as the record's member
     * @param type its DuckDB type
     */
    public record Column(String name, String type)
    {
        public Column
        {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    private static final class Types
    {
        static final String USER_IDENTITY = "STRUCT("
                + "type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, accessKeyId VARCHAR, userName VARCHAR, "
                + "sessionContext STRUCT("
                + "attributes STRUCT(creationDate TIMESTAMP, mfaAuthenticated VARCHAR), "
                + "sessionIssuer STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, userName VARCHAR), "
                + "webIdFederationData STRUCT(federatedProvider VARCHAR, attributes MAP(VARCHAR, VARCHAR)), "
                + "sourceIdentity VARCHAR, ec2RoleDelivery VARCHAR, ec2IssuedInVPC VARCHAR), "
                + "onBehalfOf STRUCT(userId VARCHAR, identityStoreArn VARCHAR), "
                + "inScopeOf STRUCT(sourceArn VARCHAR, sourceAccount VARCHAR, issuerType VARCHAR, credentialsIssuedTo VARCHAR), "
                + "invokedBy VARCHAR, identityProvider VARCHAR, credentialId VARCHAR)";

        static final String EVENT_DATA = "STRUCT("
                + "version VARCHAR, "
                + "userIdentity STRUCT(type VARCHAR, principalId VARCHAR, details MAP(VARCHAR, VARCHAR)), "
                + "userAgent VARCHAR, eventSource VARCHAR, eventName VARCHAR, eventTime VARCHAR, UID VARCHAR, "
                + "requestParameters MAP(VARCHAR, VARCHAR), responseElements MAP(VARCHAR, VARCHAR), "
                + "errorCode VARCHAR, errorMessage VARCHAR, sourceIPAddress VARCHAR, recipientAccountId VARCHAR, "
                + "additionalEventData MAP(VARCHAR, VARCHAR))";

        private Types() {}
    }
}
