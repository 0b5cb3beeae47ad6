package dev.cairn.core.s3;

import dev.cairn.core.recorder.RecordResource;

import static dev.cairn.core.s3.S3Operation.ABORT_MULTIPART_UPLOAD;
import static dev.cairn.core.s3.S3Operation.COMPLETE_MULTIPART_UPLOAD;
import static dev.cairn.core.s3.S3Operation.COPY_OBJECT;
import static dev.cairn.core.s3.S3Operation.CREATE_BUCKET;
import static dev.cairn.core.s3.S3Operation.CREATE_MULTIPART_UPLOAD;
import static dev.cairn.core.s3.S3Operation.DELETE_BUCKET;
import static dev.cairn.core.s3.S3Operation.DELETE_BUCKET_CORS;
import static dev.cairn.core.s3.S3Operation.DELETE_BUCKET_ENCRYPTION;
import static dev.cairn.core.s3.S3Operation.DELETE_BUCKET_LIFECYCLE;
import static dev.cairn.core.s3.S3Operation.DELETE_BUCKET_OWNERSHIP_CONTROLS;
import static dev.cairn.core.s3.S3Operation.DELETE_BUCKET_POLICY;
import static dev.cairn.core.s3.S3Operation.DELETE_BUCKET_PUBLIC_ACCESS_BLOCK;
import static dev.cairn.core.s3.S3Operation.DELETE_BUCKET_REPLICATION;
import static dev.cairn.core.s3.S3Operation.DELETE_BUCKET_TAGGING;
import static dev.cairn.core.s3.S3Operation.DELETE_BUCKET_WEBSITE;
import static dev.cairn.core.s3.S3Operation.DELETE_OBJECT;
import static dev.cairn.core.s3.S3Operation.DELETE_OBJECTS;
import static dev.cairn.core.s3.S3Operation.DELETE_OBJECT_TAGGING;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_ACL;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_CORS;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_ENCRYPTION;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_LIFECYCLE;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_LOCATION;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_LOGGING;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_NOTIFICATION;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_OWNERSHIP_CONTROLS;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_POLICY;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_POLICY_STATUS;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_PUBLIC_ACCESS_BLOCK;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_REPLICATION;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_REQUEST_PAYMENT;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_TAGGING;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_VERSIONING;
import static dev.cairn.core.s3.S3Operation.GET_BUCKET_WEBSITE;
import static dev.cairn.core.s3.S3Operation.GET_OBJECT;
import static dev.cairn.core.s3.S3Operation.GET_OBJECT_ACL;
import static dev.cairn.core.s3.S3Operation.GET_OBJECT_ATTRIBUTES;
import static dev.cairn.core.s3.S3Operation.GET_OBJECT_LEGAL_HOLD;
import static dev.cairn.core.s3.S3Operation.GET_OBJECT_LOCK_CONFIGURATION;
import static dev.cairn.core.s3.S3Operation.GET_OBJECT_RETENTION;
import static dev.cairn.core.s3.S3Operation.GET_OBJECT_TAGGING;
import static dev.cairn.core.s3.S3Operation.HEAD_BUCKET;
import static dev.cairn.core.s3.S3Operation.HEAD_OBJECT;
import static dev.cairn.core.s3.S3Operation.LIST_BUCKETS;
import static dev.cairn.core.s3.S3Operation.LIST_MULTIPART_UPLOADS;
import static dev.cairn.core.s3.S3Operation.LIST_OBJECTS;
import static dev.cairn.core.s3.S3Operation.LIST_OBJECTS_V2;
import static dev.cairn.core.s3.S3Operation.LIST_OBJECT_VERSIONS;
import static dev.cairn.core.s3.S3Operation.LIST_PARTS;
import static dev.cairn.core.s3.S3Operation.POST_OBJECT;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_ACL;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_CORS;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_ENCRYPTION;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_LIFECYCLE;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_LOGGING;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_NOTIFICATION;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_OWNERSHIP_CONTROLS;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_POLICY;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_PUBLIC_ACCESS_BLOCK;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_REPLICATION;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_REQUEST_PAYMENT;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_TAGGING;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_VERSIONING;
import static dev.cairn.core.s3.S3Operation.PUT_BUCKET_WEBSITE;
import static dev.cairn.core.s3.S3Operation.PUT_OBJECT;
import static dev.cairn.core.s3.S3Operation.PUT_OBJECT_ACL;
import static dev.cairn.core.s3.S3Operation.PUT_OBJECT_LEGAL_HOLD;
import static dev.cairn.core.s3.S3Operation.PUT_OBJECT_LOCK_CONFIGURATION;
import static dev.cairn.core.s3.S3Operation.PUT_OBJECT_RETENTION;
import static dev.cairn.core.s3.S3Operation.PUT_OBJECT_TAGGING;
import static dev.cairn.core.s3.S3Operation.RESTORE_OBJECT;
import static dev.cairn.core.s3.S3Operation.SELECT_OBJECT_CONTENT;
import static dev.cairn.core.s3.S3Operation.UPLOAD_PART;
import static dev.cairn.core.s3.S3Operation.UPLOAD_PART_COPY;
import static dev.cairn.core.s3.S3Requests.request;
import static dev.cairn.model.EventCategory.DATA;
import static dev.cairn.model.EventCategory.MANAGEMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.s3.S3Operation.Handling;
import dev.cairn.core.s3.S3Operation.RequestBody;
import dev.cairn.core.s3.S3Operation.Route;
import dev.cairn.model.EventCategory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

