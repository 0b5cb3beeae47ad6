package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One event from outside AWS, as PutAuditEvents takes it: its {@code eventData} checked against the schema of
 * "CloudTrail Lake integrations event schema" (the fields that customer events provide), and its
 * {@code eventDataChecksum}. An event that fails is {@link Rejected} with one of the model's per-event error codes
 * ({@code InvalidChecksum}, {@code InvalidData}, {@code FieldNotFound}, {@code FieldTooLong},
 * {@code InvalidRecipient}); the call goes on with the others.
 *
 * <p>Required, as the documentation's table has them: {@code version} (at most 256 characters), {@code userIdentity}
 * with {@code type} (128) and {@code principalId} (1,024), {@code eventSource} (1,024), {@code eventName} (1,024),
 * {@code eventTime}, {@code UID} (1,024) and {@code recipientAccountId}, which must be the channel owner's account.
 * Optional: {@code userIdentity.details} (an object), {@code userAgent} (1,024), {@code requestParameters} and
 * {@code responseElements} (objects of at most 100 kB), {@code errorCode} and {@code errorMessage} (256 each),
 * {@code sourceIPAddress} (an IPv4 or IPv6 address), {@code additionalEventData} (an object of at most 28 kB). Other
 * fields are kept as given. Lengths count characters; the sizes of objects count the bytes of their JSON as given.
 *
 * @param eventData the caller's event, exactly as given (valid JSON of one object)
 * @param eventTime its {@code eventTime}, to the second
 */
public record AuditEvent(String eventData, Instant eventTime, String eventName, String eventSource, String recipientAccountId)
{
    public static final String INVALID_CHECKSUM = "InvalidChecksum";
    public static final String INVALID_DATA = "InvalidData";
    public static final String FIELD_NOT_FOUND = "FieldNotFound";
    public static final String FIELD_TOO_LONG = "FieldTooLong";
    public static final String INVALID_RECIPIENT = "InvalidRecipient";

    static final int MAXIMUM_PARAMETERS_BYTES = 100 * 1024;
    static final int MAXIMUM_ADDITIONAL_DATA_BYTES = 28 * 1024;

    private static final ObjectReader READER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** A text field of {@code eventData} and its longest length; {@code userIdentity.} fields are nested. */
    private record TextField(String path, boolean required, int maximumLength) {}

    private static final List<TextField> TEXT_FIELDS = List.of(
            new TextField("version", true, 256),
            new TextField("userIdentity.type", true, 128),
            new TextField("userIdentity.principalId", true, 1_024),
            new TextField("userAgent", false, 1_024),
            new TextField("eventSource", true, 1_024),
            new TextField("eventName", true, 1_024),
            new TextField("eventTime", true, Integer.MAX_VALUE),
            new TextField("UID", true, 1_024),
            new TextField("errorCode", false, 256),
            new TextField("errorMessage", false, 256),
            new TextField("sourceIPAddress", false, Integer.MAX_VALUE),
            new TextField("recipientAccountId", true, Integer.MAX_VALUE));

    public AuditEvent
    {
        requireNonNull(eventData, "eventData is null");
        requireNonNull(eventTime, "eventTime is null");
        requireNonNull(eventName, "eventName is null");
        requireNonNull(eventSource, "eventSource is null");
        requireNonNull(recipientAccountId, "recipientAccountId is null");
    }

    /** What checking one event came to: {@link Accepted} with the event, or {@link Rejected} with the reason. */
    public sealed interface Check
            permits Accepted, Rejected
    {
    }

    public record Accepted(AuditEvent event)
            implements Check
    {
        public Accepted
        {
            requireNonNull(event, "event is null");
        }
    }

    /**
     * @param errorCode one of the model's per-event codes
     * @param errorMessage what is wrong, 1 to 1,024 characters (the model's {@code ErrorMessage})
     */
    public record Rejected(String errorCode, String errorMessage)
            implements Check
    {
        public Rejected
        {
            requireNonNull(errorCode, "errorCode is null");
            requireNonNull(errorMessage, "errorMessage is null");
        }
    }

