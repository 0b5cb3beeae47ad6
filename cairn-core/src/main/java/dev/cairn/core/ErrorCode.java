package dev.cairn.core;

import dev.cairn.core.api.Service;

import java.util.Optional;

/**
 * Every error Cairn returns. Errors the service models define name their exception shape; the wire code and HTTP
 * status then come from the model (see {@code ServiceModel.errorCode}). Protocol-level errors, which no model
 * defines, state their codes here for both protocols. A code never changes once shipped.
 */
public enum ErrorCode
{
    // protocol level, the same for every AWS service
    ACCESS_DENIED("AccessDeniedException", 400, "AccessDenied", 403, "AccessDenied"),
    VALIDATION("ValidationException", 400, "ValidationError", 400, "ValidationException"),
    SERIALIZATION("SerializationException", 400, "MalformedInput", 400, "SerializationException"),
    UNKNOWN_OPERATION("UnknownOperationException", 400, "InvalidAction", 400, "UnknownOperationException"),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400, "MissingAuthenticationToken", 403, "MissingAuthenticationToken"),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400, "IncompleteSignature", 400, "IncompleteSignature"),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400, "InvalidClientTokenId", 403, "UnrecognizedClientException"),
    INVALID_SIGNATURE("InvalidSignatureException", 400, "SignatureDoesNotMatch", 403, "InvalidSignatureException"),
    /** Temporary credentials past their expiration; the AWS SDKs refresh credentials on it. */
    EXPIRED_TOKEN("ExpiredTokenException", 400, "ExpiredToken", 403, "ExpiredTokenException"),
    INTERNAL_FAILURE("InternalFailure", 500, "InternalFailure", 500, "InternalFailure"),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, "ServiceUnavailable", 503, "ServiceUnavailable"),
    /** More calls are waiting to be recorded than the journal takes: the AWS SDKs retry these with backoff. */
    THROTTLING("ThrottlingException", 400, "Throttling", 400, "ThrottlingException"),
    /** A request body over the service's limit: answered before it is read, and never recorded. */
    REQUEST_TOO_LARGE("RequestEntityTooLargeException", 413, "RequestEntityTooLarge", 413, "RequestEntityTooLargeException"),
    /**
     * A request body that stopped arriving: the codes S3 answers, which the AWS SDKs and the AWS CLI retry.
     */
    REQUEST_TIMEOUT("RequestTimeoutException", 400, "RequestTimeout", 400, "RequestTimeoutException"),

    // the web console's own answers (not AWS operations)
    NOT_SIGNED_IN("NotSignedIn", 401, "NotSignedIn", 401, "NotSignedIn"),
    INVALID_CSRF_TOKEN("InvalidCsrfToken", 403, "InvalidCsrfToken", 403, "InvalidCsrfToken"),
    PASSWORD_RESET_REQUIRED("PasswordResetRequired", 403, "PasswordResetRequired", 403, "PasswordResetRequired"),
    SIGN_IN_FAILED("SignInFailed", 401, "SignInFailed", 401, "SignInFailed"),
    SIGN_IN_LOCKED_OUT("TooManyFailedSignIns", 429, "TooManyFailedSignIns", 429, "TooManyFailedSignIns"),

    // CloudTrail model
    UNSUPPORTED_OPERATION(Service.CLOUDTRAIL, "UnsupportedOperationException"),
    OPERATION_NOT_PERMITTED(Service.CLOUDTRAIL, "OperationNotPermittedException"),
    INVALID_LOOKUP_ATTRIBUTES(Service.CLOUDTRAIL, "InvalidLookupAttributesException"),
    INVALID_TIME_RANGE(Service.CLOUDTRAIL, "InvalidTimeRangeException"),
    INVALID_MAX_RESULTS(Service.CLOUDTRAIL, "InvalidMaxResultsException"),
    INVALID_NEXT_TOKEN(Service.CLOUDTRAIL, "InvalidNextTokenException"),
    INVALID_EVENT_CATEGORY(Service.CLOUDTRAIL, "InvalidEventCategoryException"),
    TRAIL_ALREADY_EXISTS(Service.CLOUDTRAIL, "TrailAlreadyExistsException"),
    TRAIL_NOT_FOUND(Service.CLOUDTRAIL, "TrailNotFoundException"),
    INVALID_TRAIL_NAME(Service.CLOUDTRAIL, "InvalidTrailNameException"),
    S3_BUCKET_DOES_NOT_EXIST(Service.CLOUDTRAIL, "S3BucketDoesNotExistException"),
    INSUFFICIENT_S3_BUCKET_POLICY(Service.CLOUDTRAIL, "InsufficientS3BucketPolicyException"),
    INSUFFICIENT_SNS_TOPIC_POLICY(Service.CLOUDTRAIL, "InsufficientSnsTopicPolicyException"),
    MAXIMUM_NUMBER_OF_TRAILS_EXCEEDED(Service.CLOUDTRAIL, "MaximumNumberOfTrailsExceededException"),
    INVALID_S3_BUCKET_NAME(Service.CLOUDTRAIL, "InvalidS3BucketNameException"),
    INVALID_S3_PREFIX(Service.CLOUDTRAIL, "InvalidS3PrefixException"),
    INVALID_SNS_TOPIC_NAME(Service.CLOUDTRAIL, "InvalidSnsTopicNameException"),
    INVALID_KMS_KEY_ID(Service.CLOUDTRAIL, "InvalidKmsKeyIdException"),
    TAGS_LIMIT_EXCEEDED(Service.CLOUDTRAIL, "TagsLimitExceededException"),
    INVALID_TAG_PARAMETER(Service.CLOUDTRAIL, "InvalidTagParameterException"),
    INVALID_PARAMETER_COMBINATION(Service.CLOUDTRAIL, "InvalidParameterCombinationException"),
    INVALID_PARAMETER(Service.CLOUDTRAIL, "InvalidParameterException"),
    CLOUDTRAIL_ARN_INVALID(Service.CLOUDTRAIL, "CloudTrailARNInvalidException"),
    INVALID_HOME_REGION(Service.CLOUDTRAIL, "InvalidHomeRegionException"),
    INVALID_EVENT_SELECTORS(Service.CLOUDTRAIL, "InvalidEventSelectorsException"),
    INVALID_INSIGHT_SELECTORS(Service.CLOUDTRAIL, "InvalidInsightSelectorsException"),
    INSIGHT_NOT_ENABLED(Service.CLOUDTRAIL, "InsightNotEnabledException"),
    RESOURCE_NOT_FOUND(Service.CLOUDTRAIL, "ResourceNotFoundException"),
    RESOURCE_TYPE_NOT_SUPPORTED(Service.CLOUDTRAIL, "ResourceTypeNotSupportedException"),
    INVALID_TOKEN(Service.CLOUDTRAIL, "InvalidTokenException"),
    INVALID_CLOUDWATCH_LOGS_LOG_GROUP_ARN(Service.CLOUDTRAIL, "InvalidCloudWatchLogsLogGroupArnException"),
    INVALID_CLOUDWATCH_LOGS_ROLE_ARN(Service.CLOUDTRAIL, "InvalidCloudWatchLogsRoleArnException"),
    ORGANIZATIONS_NOT_IN_USE(Service.CLOUDTRAIL, "OrganizationsNotInUseException"),
    NOT_ORGANIZATION_MASTER_ACCOUNT(Service.CLOUDTRAIL, "NotOrganizationMasterAccountException"),
    CLOUDTRAIL_ACCESS_NOT_ENABLED(Service.CLOUDTRAIL, "CloudTrailAccessNotEnabledException"),
    NOT_ORGANIZATION_MANAGEMENT_ACCOUNT(Service.CLOUDTRAIL, "NotOrganizationManagementAccountException"),
    CLOUDTRAIL_ACCOUNT_REGISTERED(Service.CLOUDTRAIL, "AccountRegisteredException"),
    CLOUDTRAIL_ACCOUNT_NOT_REGISTERED(Service.CLOUDTRAIL, "AccountNotRegisteredException"),
    CLOUDTRAIL_ACCOUNT_NOT_FOUND(Service.CLOUDTRAIL, "AccountNotFoundException"),
    CANNOT_DELEGATE_MANAGEMENT_ACCOUNT(Service.CLOUDTRAIL, "CannotDelegateManagementAccountException"),
    DELEGATED_ADMIN_ACCOUNT_LIMIT_EXCEEDED(Service.CLOUDTRAIL, "DelegatedAdminAccountLimitExceededException"),
    // CloudTrail Lake: event data stores, channels, resource policies
    EVENT_DATA_STORE_ALREADY_EXISTS(Service.CLOUDTRAIL, "EventDataStoreAlreadyExistsException"),
    EVENT_DATA_STORE_NOT_FOUND(Service.CLOUDTRAIL, "EventDataStoreNotFoundException"),
    EVENT_DATA_STORE_ARN_INVALID(Service.CLOUDTRAIL, "EventDataStoreARNInvalidException"),
    EVENT_DATA_STORE_TERMINATION_PROTECTED(Service.CLOUDTRAIL, "EventDataStoreTerminationProtectedException"),
    EVENT_DATA_STORE_MAX_LIMIT_EXCEEDED(Service.CLOUDTRAIL, "EventDataStoreMaxLimitExceededException"),
    INVALID_EVENT_DATA_STORE_STATUS(Service.CLOUDTRAIL, "InvalidEventDataStoreStatusException"),
    INVALID_EVENT_DATA_STORE_CATEGORY(Service.CLOUDTRAIL, "InvalidEventDataStoreCategoryException"),
    INACTIVE_EVENT_DATA_STORE(Service.CLOUDTRAIL, "InactiveEventDataStoreException"),
    CHANNEL_EXISTS_FOR_EDS(Service.CLOUDTRAIL, "ChannelExistsForEDSException"),
    CHANNEL_ARN_INVALID(Service.CLOUDTRAIL, "ChannelARNInvalidException"),
    CHANNEL_NOT_FOUND(Service.CLOUDTRAIL, "ChannelNotFoundException"),
    CHANNEL_ALREADY_EXISTS(Service.CLOUDTRAIL, "ChannelAlreadyExistsException"),
    CHANNEL_MAX_LIMIT_EXCEEDED(Service.CLOUDTRAIL, "ChannelMaxLimitExceededException"),
    INVALID_SOURCE(Service.CLOUDTRAIL, "InvalidSourceException"),
    RESOURCE_ARN_NOT_VALID(Service.CLOUDTRAIL, "ResourceARNNotValidException"),
    RESOURCE_POLICY_NOT_VALID(Service.CLOUDTRAIL, "ResourcePolicyNotValidException"),
    RESOURCE_POLICY_NOT_FOUND(Service.CLOUDTRAIL, "ResourcePolicyNotFoundException"),
    /** A Lake query that is not one SELECT, or that uses syntax, a function or a table Lake does not take. */
    INVALID_QUERY_STATEMENT(Service.CLOUDTRAIL, "InvalidQueryStatementException"),
    MAX_CONCURRENT_QUERIES(Service.CLOUDTRAIL, "MaxConcurrentQueriesException"),
    QUERY_ID_NOT_FOUND(Service.CLOUDTRAIL, "QueryIdNotFoundException"),
    INACTIVE_QUERY(Service.CLOUDTRAIL, "InactiveQueryException"),
    INVALID_DATE_RANGE(Service.CLOUDTRAIL, "InvalidDateRangeException"),
    INVALID_QUERY_STATUS(Service.CLOUDTRAIL, "InvalidQueryStatusException"),
    CONFLICT(Service.CLOUDTRAIL, "ConflictException"),

    // IAM model
    STS_MALFORMED_POLICY_DOCUMENT(Service.STS, "MalformedPolicyDocumentException"),
    PACKED_POLICY_TOO_LARGE(Service.STS, "PackedPolicyTooLargeException"),

    NO_SUCH_ENTITY(Service.IAM, "NoSuchEntityException"),
    ENTITY_ALREADY_EXISTS(Service.IAM, "EntityAlreadyExistsException"),
    LIMIT_EXCEEDED(Service.IAM, "LimitExceededException"),
    DELETE_CONFLICT(Service.IAM, "DeleteConflictException"),
    MALFORMED_POLICY_DOCUMENT(Service.IAM, "MalformedPolicyDocumentException"),
    INVALID_INPUT(Service.IAM, "InvalidInputException"),
    POLICY_NOT_ATTACHABLE(Service.IAM, "PolicyNotAttachableException"),
    PASSWORD_POLICY_VIOLATION(Service.IAM, "PasswordPolicyViolationException"),
    INVALID_USER_TYPE(Service.IAM, "InvalidUserTypeException"),
    ENTITY_TEMPORARILY_UNMODIFIABLE(Service.IAM, "EntityTemporarilyUnmodifiableException"),

    // Organizations model (its AccessDeniedException is the protocol-level ACCESS_DENIED: the same name)
    AWS_ORGANIZATIONS_NOT_IN_USE(Service.ORGANIZATIONS, "AWSOrganizationsNotInUseException"),
    ALREADY_IN_ORGANIZATION(Service.ORGANIZATIONS, "AlreadyInOrganizationException"),
    /** Carries a {@code Reason} ({@code ConstraintViolationExceptionReason}). */
    ORGANIZATIONS_CONSTRAINT_VIOLATION(Service.ORGANIZATIONS, "ConstraintViolationException"),
    /** Carries a {@code Reason} ({@code InvalidInputExceptionReason}). */
    ORGANIZATIONS_INVALID_INPUT(Service.ORGANIZATIONS, "InvalidInputException"),
    ORGANIZATION_NOT_EMPTY(Service.ORGANIZATIONS, "OrganizationNotEmptyException"),
    MASTER_CANNOT_LEAVE_ORGANIZATION(Service.ORGANIZATIONS, "MasterCannotLeaveOrganizationException"),
    DUPLICATE_ACCOUNT(Service.ORGANIZATIONS, "DuplicateAccountException"),
    ACCOUNT_NOT_FOUND(Service.ORGANIZATIONS, "AccountNotFoundException"),
    PARENT_NOT_FOUND(Service.ORGANIZATIONS, "ParentNotFoundException"),
    SOURCE_PARENT_NOT_FOUND(Service.ORGANIZATIONS, "SourceParentNotFoundException"),
    DESTINATION_PARENT_NOT_FOUND(Service.ORGANIZATIONS, "DestinationParentNotFoundException"),
    CHILD_NOT_FOUND(Service.ORGANIZATIONS, "ChildNotFoundException"),
    ORGANIZATIONAL_UNIT_NOT_FOUND(Service.ORGANIZATIONS, "OrganizationalUnitNotFoundException"),
    ORGANIZATIONAL_UNIT_NOT_EMPTY(Service.ORGANIZATIONS, "OrganizationalUnitNotEmptyException"),
    DUPLICATE_ORGANIZATIONAL_UNIT(Service.ORGANIZATIONS, "DuplicateOrganizationalUnitException"),
    CREATE_ACCOUNT_STATUS_NOT_FOUND(Service.ORGANIZATIONS, "CreateAccountStatusNotFoundException"),
    ACCOUNT_ALREADY_REGISTERED(Service.ORGANIZATIONS, "AccountAlreadyRegisteredException"),
    ACCOUNT_NOT_REGISTERED(Service.ORGANIZATIONS, "AccountNotRegisteredException"),

    // CloudTrail Data model (PutAuditEvents; the shapes are named without "Exception", as the model has them)
    DATA_CHANNEL_NOT_FOUND(Service.CLOUDTRAIL_DATA, "ChannelNotFound"),
    /** A caller whose account is not the channel's and whom the channel's resource policy does not let in. */
    DATA_CHANNEL_INSUFFICIENT_PERMISSION(Service.CLOUDTRAIL_DATA, "ChannelInsufficientPermission"),
    DATA_INVALID_CHANNEL_ARN(Service.CLOUDTRAIL_DATA, "InvalidChannelARN"),
    DATA_DUPLICATED_AUDIT_EVENT_ID(Service.CLOUDTRAIL_DATA, "DuplicatedAuditEventId"),

    // CloudWatch Logs model
    LOGS_RESOURCE_ALREADY_EXISTS(Service.LOGS, "ResourceAlreadyExistsException"),
    LOGS_RESOURCE_NOT_FOUND(Service.LOGS, "ResourceNotFoundException"),
    /** CloudWatch Logs answers input that breaks the model's constraints with this, not ValidationException. */
    LOGS_INVALID_PARAMETER(Service.LOGS, "InvalidParameterException"),
    /** More than 50 tags on a log group through TagResource, with the resource's ARN as {@code resourceName}. */
    LOGS_TOO_MANY_TAGS(Service.LOGS, "TooManyTagsException"),
    /** More than the model's 100 metric filters in a log group. */
    LOGS_LIMIT_EXCEEDED(Service.LOGS, "LimitExceededException"),

    // EventBridge model (it answers input that breaks the model's constraints with the protocol's ValidationException)
    EVENTS_RESOURCE_NOT_FOUND(Service.EVENTS, "ResourceNotFoundException"),
    EVENTS_RESOURCE_ALREADY_EXISTS(Service.EVENTS, "ResourceAlreadyExistsException"),
    INVALID_EVENT_PATTERN(Service.EVENTS, "InvalidEventPatternException"),
    EVENTS_LIMIT_EXCEEDED(Service.EVENTS, "LimitExceededException"),

    // SNS model (Query protocol: the wire codes are the shapes' error codes, NotFound, InvalidParameter, ...)
    SNS_NOT_FOUND(Service.SNS, "NotFoundException"),
    /** SNS's answer to input it refuses, with messages such as "Invalid parameter: TopicArn". */
    SNS_INVALID_PARAMETER(Service.SNS, "InvalidParameterException"),
    /** An unsigned unsubscribe of a subscription confirmed with AuthenticateOnUnsubscribe. */
    SNS_AUTHORIZATION_ERROR(Service.SNS, "AuthorizationErrorException"),
    SNS_TAG_LIMIT_EXCEEDED(Service.SNS, "TagLimitExceededException");

    private final Optional<Service> modelService;
    private final String shapeOrJsonCode;
    private final int jsonStatus;
    private final String queryCode;
    private final int queryStatus;
    private final String recordCode;

    ErrorCode(String jsonCode, int jsonStatus, String queryCode, int queryStatus, String recordCode)
    {
        this.modelService = Optional.empty();
        this.shapeOrJsonCode = jsonCode;
        this.jsonStatus = jsonStatus;
        this.queryCode = queryCode;
        this.queryStatus = queryStatus;
        this.recordCode = recordCode;
    }

    ErrorCode(Service service, String shapeName)
    {
        this.modelService = Optional.of(service);
        this.shapeOrJsonCode = shapeName;
        this.jsonStatus = 400;
        this.queryCode = null;
        this.queryStatus = 0;
        this.recordCode = shapeName;
    }

    /** The service whose model defines this error; empty for protocol-level errors. */
    public Optional<Service> modelService()
    {
        return modelService;
    }

    /** For model errors: the exception shape's name. */
    public String shapeName()
    {
        return modelService.map(ignored -> shapeOrJsonCode).orElseThrow(() -> new IllegalStateException(name() + " is not a model error"));
    }

    /** For protocol-level errors: the {@code __type} of AWS JSON 1.1. */
    public String jsonCode()
    {
        return shapeOrJsonCode;
    }

    public int jsonStatus()
    {
        return jsonStatus;
    }

    /** For protocol-level errors: the {@code Code} of an AWS Query {@code ErrorResponse}. */
    public String queryCode()
    {
        return queryCode;
    }

    public int queryStatus()
    {
        return queryStatus;
    }

    /** The record's {@code errorCode}. */
    public String recordCode()
    {
        return recordCode;
    }
}