class TestS3Operation
{
    private static final boolean READ = true;
    private static final boolean WRITE = false;
    private static final String BUCKET = "arn:aws:s3:::b";
    private static final String OBJECT = "arn:aws:s3:::b/k";
    private static final String BUCKET_ONLY = "Bucket b";
    private static final String OBJECT_AND_BUCKET = "Object b/k, Bucket b";
    private static final String ALL_OBJECTS_AND_BUCKET = "Objects b/, Bucket b";
    private static final Map<String, String> COPY = Map.of("x-amz-copy-source", "/src/a%20b%2Bc");

    /**
     * Every request the gateway classifies: request line (and headers) -> operation, eventName, category, readOnly,
     * the (action resource) pairs to authorize and the record's resources (as written by {@link #describe}).
     */
    private static final List<Case> CASES = List.of(
            row("GET /", LIST_BUCKETS, "ListBuckets", MANAGEMENT, READ, "s3:ListAllMyBuckets *", ""),

            row("PUT /b", CREATE_BUCKET, "CreateBucket", MANAGEMENT, WRITE, "s3:CreateBucket " + BUCKET, ""),
            row("PUT /b", Map.of("x-amz-acl", "private", "x-amz-bucket-object-lock-enabled", "true", "x-amz-object-ownership", "BucketOwnerEnforced"), CREATE_BUCKET,
                    "CreateBucket", MANAGEMENT, WRITE, "s3:CreateBucket " + BUCKET + ", s3:PutBucketAcl " + BUCKET + ", s3:PutBucketObjectLockConfiguration " + BUCKET
                            + ", s3:PutBucketVersioning " + BUCKET + ", s3:PutBucketOwnershipControls " + BUCKET, ""),
            row("DELETE /b", DELETE_BUCKET, "DeleteBucket", MANAGEMENT, WRITE, "s3:DeleteBucket " + BUCKET, BUCKET_ONLY),
            row("GET /b?location", GET_BUCKET_LOCATION, "GetBucketLocation", MANAGEMENT, READ, "s3:GetBucketLocation " + BUCKET, BUCKET_ONLY),
            row("GET /b?versioning", GET_BUCKET_VERSIONING, "GetBucketVersioning", MANAGEMENT, READ, "s3:GetBucketVersioning " + BUCKET, BUCKET_ONLY),
            row("PUT /b?versioning", PUT_BUCKET_VERSIONING, "PutBucketVersioning", MANAGEMENT, WRITE, "s3:PutBucketVersioning " + BUCKET, BUCKET_ONLY),
            row("GET /b?policy", GET_BUCKET_POLICY, "GetBucketPolicy", MANAGEMENT, READ, "s3:GetBucketPolicy " + BUCKET, BUCKET_ONLY),
            row("PUT /b?policy", PUT_BUCKET_POLICY, "PutBucketPolicy", MANAGEMENT, WRITE, "s3:PutBucketPolicy " + BUCKET, BUCKET_ONLY),
            row("DELETE /b?policy", DELETE_BUCKET_POLICY, "DeleteBucketPolicy", MANAGEMENT, WRITE, "s3:DeleteBucketPolicy " + BUCKET, BUCKET_ONLY),
            row("GET /b?policyStatus", GET_BUCKET_POLICY_STATUS, "GetBucketPolicyStatus", MANAGEMENT, READ, "s3:GetBucketPolicyStatus " + BUCKET, BUCKET_ONLY),
            row("GET /b?acl", GET_BUCKET_ACL, "GetBucketAcl", MANAGEMENT, READ, "s3:GetBucketAcl " + BUCKET, BUCKET_ONLY),
            row("PUT /b?acl", PUT_BUCKET_ACL, "PutBucketAcl", MANAGEMENT, WRITE, "s3:PutBucketAcl " + BUCKET, BUCKET_ONLY),
            row("GET /b?tagging", GET_BUCKET_TAGGING, "GetBucketTagging", MANAGEMENT, READ, "s3:GetBucketTagging " + BUCKET, BUCKET_ONLY),
            row("PUT /b?tagging", PUT_BUCKET_TAGGING, "PutBucketTagging", MANAGEMENT, WRITE, "s3:PutBucketTagging " + BUCKET, BUCKET_ONLY),
            row("DELETE /b?tagging", DELETE_BUCKET_TAGGING, "DeleteBucketTagging", MANAGEMENT, WRITE, "s3:PutBucketTagging " + BUCKET, BUCKET_ONLY),
            row("GET /b?cors", GET_BUCKET_CORS, "GetBucketCors", MANAGEMENT, READ, "s3:GetBucketCORS " + BUCKET, BUCKET_ONLY),
            row("PUT /b?cors", PUT_BUCKET_CORS, "PutBucketCors", MANAGEMENT, WRITE, "s3:PutBucketCORS " + BUCKET, BUCKET_ONLY),
            row("DELETE /b?cors", DELETE_BUCKET_CORS, "DeleteBucketCors", MANAGEMENT, WRITE, "s3:PutBucketCORS " + BUCKET, BUCKET_ONLY),
            row("GET /b?lifecycle", GET_BUCKET_LIFECYCLE, "GetBucketLifecycle", MANAGEMENT, READ, "s3:GetLifecycleConfiguration " + BUCKET, BUCKET_ONLY),
            row("PUT /b?lifecycle", PUT_BUCKET_LIFECYCLE, "PutBucketLifecycle", MANAGEMENT, WRITE, "s3:PutLifecycleConfiguration " + BUCKET, BUCKET_ONLY),
            row("DELETE /b?lifecycle", DELETE_BUCKET_LIFECYCLE, "DeleteBucketLifecycle", MANAGEMENT, WRITE, "s3:PutLifecycleConfiguration " + BUCKET, BUCKET_ONLY),
            row("GET /b?encryption", GET_BUCKET_ENCRYPTION, "GetBucketEncryption", MANAGEMENT, READ, "s3:GetEncryptionConfiguration " + BUCKET, BUCKET_ONLY),
            row("PUT /b?encryption", PUT_BUCKET_ENCRYPTION, "PutBucketEncryption", MANAGEMENT, WRITE, "s3:PutEncryptionConfiguration " + BUCKET, BUCKET_ONLY),
            row("DELETE /b?encryption", DELETE_BUCKET_ENCRYPTION, "DeleteBucketEncryption", MANAGEMENT, WRITE, "s3:PutEncryptionConfiguration " + BUCKET, BUCKET_ONLY),
            row("GET /b?website", GET_BUCKET_WEBSITE, "GetBucketWebsite", MANAGEMENT, READ, "s3:GetBucketWebsite " + BUCKET, BUCKET_ONLY),
            row("PUT /b?website", PUT_BUCKET_WEBSITE, "PutBucketWebsite", MANAGEMENT, WRITE, "s3:PutBucketWebsite " + BUCKET, BUCKET_ONLY),
            row("DELETE /b?website", DELETE_BUCKET_WEBSITE, "DeleteBucketWebsite", MANAGEMENT, WRITE, "s3:DeleteBucketWebsite " + BUCKET, BUCKET_ONLY),
            row("GET /b?logging", GET_BUCKET_LOGGING, "GetBucketLogging", MANAGEMENT, READ, "s3:GetBucketLogging " + BUCKET, BUCKET_ONLY),
            row("PUT /b?logging", PUT_BUCKET_LOGGING, "PutBucketLogging", MANAGEMENT, WRITE, "s3:PutBucketLogging " + BUCKET, BUCKET_ONLY),
            row("GET /b?notification", GET_BUCKET_NOTIFICATION, "GetBucketNotification", MANAGEMENT, READ, "s3:GetBucketNotification " + BUCKET, BUCKET_ONLY),
            row("PUT /b?notification", PUT_BUCKET_NOTIFICATION, "PutBucketNotification", MANAGEMENT, WRITE, "s3:PutBucketNotification " + BUCKET, BUCKET_ONLY),
            row("GET /b?replication", GET_BUCKET_REPLICATION, "GetBucketReplication", MANAGEMENT, READ, "s3:GetReplicationConfiguration " + BUCKET, BUCKET_ONLY),
            row("PUT /b?replication", PUT_BUCKET_REPLICATION, "PutBucketReplication", MANAGEMENT, WRITE, "s3:PutReplicationConfiguration " + BUCKET, BUCKET_ONLY),
            row("DELETE /b?replication", DELETE_BUCKET_REPLICATION, "DeleteBucketReplication", MANAGEMENT, WRITE, "s3:PutReplicationConfiguration " + BUCKET, BUCKET_ONLY),
            row("GET /b?requestPayment", GET_BUCKET_REQUEST_PAYMENT, "GetBucketRequestPayment", MANAGEMENT, READ, "s3:GetBucketRequestPayment " + BUCKET, BUCKET_ONLY),
            row("PUT /b?requestPayment", PUT_BUCKET_REQUEST_PAYMENT, "PutBucketRequestPayment", MANAGEMENT, WRITE, "s3:PutBucketRequestPayment " + BUCKET, BUCKET_ONLY),
            row("GET /b?object-lock", GET_OBJECT_LOCK_CONFIGURATION, "GetObjectLockConfiguration", MANAGEMENT, READ, "s3:GetBucketObjectLockConfiguration " + BUCKET, BUCKET_ONLY),
            row("PUT /b?object-lock", PUT_OBJECT_LOCK_CONFIGURATION, "PutObjectLockConfiguration", MANAGEMENT, WRITE, "s3:PutBucketObjectLockConfiguration " + BUCKET, BUCKET_ONLY),
            row("GET /b?publicAccessBlock", GET_BUCKET_PUBLIC_ACCESS_BLOCK, "GetBucketPublicAccessBlock", MANAGEMENT, READ, "s3:GetBucketPublicAccessBlock " + BUCKET, BUCKET_ONLY),
            row("PUT /b?publicAccessBlock", PUT_BUCKET_PUBLIC_ACCESS_BLOCK, "PutBucketPublicAccessBlock", MANAGEMENT, WRITE, "s3:PutBucketPublicAccessBlock " + BUCKET,
                    BUCKET_ONLY),
            row("DELETE /b?publicAccessBlock", DELETE_BUCKET_PUBLIC_ACCESS_BLOCK, "DeleteBucketPublicAccessBlock", MANAGEMENT, WRITE, "s3:PutBucketPublicAccessBlock " + BUCKET,
                    BUCKET_ONLY),
            row("GET /b?ownershipControls", GET_BUCKET_OWNERSHIP_CONTROLS, "GetBucketOwnershipControls", MANAGEMENT, READ, "s3:GetBucketOwnershipControls " + BUCKET,
                    BUCKET_ONLY),
            row("PUT /b?ownershipControls", PUT_BUCKET_OWNERSHIP_CONTROLS, "PutBucketOwnershipControls", MANAGEMENT, WRITE, "s3:PutBucketOwnershipControls " + BUCKET,
                    BUCKET_ONLY),
            row("DELETE /b?ownershipControls", DELETE_BUCKET_OWNERSHIP_CONTROLS, "DeleteBucketOwnershipControls", MANAGEMENT, WRITE, "s3:PutBucketOwnershipControls " + BUCKET,
                    BUCKET_ONLY),

            row("HEAD /b", HEAD_BUCKET, "HeadBucket", DATA, READ, "s3:ListBucket " + BUCKET, ALL_OBJECTS_AND_BUCKET),
            row("GET /b", LIST_OBJECTS, "ListObjects", DATA, READ, "s3:ListBucket " + BUCKET, ALL_OBJECTS_AND_BUCKET),
            row("GET /b?prefix=photos%2F&delimiter=%2F&max-keys=10", LIST_OBJECTS, "ListObjects", DATA, READ, "s3:ListBucket " + BUCKET, "Objects b/photos/, Bucket b"),
            row("GET /b?list-type=1", LIST_OBJECTS, "ListObjects", DATA, READ, "s3:ListBucket " + BUCKET, ALL_OBJECTS_AND_BUCKET),
            row("GET /b?list-type=2&prefix=&delimiter=%2F&encoding-type=url", LIST_OBJECTS_V2, "ListObjects", DATA, READ, "s3:ListBucket " + BUCKET, ALL_OBJECTS_AND_BUCKET),
            row("GET /b?versions&prefix=a", LIST_OBJECT_VERSIONS, "ListObjectVersions", DATA, READ, "s3:ListBucketVersions " + BUCKET, "Objects b/a, Bucket b"),
            row("GET /b?uploads&prefix=", LIST_MULTIPART_UPLOADS, "ListMultipartUploads", DATA, READ, "s3:ListBucketMultipartUploads " + BUCKET, ALL_OBJECTS_AND_BUCKET),
            row("POST /b?delete", DELETE_OBJECTS, "DeleteObjects", DATA, WRITE, "(per object)", ALL_OBJECTS_AND_BUCKET),
            row("POST /b?delete&x-id=DeleteObjects", DELETE_OBJECTS, "DeleteObjects", DATA, WRITE, "(per object)", ALL_OBJECTS_AND_BUCKET),
            row("POST /b", POST_OBJECT, "PostObject", DATA, WRITE, "s3:PutObject " + BUCKET, ALL_OBJECTS_AND_BUCKET),

            row("GET /b/k", GET_OBJECT, "GetObject", DATA, READ, "s3:GetObject " + OBJECT, OBJECT_AND_BUCKET),
            row("GET /b/k?x-id=GetObject", GET_OBJECT, "GetObject", DATA, READ, "s3:GetObject " + OBJECT, OBJECT_AND_BUCKET),
            row("GET /b/k?versionId=3&response-content-type=text%2Fplain", GET_OBJECT, "GetObject", DATA, READ, "s3:GetObjectVersion " + OBJECT, OBJECT_AND_BUCKET),
            row("GET /b/k?partNumber=2", GET_OBJECT, "GetObject", DATA, READ, "s3:GetObject " + OBJECT, OBJECT_AND_BUCKET),
            row("HEAD /b/k", HEAD_OBJECT, "HeadObject", DATA, READ, "s3:GetObject " + OBJECT, OBJECT_AND_BUCKET),
            row("HEAD /b/k?versionId=3", HEAD_OBJECT, "HeadObject", DATA, READ, "s3:GetObjectVersion " + OBJECT, OBJECT_AND_BUCKET),
            row("PUT /b/k", PUT_OBJECT, "PutObject", DATA, WRITE, "s3:PutObject " + OBJECT, OBJECT_AND_BUCKET),
            row("PUT /b/k?x-id=PutObject", Map.of("x-amz-acl", "bucket-owner-full-control", "x-amz-tagging", "team=audit", "x-amz-object-lock-mode", "GOVERNANCE",
                    "x-amz-object-lock-legal-hold", "ON"), PUT_OBJECT, "PutObject", DATA, WRITE, "s3:PutObject " + OBJECT
                    + ", s3:PutObjectTagging " + OBJECT + ", s3:PutObjectRetention " + OBJECT + ", s3:PutObjectLegalHold " + OBJECT, OBJECT_AND_BUCKET),
            row("PUT /b/k", COPY, COPY_OBJECT, "CopyObject", DATA, WRITE, "s3:PutObject " + OBJECT + ", s3:GetObject arn:aws:s3:::src/a b+c", OBJECT_AND_BUCKET),
            row("PUT /b/k", Map.of("x-amz-copy-source", "src/a?versionId=7"), COPY_OBJECT, "CopyObject", DATA, WRITE,
                    "s3:PutObject " + OBJECT + ", s3:GetObjectVersion arn:aws:s3:::src/a", OBJECT_AND_BUCKET),
            row("DELETE /b/k", DELETE_OBJECT, "DeleteObject", DATA, WRITE, "s3:DeleteObject " + OBJECT, OBJECT_AND_BUCKET),
            row("DELETE /b/k?versionId=3", DELETE_OBJECT, "DeleteObject", DATA, WRITE, "s3:DeleteObjectVersion " + OBJECT, OBJECT_AND_BUCKET),
            row("POST /b/k?uploads", CREATE_MULTIPART_UPLOAD, "CreateMultipartUpload", DATA, WRITE, "s3:PutObject " + OBJECT, OBJECT_AND_BUCKET),
            row("PUT /b/k?partNumber=1&uploadId=u", UPLOAD_PART, "UploadPart", DATA, WRITE, "s3:PutObject " + OBJECT, OBJECT_AND_BUCKET),
            row("PUT /b/k?partNumber=1&uploadId=u", COPY, UPLOAD_PART_COPY, "UploadPartCopy", DATA, WRITE, "s3:PutObject " + OBJECT + ", s3:GetObject arn:aws:s3:::src/a b+c",
                    OBJECT_AND_BUCKET),
            row("POST /b/k?uploadId=u", COMPLETE_MULTIPART_UPLOAD, "CompleteMultipartUpload", DATA, WRITE, "s3:PutObject " + OBJECT, OBJECT_AND_BUCKET),
            row("DELETE /b/k?uploadId=u", ABORT_MULTIPART_UPLOAD, "AbortMultipartUpload", DATA, WRITE, "s3:AbortMultipartUpload " + OBJECT, OBJECT_AND_BUCKET),
            row("GET /b/k?uploadId=u&max-parts=10", LIST_PARTS, "ListParts", DATA, READ, "s3:ListMultipartUploadParts " + OBJECT, OBJECT_AND_BUCKET),
            row("GET /b/k?tagging", GET_OBJECT_TAGGING, "GetObjectTagging", DATA, READ, "s3:GetObjectTagging " + OBJECT, OBJECT_AND_BUCKET),
            row("GET /b/k?tagging&versionId=3", GET_OBJECT_TAGGING, "GetObjectTagging", DATA, READ, "s3:GetObjectVersionTagging " + OBJECT, OBJECT_AND_BUCKET),
            row("PUT /b/k?tagging", PUT_OBJECT_TAGGING, "PutObjectTagging", DATA, WRITE, "s3:PutObjectTagging " + OBJECT, OBJECT_AND_BUCKET),
            row("DELETE /b/k?tagging", DELETE_OBJECT_TAGGING, "DeleteObjectTagging", DATA, WRITE, "s3:DeleteObjectTagging " + OBJECT, OBJECT_AND_BUCKET),
            row("GET /b/k?acl", GET_OBJECT_ACL, "GetObjectAcl", DATA, READ, "s3:GetObjectAcl " + OBJECT, OBJECT_AND_BUCKET),
            row("PUT /b/k?acl&versionId=3", PUT_OBJECT_ACL, "PutObjectAcl", DATA, WRITE, "s3:PutObjectVersionAcl " + OBJECT, OBJECT_AND_BUCKET),
            row("GET /b/k?attributes", GET_OBJECT_ATTRIBUTES, "GetObjectAttributes", DATA, READ, "s3:GetObjectAttributes " + OBJECT, OBJECT_AND_BUCKET),
            row("GET /b/k?retention", GET_OBJECT_RETENTION, "GetObjectRetention", DATA, READ, "s3:GetObjectRetention " + OBJECT, OBJECT_AND_BUCKET),
            row("PUT /b/k?retention", PUT_OBJECT_RETENTION, "PutObjectRetention", DATA, WRITE, "s3:PutObjectRetention " + OBJECT, OBJECT_AND_BUCKET),
            row("GET /b/k?legal-hold", GET_OBJECT_LEGAL_HOLD, "GetObjectLegalHold", DATA, READ, "s3:GetObjectLegalHold " + OBJECT, OBJECT_AND_BUCKET),
            row("PUT /b/k?legal-hold", PUT_OBJECT_LEGAL_HOLD, "PutObjectLegalHold", DATA, WRITE, "s3:PutObjectLegalHold " + OBJECT, OBJECT_AND_BUCKET),
            row("POST /b/k?restore", RESTORE_OBJECT, "RestoreObject", DATA, WRITE, "s3:RestoreObject " + OBJECT, OBJECT_AND_BUCKET),
            row("POST /b/k?select&select-type=2", SELECT_OBJECT_CONTENT, "SelectObjectContent", DATA, READ, "s3:GetObject " + OBJECT, OBJECT_AND_BUCKET));