    /**
     * Checks one event of a call to a channel of {@code channelAccountId}: first the checksum, if given (base64 of
     * the SHA-256 of the {@code eventData}'s UTF-8 bytes), then that the data is one JSON object, then its fields.
     */
    public static Check check(String eventData, Optional<String> checksum, String channelAccountId)
    {
        if (checksum.isPresent() && !checksum.get().equals(checksum(eventData))) {
            return new Rejected(INVALID_CHECKSUM, "The eventDataChecksum does not match the SHA-256 checksum of the eventData.");
        }
        JsonNode root;
        try {
            root = READER.readTree(eventData);
        }
        catch (JsonProcessingException e) {
            return new Rejected(INVALID_DATA, "The eventData is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            return new Rejected(INVALID_DATA, "The eventData must be a JSON object.");
        }
        JsonNode userIdentity = root.get("userIdentity");
        if (userIdentity == null || userIdentity.isNull()) {
            return new Rejected(FIELD_NOT_FOUND, "The eventData has no userIdentity.");
        }
        if (!userIdentity.isObject()) {
            return new Rejected(INVALID_DATA, "The eventData's userIdentity must be a JSON object.");
        }
        for (TextField field : TEXT_FIELDS) {
            Optional<Rejected> rejected = checkText(root, field);
            if (rejected.isPresent()) {
                return rejected.get();
            }
        }
        for (String objectField : List.of("userIdentity.details", "requestParameters", "responseElements", "additionalEventData")) {
            JsonNode value = at(root, objectField);
            if (value != null && !value.isNull() && !value.isObject()) {
                return new Rejected(INVALID_DATA, "The eventData's " + objectField + " must be a JSON object.");
            }
        }
        Optional<Rejected> tooLarge = checkSize(root, "requestParameters", MAXIMUM_PARAMETERS_BYTES)
                .or(() -> checkSize(root, "responseElements", MAXIMUM_PARAMETERS_BYTES))
                .or(() -> checkSize(root, "additionalEventData", MAXIMUM_ADDITIONAL_DATA_BYTES));
        if (tooLarge.isPresent()) {
            return tooLarge.get();
        }
        Instant eventTime;
        try {
            eventTime = Instant.parse(root.get("eventTime").asText()).truncatedTo(ChronoUnit.SECONDS);
        }
        catch (DateTimeParseException e) {
            return new Rejected(INVALID_DATA, "The eventData's eventTime must be a UTC timestamp such as 2021-10-27T12:13:14Z.");
        }
        JsonNode sourceIpAddress = root.get("sourceIPAddress");
        if (sourceIpAddress != null && !isIpAddress(sourceIpAddress.asText())) {
            return new Rejected(INVALID_DATA, "The eventData's sourceIPAddress must be an IPv4 or IPv6 address.");
        }
        String recipient = root.get("recipientAccountId").asText();
        if (!recipient.equals(channelAccountId)) {
            return new Rejected(INVALID_RECIPIENT, "The eventData's recipientAccountId must be the account that owns the channel, " + channelAccountId + ".");
        }
        return new Accepted(new AuditEvent(eventData, eventTime, root.get("eventName").asText(), root.get("eventSource").asText(), recipient));
    }

    /** The checksum of an event's data as the documentation computes it: base64 of the SHA-256 of its UTF-8 bytes. */
    public static String checksum(String eventData)
    {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(eventData.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static Optional<Rejected> checkText(JsonNode root, TextField field)
    {
        JsonNode value = at(root, field.path());
        if (value == null || value.isNull()) {
            return field.required() ? Optional.of(new Rejected(FIELD_NOT_FOUND, "The eventData has no " + field.path() + ".")) : Optional.empty();
        }
        if (!value.isTextual()) {
            return Optional.of(new Rejected(INVALID_DATA, "The eventData's " + field.path() + " must be a string."));
        }
        if (field.required() && value.asText().isEmpty()) {
            return Optional.of(new Rejected(FIELD_NOT_FOUND, "The eventData's " + field.path() + " is empty."));
        }
        if (value.asText().length() > field.maximumLength()) {
            return Optional.of(new Rejected(FIELD_TOO_LONG, "The eventData's " + field.path() + " is longer than " + field.maximumLength() + " characters."));
        }
        return Optional.empty();
    }

    private static Optional<Rejected> checkSize(JsonNode root, String field, int maximumBytes)
    {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        int bytes = value.toString().getBytes(StandardCharsets.UTF_8).length;
        return bytes > maximumBytes
                ? Optional.of(new Rejected(FIELD_TOO_LONG, "The eventData's " + field + " is larger than " + maximumBytes / 1024 + " kB."))
                : Optional.empty();
    }

    /** The value at a path of one or two names ({@code userIdentity.type}); null when absent. */
    private static JsonNode at(JsonNode root, String path)
    {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return root.get(path);
        }
        JsonNode parent = root.get(path.substring(0, dot));
        return parent == null ? null : parent.get(path.substring(dot + 1));
    }

    /** An IPv4 address in dotted decimal, or an IPv6 address (checked without any name lookup). */
    static boolean isIpAddress(String text)
    {
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        if (!text.contains(":") || !IPV6_CHARACTERS.matcher(text).matches()) {
            return false;
        }
        try {
            // a bracketed literal is parsed, never looked up; IPv4-mapped ones come back as IPv4 addresses
            java.net.InetAddress.getByName("[" + text + "]");
            return true;
        }
        catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
