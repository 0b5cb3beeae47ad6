package dev.cairn.core.lake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

/**
 * What PutAuditEvents accepts of an event from outside AWS: the schema's required fields, their types and lengths,
 * the checksum, and the recipient.
 */
public class TestAuditEvent
{
    static final String OWNER = "111122223333";

    /** The user guide's example ({@code custom-events.json}), with the owner as recipient. */
    static ObjectNode example()
    {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("version", "0.01");
        event.put("UID", "f6c2f9ae-7ae4-4d44-93e4-57d9c0a4e8e1");
        ObjectNode identity = event.putObject("userIdentity");
        identity.put("type", "CustomUserIdentity");
        identity.put("principalId", "principalId");
        identity.putObject("details").put("key", "value");
        event.put("eventTime", "2021-10-27T12:13:14Z");
        event.put("eventName", "eventName");
        event.put("userAgent", "userAgent");
        event.put("eventSource", "eventSource");
        event.putObject("requestParameters").put("key", "value");
        event.putObject("responseElements").put("key", "value");
        event.putObject("additionalEventData").put("key", "value");
        event.put("sourceIPAddress", "12.34.56.78");
        event.put("recipientAccountId", OWNER);
        return event;
    }

    @Test
    public void theExampleIsAccepted()
    {
        String data = example().toString();
        AuditEvent event = accepted(data, Optional.of(AuditEvent.checksum(data)));
        assertThat(event.eventData()).isEqualTo(data);
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2021-10-27T12:13:14Z"));
        assertThat(event.eventName()).isEqualTo("eventName");
        assertThat(event.eventSource()).isEqualTo("eventSource");
        assertThat(event.recipientAccountId()).isEqualTo(OWNER);
        // only the required fields, and a time with a fraction (kept to the second)
        ObjectNode minimal = example();
        minimal.remove(java.util.List.of("userAgent", "requestParameters", "responseElements", "additionalEventData", "sourceIPAddress"));
        ((ObjectNode) minimal.get("userIdentity")).remove("details");
        minimal.put("eventTime", "2021-10-27T12:13:14.789Z");
        assertThat(accepted(minimal.toString(), Optional.empty()).eventTime()).isEqualTo(Instant.parse("2021-10-27T12:13:14Z"));
        // IPv6 sources, and fields the schema does not name, are fine
        assertThat(accepted(example().put("sourceIPAddress", "2001:db8::1").put("custom", 1).toString(), Optional.empty()).eventName()).isEqualTo("eventName");
    }

    @Test
    public void theChecksumIsBase64OfSha256()
    {
        // printf %s '{}' | openssl dgst -binary -sha256 | base64
        assertThat(AuditEvent.checksum("{}")).isEqualTo("RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=");
        String data = example().toString();
        assertRejected(data, Optional.of(AuditEvent.checksum(data + " ")), AuditEvent.INVALID_CHECKSUM, "eventDataChecksum");
        assertRejected(data, Optional.of("not base64"), AuditEvent.INVALID_CHECKSUM, "eventDataChecksum");
    }

    @Test
    public void dataMustBeOneJsonObject()
    {
        assertRejected("not json", Optional.empty(), AuditEvent.INVALID_DATA, "not valid JSON");
        assertRejected("[1]", Optional.empty(), AuditEvent.INVALID_DATA, "JSON object");
        assertRejected(example() + "{}", Optional.empty(), AuditEvent.INVALID_DATA, "not valid JSON");
        assertRejected("{\"version\":\"1\",\"version\":\"2\"}", Optional.empty(), AuditEvent.INVALID_DATA, "not valid JSON");
        assertRejected("", Optional.empty(), AuditEvent.INVALID_DATA, "JSON object");
    }

    @Test
    public void requiredFields()
    {
        for (String field : java.util.List.of("version", "eventSource", "eventName", "eventTime", "UID", "recipientAccountId", "userIdentity")) {
            ObjectNode event = example();
            event.remove(field);
            assertRejected(event.toString(), Optional.empty(), AuditEvent.FIELD_NOT_FOUND, field);
        }
        for (String field : java.util.List.of("type", "principalId")) {
            ObjectNode event = example();
            ((ObjectNode) event.get("userIdentity")).remove(field);
            assertRejected(event.toString(), Optional.empty(), AuditEvent.FIELD_NOT_FOUND, "userIdentity." + field);
        }
        assertRejected(example().put("eventName", "").toString(), Optional.empty(), AuditEvent.FIELD_NOT_FOUND, "eventName");
        assertRejected(example().putNull("UID").toString(), Optional.empty(), AuditEvent.FIELD_NOT_FOUND, "UID");
    }