    @Test
    void classifiesEveryRequest()
    {
        for (Case row : CASES) {
            S3Request request = request(row.requestLine(), row.headers());
            Optional<S3Operation> operation = S3Operation.classify(request);
            String description = row.requestLine() + " " + row.headers();
            assertThat(operation).as(description).contains(row.operation());
            S3Operation classified = operation.orElseThrow();
            assertThat(classified.eventName()).as(description).isEqualTo(row.eventName());
            assertThat(classified.category()).as(description).isEqualTo(row.category());
            assertThat(classified.readOnly()).as(description).isEqualTo(row.readOnly());
            assertThat(authorizations(classified, request)).as(description).isEqualTo(row.authorizations());
            assertThat(describe(S3Records.resources(classified, request, Optional.of("111122223333")))).as(description).isEqualTo(row.resources());
        }
    }

    @Test
    void tableCoversEveryOperation()
    {
        Set<S3Operation> covered = CASES.stream().map(Case::operation).collect(Collectors.toCollection(() -> EnumSet.noneOf(S3Operation.class)));
        assertThat(covered).containsExactlyInAnyOrder(S3Operation.values());
        Set<S3Operation> routed = S3Operation.ROUTES.stream().map(Route::operation).collect(Collectors.toCollection(() -> EnumSet.noneOf(S3Operation.class)));
        assertThat(routed).containsExactlyInAnyOrder(S3Operation.values());
    }

