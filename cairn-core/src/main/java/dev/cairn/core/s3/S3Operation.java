package dev.cairn.core.s3;

import static dev.cairn.core.s3.S3Operation.Handling.CAIRN;
import static dev.cairn.core.s3.S3Operation.Handling.FORWARD;
import static dev.cairn.core.s3.S3Operation.Handling.NOT_IMPLEMENTED;
import static dev.cairn.core.s3.S3Operation.RequestBody.NO_BODY;
import static dev.cairn.core.s3.S3Operation.RequestBody.POLICY_BODY;
import static dev.cairn.core.s3.S3Operation.RequestBody.XML_BODY;
import static dev.cairn.core.s3.S3Operation.Target.BUCKET;
import static dev.cairn.core.s3.S3Operation.Target.OBJECT;
import static dev.cairn.core.s3.S3Operation.Target.SERVICE;
import static dev.cairn.model.EventCategory.DATA;
import static dev.cairn.model.EventCategory.MANAGEMENT;
import static java.util.Objects.requireNonNull;

import dev.cairn.model.EventCategory;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The S3 operations the gateway knows: for each, the {@code eventName} AWS records, what it addresses, whether AWS
 * records it as a data event (object-level: {@code eventCategory} {@code Data}, not in event history) or a management
 * event (bucket-level), whether it only reads, who answers it, and the IAM action it needs. {@link #classify} names
 * the operation of a request from its method, target and query parameters ({@link #ROUTES}).
 *
 * <p>Sources:
 * <ul>
 *     <li>data and management events: AWS's "Amazon S3 CloudTrail events"
 *     (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html): bucket-level actions are
 *     management events; object-level actions are data events, as are ListObjects (V2), ListObjectVersions, HeadBucket
 *     and DeleteObjects ("bucket-level operations [logged] as object-level Amazon S3 actions").</li>
 *     <li>event names: the same page; {@code ListObjectsV2} is recorded as {@code ListObjects} with
 *     {@code "list-type": "2"} in its request parameters, as records of the AWS CLI's {@code s3 ls} show.</li>
 *     <li>actions: AWS's "Required permissions for Amazon S3 API operations"
 *     (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html): for instance
 *     {@code HeadObject} needs {@code s3:GetObject}, {@code HeadBucket} {@code s3:ListBucket}, the multipart calls
 *     {@code s3:PutObject}, {@code DeleteBucketTagging} {@code s3:PutBucketTagging}, and a {@code versionId} asks for
 *     the {@code ...Version...} action instead.</li>
 * </ul>
 */
public enum S3Operation
{
    // the service
    LIST_BUCKETS("ListBuckets", SERVICE, MANAGEMENT, true, FORWARD, NO_BODY, "s3:ListAllMyBuckets"),

    // buckets: management events
    CREATE_BUCKET("CreateBucket", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:CreateBucket"),
    DELETE_BUCKET("DeleteBucket", BUCKET, MANAGEMENT, false, FORWARD, NO_BODY, "s3:DeleteBucket"),
    GET_BUCKET_LOCATION("GetBucketLocation", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetBucketLocation"),
    GET_BUCKET_VERSIONING("GetBucketVersioning", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetBucketVersioning"),
    PUT_BUCKET_VERSIONING("PutBucketVersioning", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutBucketVersioning"),
    GET_BUCKET_POLICY("GetBucketPolicy", BUCKET, MANAGEMENT, true, CAIRN, NO_BODY, "s3:GetBucketPolicy"),
    PUT_BUCKET_POLICY("PutBucketPolicy", BUCKET, MANAGEMENT, false, CAIRN, POLICY_BODY, "s3:PutBucketPolicy"),
    DELETE_BUCKET_POLICY("DeleteBucketPolicy", BUCKET, MANAGEMENT, false, CAIRN, NO_BODY, "s3:DeleteBucketPolicy"),
    /** Computed from the bucket policy, which Cairn keeps and the upstream never sees. */
    GET_BUCKET_POLICY_STATUS("GetBucketPolicyStatus", BUCKET, MANAGEMENT, true, NOT_IMPLEMENTED, NO_BODY, "s3:GetBucketPolicyStatus"),
    GET_BUCKET_ACL("GetBucketAcl", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetBucketAcl"),
    PUT_BUCKET_ACL("PutBucketAcl", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutBucketAcl"),
    GET_BUCKET_TAGGING("GetBucketTagging", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetBucketTagging"),
    PUT_BUCKET_TAGGING("PutBucketTagging", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutBucketTagging"),
    DELETE_BUCKET_TAGGING("DeleteBucketTagging", BUCKET, MANAGEMENT, false, FORWARD, NO_BODY, "s3:PutBucketTagging"),
    GET_BUCKET_CORS("GetBucketCors", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetBucketCORS"),
    PUT_BUCKET_CORS("PutBucketCors", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutBucketCORS"),
    DELETE_BUCKET_CORS("DeleteBucketCors", BUCKET, MANAGEMENT, false, FORWARD, NO_BODY, "s3:PutBucketCORS"),
    GET_BUCKET_LIFECYCLE("GetBucketLifecycle", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetLifecycleConfiguration"),
    PUT_BUCKET_LIFECYCLE("PutBucketLifecycle", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutLifecycleConfiguration"),
    DELETE_BUCKET_LIFECYCLE("DeleteBucketLifecycle", BUCKET, MANAGEMENT, false, FORWARD, NO_BODY, "s3:PutLifecycleConfiguration"),
    GET_BUCKET_ENCRYPTION("GetBucketEncryption", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetEncryptionConfiguration"),
    PUT_BUCKET_ENCRYPTION("PutBucketEncryption", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutEncryptionConfiguration"),
    DELETE_BUCKET_ENCRYPTION("DeleteBucketEncryption", BUCKET, MANAGEMENT, false, FORWARD, NO_BODY, "s3:PutEncryptionConfiguration"),
    GET_BUCKET_WEBSITE("GetBucketWebsite", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetBucketWebsite"),
    PUT_BUCKET_WEBSITE("PutBucketWebsite", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutBucketWebsite"),
    DELETE_BUCKET_WEBSITE("DeleteBucketWebsite", BUCKET, MANAGEMENT, false, FORWARD, NO_BODY, "s3:DeleteBucketWebsite"),
    GET_BUCKET_LOGGING("GetBucketLogging", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetBucketLogging"),
    PUT_BUCKET_LOGGING("PutBucketLogging", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutBucketLogging"),
    GET_BUCKET_NOTIFICATION("GetBucketNotification", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetBucketNotification"),
    PUT_BUCKET_NOTIFICATION("PutBucketNotification", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutBucketNotification"),
    GET_BUCKET_REPLICATION("GetBucketReplication", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetReplicationConfiguration"),
    PUT_BUCKET_REPLICATION("PutBucketReplication", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutReplicationConfiguration"),
    DELETE_BUCKET_REPLICATION("DeleteBucketReplication", BUCKET, MANAGEMENT, false, FORWARD, NO_BODY, "s3:PutReplicationConfiguration"),
    GET_BUCKET_REQUEST_PAYMENT("GetBucketRequestPayment", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetBucketRequestPayment"),
    PUT_BUCKET_REQUEST_PAYMENT("PutBucketRequestPayment", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutBucketRequestPayment"),
    GET_OBJECT_LOCK_CONFIGURATION("GetObjectLockConfiguration", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetBucketObjectLockConfiguration"),
    PUT_OBJECT_LOCK_CONFIGURATION("PutObjectLockConfiguration", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutBucketObjectLockConfiguration"),
    GET_BUCKET_PUBLIC_ACCESS_BLOCK("GetBucketPublicAccessBlock", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetBucketPublicAccessBlock"),
    PUT_BUCKET_PUBLIC_ACCESS_BLOCK("PutBucketPublicAccessBlock", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutBucketPublicAccessBlock"),
    DELETE_BUCKET_PUBLIC_ACCESS_BLOCK("DeleteBucketPublicAccessBlock", BUCKET, MANAGEMENT, false, FORWARD, NO_BODY, "s3:PutBucketPublicAccessBlock"),
    GET_BUCKET_OWNERSHIP_CONTROLS("GetBucketOwnershipControls", BUCKET, MANAGEMENT, true, FORWARD, NO_BODY, "s3:GetBucketOwnershipControls"),
    PUT_BUCKET_OWNERSHIP_CONTROLS("PutBucketOwnershipControls", BUCKET, MANAGEMENT, false, FORWARD, XML_BODY, "s3:PutBucketOwnershipControls"),
    DELETE_BUCKET_OWNERSHIP_CONTROLS("DeleteBucketOwnershipControls", BUCKET, MANAGEMENT, false, FORWARD, NO_BODY, "s3:PutBucketOwnershipControls"),

    // buckets: data events, as AWS records them
    HEAD_BUCKET("HeadBucket", BUCKET, DATA, true, FORWARD, NO_BODY, "s3:ListBucket"),
    LIST_OBJECTS("ListObjects", BUCKET, DATA, true, FORWARD, NO_BODY, "s3:ListBucket"),
    LIST_OBJECTS_V2("ListObjects", BUCKET, DATA, true, FORWARD, NO_BODY, "s3:ListBucket"),
    LIST_OBJECT_VERSIONS("ListObjectVersions", BUCKET, DATA, true, FORWARD, NO_BODY, "s3:ListBucketVersions"),
    LIST_MULTIPART_UPLOADS("ListMultipartUploads", BUCKET, DATA, true, FORWARD, NO_BODY, "s3:ListBucketMultipartUploads"),
    /** Authorized per object of its body ({@link S3Authorization#forDeleteObjects}); the body is not recorded. */
    DELETE_OBJECTS("DeleteObjects", BUCKET, DATA, false, FORWARD, NO_BODY, "s3:DeleteObject", "s3:DeleteObjectVersion"),
    /** A browser's form upload, signed by its form fields rather than SigV4. */
    POST_OBJECT("PostObject", BUCKET, DATA, false, NOT_IMPLEMENTED, NO_BODY, "s3:PutObject"),

    // objects: data events
    GET_OBJECT("GetObject", OBJECT, DATA, true, FORWARD, NO_BODY, "s3:GetObject", "s3:GetObjectVersion"),
    HEAD_OBJECT("HeadObject", OBJECT, DATA, true, FORWARD, NO_BODY, "s3:GetObject", "s3:GetObjectVersion"),
    PUT_OBJECT("PutObject", OBJECT, DATA, false, FORWARD, NO_BODY, "s3:PutObject"),
    /** Also needs to read its source ({@code x-amz-copy-source}). */
    COPY_OBJECT("CopyObject", OBJECT, DATA, false, FORWARD, NO_BODY, "s3:PutObject"),
    DELETE_OBJECT("DeleteObject", OBJECT, DATA, false, FORWARD, NO_BODY, "s3:DeleteObject", "s3:DeleteObjectVersion"),
    CREATE_MULTIPART_UPLOAD("CreateMultipartUpload", OBJECT, DATA, false, FORWARD, NO_BODY, "s3:PutObject"),
    UPLOAD_PART("UploadPart", OBJECT, DATA, false, FORWARD, NO_BODY, "s3:PutObject"),
    /** Also needs to read its source ({@code x-amz-copy-source}). */
    UPLOAD_PART_COPY("UploadPartCopy", OBJECT, DATA, false, FORWARD, NO_BODY, "s3:PutObject"),
    COMPLETE_MULTIPART_UPLOAD("CompleteMultipartUpload", OBJECT, DATA, false, FORWARD, NO_BODY, "s3:PutObject"),
    ABORT_MULTIPART_UPLOAD("AbortMultipartUpload", OBJECT, DATA, false, FORWARD, NO_BODY, "s3:AbortMultipartUpload"),
    LIST_PARTS("ListParts", OBJECT, DATA, true, FORWARD, NO_BODY, "s3:ListMultipartUploadParts"),
    GET_OBJECT_TAGGING("GetObjectTagging", OBJECT, DATA, true, FORWARD, NO_BODY, "s3:GetObjectTagging", "s3:GetObjectVersionTagging"),
    PUT_OBJECT_TAGGING("PutObjectTagging", OBJECT, DATA, false, FORWARD, XML_BODY, "s3:PutObjectTagging", "s3:PutObjectVersionTagging"),
    DELETE_OBJECT_TAGGING("DeleteObjectTagging", OBJECT, DATA, false, FORWARD, NO_BODY, "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"),
    GET_OBJECT_ACL("GetObjectAcl", OBJECT, DATA, true, FORWARD, NO_BODY, "s3:GetObjectAcl", "s3:GetObjectVersionAcl"),
    PUT_OBJECT_ACL("PutObjectAcl", OBJECT, DATA, false, FORWARD, XML_BODY, "s3:PutObjectAcl", "s3:PutObjectVersionAcl"),
    GET_OBJECT_ATTRIBUTES("GetObjectAttributes", OBJECT, DATA, true, FORWARD, NO_BODY, "s3:GetObjectAttributes", "s3:GetObjectVersionAttributes"),
    GET_OBJECT_RETENTION("GetObjectRetention", OBJECT, DATA, true, FORWARD, NO_BODY, "s3:GetObjectRetention"),
    PUT_OBJECT_RETENTION("PutObjectRetention", OBJECT, DATA, false, FORWARD, XML_BODY, "s3:PutObjectRetention"),
    GET_OBJECT_LEGAL_HOLD("GetObjectLegalHold", OBJECT, DATA, true, FORWARD, NO_BODY, "s3:GetObjectLegalHold"),
    PUT_OBJECT_LEGAL_HOLD("PutObjectLegalHold", OBJECT, DATA, false, FORWARD, XML_BODY, "s3:PutObjectLegalHold"),
    RESTORE_OBJECT("RestoreObject", OBJECT, DATA, false, FORWARD, XML_BODY, "s3:RestoreObject"),
    SELECT_OBJECT_CONTENT("SelectObjectContent", OBJECT, DATA, true, FORWARD, NO_BODY, "s3:GetObject");

    /** What a request addresses. */
    public enum Target
    {
        /** No bucket: {@code ListBuckets}. */
        SERVICE,
        BUCKET,
        OBJECT
    }

    /** Who answers an operation. */
    public enum Handling
    {
        /** The upstream, once Cairn has authorized the request. */
        FORWARD,
        /** Cairn itself, from what it keeps (bucket policies). */
        CAIRN,
        /** Nobody: Cairn answers {@code NotImplemented}. */
        NOT_IMPLEMENTED
    }

    /** What of the request body the record's {@code requestParameters} carry. */
    public enum RequestBody
    {
        NO_BODY,
        /** The XML document as JSON, under its root element's name (see {@link S3Xml#toJson}). */
        XML_BODY,
        /** The policy document as JSON, under {@code bucketPolicy}. */
        POLICY_BODY
    }

    /**
     * Which operation a request is, first match wins: method, target, the subresource its query names (such as
     * {@code ?acl}; none for the plain operations) and a condition on the request. Subresources take precedence over
     * the plain operations; {@code x-amz-copy-source} turns an upload into a copy.
     */
    public static final List<Route> ROUTES = List.of(
            route("GET", SERVICE, "", S3Operation::always, LIST_BUCKETS),

            route("GET", BUCKET, "uploads", S3Operation::always, LIST_MULTIPART_UPLOADS),
            route("GET", BUCKET, "versions", S3Operation::always, LIST_OBJECT_VERSIONS),
            route("GET", BUCKET, "location", S3Operation::always, GET_BUCKET_LOCATION),
            route("GET", BUCKET, "versioning", S3Operation::always, GET_BUCKET_VERSIONING),
            route("PUT", BUCKET, "versioning", S3Operation::always, PUT_BUCKET_VERSIONING),
            route("GET", BUCKET, "policy", S3Operation::always, GET_BUCKET_POLICY),
            route("PUT", BUCKET, "policy", S3Operation::always, PUT_BUCKET_POLICY),
            route("DELETE", BUCKET, "policy", S3Operation::always, DELETE_BUCKET_POLICY),
            route("GET", BUCKET, "policyStatus", S3Operation::always, GET_BUCKET_POLICY_STATUS),
            route("GET", BUCKET, "acl", S3Operation::always, GET_BUCKET_ACL),
            route("PUT", BUCKET, "acl", S3Operation::always, PUT_BUCKET_ACL),
            route("GET", BUCKET, "tagging", S3Operation::always, GET_BUCKET_TAGGING),
            route("PUT", BUCKET, "tagging", S3Operation::always, PUT_BUCKET_TAGGING),
            route("DELETE", BUCKET, "tagging", S3Operation::always, DELETE_BUCKET_TAGGING),
            route("GET", BUCKET, "cors", S3Operation::always, GET_BUCKET_CORS),
            route("PUT", BUCKET, "cors", S3Operation::always, PUT_BUCKET_CORS),
            route("DELETE", BUCKET, "cors", S3Operation::always, DELETE_BUCKET_CORS),
            route("GET", BUCKET, "lifecycle", S3Operation::always, GET_BUCKET_LIFECYCLE),
            route("PUT", BUCKET, "lifecycle", S3Operation::always, PUT_BUCKET_LIFECYCLE),
            route("DELETE", BUCKET, "lifecycle", S3Operation::always, DELETE_BUCKET_LIFECYCLE),
            route("GET", BUCKET, "encryption", S3Operation::always, GET_BUCKET_ENCRYPTION),
            route("PUT", BUCKET, "encryption", S3Operation::always, PUT_BUCKET_ENCRYPTION),
            route("DELETE", BUCKET, "encryption", S3Operation::always, DELETE_BUCKET_ENCRYPTION),
            route("GET", BUCKET, "website", S3Operation::always, GET_BUCKET_WEBSITE),
            route("PUT", BUCKET, "website", S3Operation::always, PUT_BUCKET_WEBSITE),
            route("DELETE", BUCKET, "website", S3Operation::always, DELETE_BUCKET_WEBSITE),
            route("GET", BUCKET, "logging", S3Operation::always, GET_BUCKET_LOGGING),
            route("PUT", BUCKET, "logging", S3Operation::always, PUT_BUCKET_LOGGING),
            route("GET", BUCKET, "notification", S3Operation::always, GET_BUCKET_NOTIFICATION),
            route("PUT", BUCKET, "notification", S3Operation::always, PUT_BUCKET_NOTIFICATION),
            route("GET", BUCKET, "replication", S3Operation::always, GET_BUCKET_REPLICATION),
            route("PUT", BUCKET, "replication", S3Operation::always, PUT_BUCKET_REPLICATION),
            route("DELETE", BUCKET, "replication", S3Operation::always, DELETE_BUCKET_REPLICATION),
            route("GET", BUCKET, "requestPayment", S3Operation::always, GET_BUCKET_REQUEST_PAYMENT),
            route("PUT", BUCKET, "requestPayment", S3Operation::always, PUT_BUCKET_REQUEST_PAYMENT),
            route("GET", BUCKET, "object-lock", S3Operation::always, GET_OBJECT_LOCK_CONFIGURATION),
            route("PUT", BUCKET, "object-lock", S3Operation::always, PUT_OBJECT_LOCK_CONFIGURATION),
            route("GET", BUCKET, "publicAccessBlock", S3Operation::always, GET_BUCKET_PUBLIC_ACCESS_BLOCK),
            route("PUT", BUCKET, "publicAccessBlock", S3Operation::always, PUT_BUCKET_PUBLIC_ACCESS_BLOCK),
            route("DELETE", BUCKET, "publicAccessBlock", S3Operation::always, DELETE_BUCKET_PUBLIC_ACCESS_BLOCK),
            route("GET", BUCKET, "ownershipControls", S3Operation::always, GET_BUCKET_OWNERSHIP_CONTROLS),
            route("PUT", BUCKET, "ownershipControls", S3Operation::always, PUT_BUCKET_OWNERSHIP_CONTROLS),
            route("DELETE", BUCKET, "ownershipControls", S3Operation::always, DELETE_BUCKET_OWNERSHIP_CONTROLS),
            route("POST", BUCKET, "delete", S3Operation::always, DELETE_OBJECTS),
            route("GET", BUCKET, "", S3Operation::listTypeTwo, LIST_OBJECTS_V2),
            route("GET", BUCKET, "", S3Operation::always, LIST_OBJECTS),
            route("HEAD", BUCKET, "", S3Operation::always, HEAD_BUCKET),
            route("PUT", BUCKET, "", S3Operation::always, CREATE_BUCKET),
            route("DELETE", BUCKET, "", S3Operation::always, DELETE_BUCKET),
            route("POST", BUCKET, "", S3Operation::always, POST_OBJECT),

            route("POST", OBJECT, "uploads", S3Operation::always, CREATE_MULTIPART_UPLOAD),
            route("PUT", OBJECT, "uploadId", S3Operation::copySource, UPLOAD_PART_COPY),
            route("PUT", OBJECT, "uploadId", S3Operation::always, UPLOAD_PART),
            route("POST", OBJECT, "uploadId", S3Operation::always, COMPLETE_MULTIPART_UPLOAD),
            route("DELETE", OBJECT, "uploadId", S3Operation::always, ABORT_MULTIPART_UPLOAD),
            route("GET", OBJECT, "uploadId", S3Operation::always, LIST_PARTS),
            route("GET", OBJECT, "tagging", S3Operation::always, GET_OBJECT_TAGGING),
            route("PUT", OBJECT, "tagging", S3Operation::always, PUT_OBJECT_TAGGING),
            route("DELETE", OBJECT, "tagging", S3Operation::always, DELETE_OBJECT_TAGGING),
            route("GET", OBJECT, "acl", S3Operation::always, GET_OBJECT_ACL),
            route("PUT", OBJECT, "acl", S3Operation::always, PUT_OBJECT_ACL),
            route("GET", OBJECT, "attributes", S3Operation::always, GET_OBJECT_ATTRIBUTES),
            route("GET", OBJECT, "retention", S3Operation::always, GET_OBJECT_RETENTION),
            route("PUT", OBJECT, "retention", S3Operation::always, PUT_OBJECT_RETENTION),
            route("GET", OBJECT, "legal-hold", S3Operation::always, GET_OBJECT_LEGAL_HOLD),
            route("PUT", OBJECT, "legal-hold", S3Operation::always, PUT_OBJECT_LEGAL_HOLD),
            route("POST", OBJECT, "restore", S3Operation::always, RESTORE_OBJECT),
            route("POST", OBJECT, "select", S3Operation::always, SELECT_OBJECT_CONTENT),
            route("GET", OBJECT, "", S3Operation::always, GET_OBJECT),
            route("HEAD", OBJECT, "", S3Operation::always, HEAD_OBJECT),
            route("PUT", OBJECT, "", S3Operation::copySource, COPY_OBJECT),
            route("PUT", OBJECT, "", S3Operation::always, PUT_OBJECT),
            route("DELETE", OBJECT, "", S3Operation::always, DELETE_OBJECT));

    /** The subresources {@link #ROUTES} know: query parameters that name an operation rather than modify it. */
    private static final Set<String> SUBRESOURCES = subresources();

    /**
     * Query parameters that modify an operation, which never name one, even empty ({@code ?prefix=}): listing
     * parameters, {@code versionId}, {@code partNumber}, response overrides, presigned URLs' parameters, and the
     * {@code x-id} some SDKs add (the Java SDK v2 and others: {@code x-id=GetObject}).
     */
    private static final Set<String> PARAMETERS = Set.of(
            "prefix", "delimiter", "marker", "max-keys", "encoding-type", "list-type", "continuation-token", "fetch-owner", "start-after",
            "key-marker", "version-id-marker", "upload-id-marker", "max-uploads", "max-parts", "part-number-marker", "max-buckets", "bucket-region",
            "versionId", "partNumber", "select-type", "x-id",
            "response-content-type", "response-content-language", "response-expires", "response-cache-control", "response-content-disposition",
            "response-content-encoding",
            "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token",
            "AWSAccessKeyId", "Signature", "Expires");

    private final String eventName;
    private final Target target;
    private final EventCategory category;
    private final boolean readOnly;
    private final Handling handling;
    private final RequestBody requestBody;
    private final String action;
    private final Optional<String> versionAction;

    S3Operation(String eventName, Target target, EventCategory category, boolean readOnly, Handling handling, RequestBody requestBody, String action)
    {
        this(eventName, target, category, readOnly, handling, requestBody, action, Optional.empty());
    }

    S3Operation(String eventName, Target target, EventCategory category, boolean readOnly, Handling handling, RequestBody requestBody, String action, String versionAction)
    {
        this(eventName, target, category, readOnly, handling, requestBody, action, Optional.of(versionAction));
    }

    S3Operation(String eventName, Target target, EventCategory category, boolean readOnly, Handling handling, RequestBody requestBody, String action,
            Optional<String> versionAction)
    {
        this.eventName = requireNonNull(eventName, "eventName is null");
        this.target = requireNonNull(target, "target is null");
        this.category = requireNonNull(category, "category is null");
        this.readOnly = readOnly;
        this.handling = requireNonNull(handling, "handling is null");
        this.requestBody = requireNonNull(requestBody, "requestBody is null");
        this.action = requireNonNull(action, "action is null");
        this.versionAction = requireNonNull(versionAction, "versionAction is null");
    }

    /**
     * The operation of a request; empty for a request S3 would not understand or Cairn does not know (an unknown
     * subresource such as {@code ?torrent}, {@code ?analytics}, {@code ?metrics}, {@code ?inventory}, or a method a target
     * does not take): Cairn answers those {@code NotImplemented} and records nothing. A query parameter with a value
     * that Cairn does not know is ignored, as S3 ignores it; one without a value is taken for an unknown subresource
     * (but for an empty name, as a stray {@code &} makes).
     */
    public static Optional<S3Operation> classify(S3Request request)
    {
        Set<String> subresources = new HashSet<>();
        for (Map.Entry<String, List<String>> parameter : request.query().entrySet()) {
            String name = parameter.getKey();
            if (SUBRESOURCES.contains(name)) {
                subresources.add(name);
            }
            else if (!name.isEmpty() && !PARAMETERS.contains(name) && parameter.getValue().stream().allMatch(String::isEmpty)) {
                return Optional.empty();
            }
        }
        for (Route route : ROUTES) {
            if (route.method().equals(request.method()) && route.target() == request.target()
                    && (route.subresource().isEmpty() ? subresources.isEmpty() : subresources.contains(route.subresource()))
                    && route.condition().test(request)) {
                return Optional.of(route.operation());
            }
        }
        return Optional.empty();
    }

    /** The record's {@code eventName}. */
    public String eventName()
    {
        return eventName;
    }

    public Target target()
    {
        return target;
    }

    /** The record's {@code eventCategory}: data events have {@code managementEvent} false and stay out of event history. */
    public EventCategory category()
    {
        return category;
    }

    public boolean isDataEvent()
    {
        return category == DATA;
    }

    /** The record's {@code readOnly}. */
    public boolean readOnly()
    {
        return readOnly;
    }

    public Handling handling()
    {
        return handling;
    }

    public RequestBody requestBody()
    {
        return requestBody;
    }

    /** The IAM action the operation needs on its own resource. */
    public String action()
    {
        return action;
    }

    /** The action it needs instead when the request names a version ({@code versionId}); empty when the same. */
    public Optional<String> versionAction()
    {
        return versionAction;
    }

    /** The action for a request: {@link #versionAction} when it names a version. */
    public String action(S3Request request)
    {
        return request.versionId().flatMap(ignored -> versionAction).orElse(action);
    }

    /**
     * Whether the operation writes an object's data: the record's {@code responseElements} then carry the response's
     * encryption and version headers, and {@code additionalEventData} says which encryption S3 applied.
     */
    public boolean writesObjectData()
    {
        return switch (this) {
            case PUT_OBJECT, COPY_OBJECT, CREATE_MULTIPART_UPLOAD, UPLOAD_PART, UPLOAD_PART_COPY, COMPLETE_MULTIPART_UPLOAD -> true;
            default -> false;
        };
    }

    /** Whether the request reads another object, named by {@code x-amz-copy-source}. */
    public boolean copies()
    {
        return this == COPY_OBJECT || this == UPLOAD_PART_COPY;
    }

    /**
     * A line of {@link #ROUTES}.
     *
     * @param subresource the query parameter naming the operation; empty for a plain operation, which a request with any
     *         subresource never matches
     */
    public record Route(String method, Target target, String subresource, Predicate<S3Request> condition, S3Operation operation)
    {
        public Route
        {
            requireNonNull(method, "method is null");
            requireNonNull(target, "target is null");
            requireNonNull(subresource, "subresource is null");
            requireNonNull(condition, "condition is null");
            requireNonNull(operation, "operation is null");
            if (operation.target() != target) {
                throw new IllegalArgumentException(operation + " addresses " + operation.target() + ", not " + target);
            }
        }
    }

    private static Route route(String method, Target target, String subresource, Predicate<S3Request> condition, S3Operation operation)
    {
        return new Route(method, target, subresource, condition, operation);
    }

    private static boolean always(S3Request request)
    {
        return true;
    }

    private static boolean listTypeTwo(S3Request request)
    {
        return request.queryParameter("list-type").filter("2"::equals).isPresent();
    }

    private static boolean copySource(S3Request request)
    {
        return request.header("x-amz-copy-source").isPresent();
    }

    private static Set<String> subresources()
    {
        Set<String> names = new HashSet<>();
        for (Route route : ROUTES) {
            if (!route.subresource().isEmpty()) {
                names.add(route.subresource());
            }
        }
        return Set.copyOf(names);
    }
}