    @Test
    public void typesAndFormats()
    {
        assertRejected(example().put("eventName", 1).toString(), Optional.empty(), AuditEvent.INVALID_DATA, "eventName must be a string");
        assertRejected(example().put("userIdentity", "me").toString(), Optional.empty(), AuditEvent.INVALID_DATA, "userIdentity must be a JSON object");
        assertRejected(example().put("requestParameters", "x=1").toString(), Optional.empty(), AuditEvent.INVALID_DATA, "requestParameters must be a JSON object");
        ObjectNode details = example();
        ((ObjectNode) details.get("userIdentity")).put("details", "text");
        assertRejected(details.toString(), Optional.empty(), AuditEvent.INVALID_DATA, "userIdentity.details");
        assertRejected(example().put("eventTime", "yesterday").toString(), Optional.empty(), AuditEvent.INVALID_DATA, "eventTime");
        assertRejected(example().put("eventTime", "2021-10-27T12:13:14").toString(), Optional.empty(), AuditEvent.INVALID_DATA, "eventTime");
        assertRejected(example().put("sourceIPAddress", "example.com").toString(), Optional.empty(), AuditEvent.INVALID_DATA, "sourceIPAddress");
        assertRejected(example().put("sourceIPAddress", "256.1.1.1").toString(), Optional.empty(), AuditEvent.INVALID_DATA, "sourceIPAddress");
        assertRejected(example().put("sourceIPAddress", "1:2:3").toString(), Optional.empty(), AuditEvent.INVALID_DATA, "sourceIPAddress");
    }

    @Test
    public void lengthsAndSizes()
    {
        assertThat(accepted(example().put("version", "v".repeat(256)).toString(), Optional.empty()).eventName()).isEqualTo("eventName");
        assertRejected(example().put("version", "v".repeat(257)).toString(), Optional.empty(), AuditEvent.FIELD_TOO_LONG, "version");
        assertRejected(example().put("eventName", "n".repeat(1_025)).toString(), Optional.empty(), AuditEvent.FIELD_TOO_LONG, "eventName");
        assertRejected(example().put("errorMessage", "m".repeat(257)).toString(), Optional.empty(), AuditEvent.FIELD_TOO_LONG, "errorMessage");
        ObjectNode longType = example();
        ((ObjectNode) longType.get("userIdentity")).put("type", "t".repeat(129));
        assertRejected(longType.toString(), Optional.empty(), AuditEvent.FIELD_TOO_LONG, "userIdentity.type");
        ObjectNode bigParameters = example();
        bigParameters.putObject("requestParameters").put("blob", "x".repeat(AuditEvent.MAXIMUM_PARAMETERS_BYTES));
        assertRejected(bigParameters.toString(), Optional.empty(), AuditEvent.FIELD_TOO_LONG, "requestParameters");
        ObjectNode bigAdditional = example();
        bigAdditional.putObject("additionalEventData").put("blob", "x".repeat(AuditEvent.MAXIMUM_ADDITIONAL_DATA_BYTES));
        assertRejected(bigAdditional.toString(), Optional.empty(), AuditEvent.FIELD_TOO_LONG, "additionalEventData");
    }

    @Test
    public void theRecipientIsTheChannelOwner()
    {
        assertRejected(example().put("recipientAccountId", "444455556666").toString(), Optional.empty(), AuditEvent.INVALID_RECIPIENT, OWNER);
    }

    private static AuditEvent accepted(String data, Optional<String> checksum)
    {
        AuditEvent.Check check = AuditEvent.check(data, checksum, OWNER);
        assertThat(check).as(check.toString()).isInstanceOf(AuditEvent.Accepted.class);
        return ((AuditEvent.Accepted) check).event();
    }

    private static void assertRejected(String data, Optional<String> checksum, String code, String messagePart)
    {
        AuditEvent.Check check = AuditEvent.check(data, checksum, OWNER);
        assertThat(check).isInstanceOfSatisfying(AuditEvent.Rejected.class, rejected -> {
            assertThat(rejected.errorCode()).isEqualTo(code);
            assertThat(rejected.errorMessage()).contains(messagePart).hasSizeBetween(1, 1_024);
        });
    }
}