    @Test
    void leavesUnknownRequestsUnclassified()
    {
        for (String requestLine : List.of(
                "GET /b?analytics",
                "GET /b?inventory&id=x",
                "GET /b?metrics",
                "GET /b?accelerate",
                "GET /b/k?torrent",
                "GET /b?unknown=",
                "GET /b/k?location",
                "POST /b/k",
                "PATCH /b/k",
                "OPTIONS /b/k",
                "PUT /",
                "DELETE /",
                "HEAD /")) {
            assertThat(S3Operation.classify(request(requestLine, Map.of()))).as(requestLine).isEmpty();
        }
        // a parameter with a value that Cairn does not know is ignored, as S3 ignores it
        assertThat(S3Operation.classify(request("GET /b?unknown=1", Map.of()))).contains(LIST_OBJECTS);
        assertThat(S3Operation.classify(request("GET /b?prefix=a&&delimiter=%2F", Map.of()))).contains(LIST_OBJECTS);
        assertThat(S3Operation.classify(request("GET /b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240101T000000Z&X-Amz-Signature=ab", Map.of()))).contains(GET_OBJECT);
    }

    @Test
    void handling()
    {
        assertThat(EnumSet.allOf(S3Operation.class).stream().filter(operation -> operation.handling() == Handling.CAIRN))
                .containsExactlyInAnyOrder(GET_BUCKET_POLICY, PUT_BUCKET_POLICY, DELETE_BUCKET_POLICY);
        assertThat(EnumSet.allOf(S3Operation.class).stream().filter(operation -> operation.handling() == Handling.NOT_IMPLEMENTED))
                .containsExactlyInAnyOrder(GET_BUCKET_POLICY_STATUS, POST_OBJECT);
        assertThat(PUT_BUCKET_POLICY.requestBody()).isEqualTo(RequestBody.POLICY_BODY);
        assertThat(DELETE_OBJECTS.requestBody()).isEqualTo(RequestBody.NO_BODY);
    }

    @Test
    void deleteObjectsIsAuthorizedPerObject()
    {
        S3Request request = request("POST /b?delete", Map.of());
        assertThatThrownBy(() -> S3Authorization.of(DELETE_OBJECTS, request)).isInstanceOf(IllegalArgumentException.class);
        List<S3ObjectIdentifier> objects = S3Xml.deleteObjects("""
                <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>
                  <Object><Key>a/one.txt</Key></Object>
                  <Object><Key>two &amp; three</Key><VersionId>v2</VersionId></Object>
                </Delete>
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(S3Authorization.forDeleteObjects("b", objects)).containsExactly(
                new S3Authorization("s3:DeleteObject", "arn:aws:s3:::b/a/one.txt"),
                new S3Authorization("s3:DeleteObjectVersion", "arn:aws:s3:::b/two & three"));
    }

    @Test
    void rejectsCopySourcesWithoutBucketAndKey()
    {
        for (String source : List.of("/src", "src/", "/", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/k", "src/k?partNumber=1", "src/%zz")) {
            S3Request request = request("PUT /b/k", Map.of("x-amz-copy-source", source));
            assertThatThrownBy(() -> S3Authorization.of(COPY_OBJECT, request)).as(source)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_ARGUMENT));
        }
    }

    private static String authorizations(S3Operation operation, S3Request request)
    {
        if (operation == DELETE_OBJECTS) {
            return "(per object)";
        }
        return S3Authorization.of(operation, request).stream()
                .map(authorization -> authorization.action() + " " + authorization.resource())
                .collect(Collectors.joining(", "));
    }

    /** {@code Object b/k}, {@code Objects b/prefix} (an {@code ARNPrefix}), {@code Bucket b} (with the owner's account). */
    private static String describe(List<RecordResource> resources)
    {
        return resources.stream()
                .map(resource -> {
                    String name = resource.arn().substring("arn:aws:s3:::".length());
                    if (resource.type().equals(RecordResource.S3_BUCKET)) {
                        assertThat(resource.accountId()).contains("111122223333");
                        return "Bucket " + name;
                    }
                    assertThat(resource.accountId()).isEmpty();
                    return (resource.arnPrefix() ? "Objects " : "Object ") + name;
                })
                .collect(Collectors.joining(", "));
    }

    private static Case row(String requestLine, S3Operation operation, String eventName, EventCategory category, boolean readOnly, String authorizations, String resources)
    {
        return new Case(requestLine, Map.of(), operation, eventName, category, readOnly, authorizations, resources);
    }

    private static Case row(String requestLine, Map<String, String> headers, S3Operation operation, String eventName, EventCategory category, boolean readOnly,
            String authorizations, String resources)
    {
        return new Case(requestLine, headers, operation, eventName, category, readOnly, authorizations, resources);
    }

    private record Case(String requestLine, Map<String, String> headers, S3Operation operation, String eventName, EventCategory category, boolean readOnly,
            String authorizations, String resources) {}
}
