package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Cairn;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import dev.cairn.core.api.ApiResult;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.JsonInput;
import dev.cairn.core.api.Protocol;
import dev.cairn.core.api.QueryCodec;
import dev.cairn.core.api.RestJsonInput;
import dev.cairn.core.api.Service;
import dev.cairn.core.ops.sns.UnsignedSnsLinks;
import dev.cairn.core.api.ServiceModel;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.Optional;

/**
 * {@code POST /} and the REST paths: every AWS API request. Detects the protocol (a REST-JSON operation's path, such
 * as CloudTrail Data's {@code POST /PutAuditEvents}, means REST-JSON; else an {@code X-Amz-Target} header means JSON
 * 1.1, else AWS Query) and, for JSON 1.1, the service by the target's prefix (each JSON model's; CloudTrail answers the
 * others), for Query by the signing name of the request's credential scope (IAM, STS or SNS), authenticates, decodes the input with the model, hands the call to the core and encodes the
 * result. Errors before the core (authentication, unknown operation, malformed body) are answered here and are not
 * recorded: they never reached an operation.
 */
public final class ApiEndpoint
{
    static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.1";
    static final String REST_JSON_CONTENT_TYPE = "application/json";
    static final String XML_CONTENT_TYPE = "text/xml";
    static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    static final String REQUEST_ID_ATTRIBUTE = "cairn.requestId";
    private static final Logger log = LoggerFactory.getLogger(ApiEndpoint.class);
    private static final String SHORT_TARGET_PREFIX = "CloudTrail_20131101.";

    private final Cairn cairn;
    private final RequestAuthenticator authenticator;
    private final TrustedProxies proxies;
    private final ErrorMapper errors;
    private final String cloudTrailTargetPrefix;
    /** Each JSON 1.1 service but CloudTrail by its target prefix (with the dot): CloudTrail answers the rest. */
    private final Map<String, Service> jsonTargetPrefixes;
    /** The AWS Query services (IAM, STS, SNS): a Query request's SigV4 signing name picks one of them. */
    private final List<Service> queryServices;
    /** The REST-JSON operations by method and path ({@code POST /PutAuditEvents}). */
    private final Map<String, RestOperation> restOperations;
    private final Duration bodyTimeout;

    /** A REST-JSON operation: its service and name. */
    private record RestOperation(Service service, String name) {}

    ApiEndpoint(Cairn cairn, RequestAuthenticator authenticator, TrustedProxies proxies, Duration bodyTimeout)
    {
        this.cairn = requireNonNull(cairn, "cairn is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.proxies = requireNonNull(proxies, "proxies is null");
        this.bodyTimeout = requireNonNull(bodyTimeout, "bodyTimeout is null");
        this.errors = new ErrorMapper(cairn.catalog());
        this.cloudTrailTargetPrefix = cairn.catalog().model(Service.CLOUDTRAIL).targetPrefix().orElseThrow() + ".";
        Map<String, Service> jsonTargetPrefixes = new LinkedHashMap<>();
        for (Service each : Service.values()) {
            ServiceModel model = cairn.catalog().model(each);
            if (each != Service.CLOUDTRAIL && model.protocol() == Protocol.JSON) {
                jsonTargetPrefixes.put(model.targetPrefix().orElseThrow() + ".", each);
            }
        }
        this.jsonTargetPrefixes = Map.copyOf(jsonTargetPrefixes);
        List<Service> queryServices = new ArrayList<>();
        for (Service each : Service.values()) {
            if (cairn.catalog().model(each).protocol() == Protocol.QUERY) {
                queryServices.add(each);
            }
        }
        this.queryServices = List.copyOf(queryServices);
        Map<String, RestOperation> restOperations = new LinkedHashMap<>();
        for (Service each : Service.values()) {
            ServiceModel model = cairn.catalog().model(each);
            if (model.protocol() == Protocol.REST_JSON) {
                model.operations().values().forEach(operation -> restOperations.put(operation.httpMethod() + " " + operation.requestUri(), new RestOperation(each, operation.name())));
            }
        }
        this.restOperations = Map.copyOf(restOperations);
    }

    /** The paths of the REST-JSON operations, which the server routes here beside {@code /}. */
    List<String> restPaths()
    {
        return restOperations.keySet().stream().map(key -> key.substring(key.indexOf(' ') + 1)).distinct().toList();
    }

    private Optional<RestOperation> restOperation(Context ctx)
    {
        return Optional.ofNullable(restOperations.get(ctx.method().name() + " " + ctx.req().getRequestURI()));
    }

    void handle(Context ctx)
    {
        Optional<String> link = unsignedSnsLink(ctx);
        if (link.isPresent()) {
            followSnsLink(ctx, link.get());
            return;
        }
        String requestId = ctx.attribute(REQUEST_ID_ATTRIBUTE);
        String target = ctx.header("X-Amz-Target");
        Optional<RestOperation> rest = restOperation(ctx);
        Protocol protocol = rest.isPresent() ? Protocol.REST_JSON : target != null ? Protocol.JSON : Protocol.QUERY;
        Service service = rest.map(RestOperation::service).orElseGet(() -> protocol == Protocol.JSON ? jsonService(target) : Service.IAM);
        try {
            byte[] body = RequestBodies.read(ctx, maximumRequestBytes(protocol, service), bodyTimeout);
            Function<String, String> headers = headerLookup(ctx.req());
            Map<String, List<String>> query = parseParameters(ctx.queryString());
            Map<String, String> form = Map.of();
            String operation;
            if (protocol == Protocol.REST_JSON) {
                operation = rest.get().name();
            }
            else if (protocol == Protocol.JSON) {
                operation = operationFromTarget(target);
            }
            else {
                form = formParameters(query, headers.apply("content-type"), body);
                operation = form.get("Action");
            }
            List<Service> accepted = protocol == Protocol.QUERY ? queryServices : List.of(service);
            RequestAuthenticator.Authenticated authenticated = authenticator.authenticate(accepted, ctx.method().name(), ctx.req().getRequestURI(), query, headers, body);
            service = authenticated.service();
            ServiceModel model = cairn.catalog().model(service);
            if (operation == null || operation.isEmpty()) {
                throw new CairnException(ErrorCode.UNKNOWN_OPERATION, protocol == Protocol.JSON ? "Missing X-Amz-Target operation." : "Missing Action parameter.");
            }
            String operationName = operation;
            if (cairn.operations().find(service, operationName).isEmpty()) {
                throw new CairnException(ErrorCode.UNKNOWN_OPERATION, protocol == Protocol.JSON
                        ? "Operation " + operationName + " is not a " + service.signingName() + " operation."
                        : "Could not find operation " + operationName + " for version " + model.apiVersion());
            }
            ObjectNode input = switch (protocol) {
                case JSON -> JsonInput.parseObject(body);
                case REST_JSON -> decodeRestJson(model, operationName, query, body);
                case QUERY -> decodeQuery(model, operationName, form);
            };
            RequestOrigin origin = proxies.origin(ctx.req());
            CallContext call = new CallContext(
                    requestId,
                    service,
                    operationName,
                    authenticated.region(),
                    authenticated.principal(),
                    input,
                    origin.clientAddress(),
                    Optional.ofNullable(ctx.header("User-Agent")),
                    origin.tls(),
                    false,
                    cairn.clock().instant());
            ApiResult result = cairn.invoke(call);
            if (result instanceof ApiResult.Success success) {
                respond(ctx, protocol, model, operationName, success.output(), requestId);
            }
            else {
                respondError(ctx, protocol, service, ((ApiResult.Failure) result).error(), requestId);
            }
        }
        catch (IOException | RuntimeException e) {
            respondError(ctx, protocol, service, ErrorMapper.forException(e, requestId), requestId);
        }
    }

    /**
     * The SNS action of a link in an SNS message, when the request is one: ConfirmSubscription as an endpoint makes it by
     * visiting the SubscribeURL of its SubscriptionConfirmation ({@code GET /?Action=ConfirmSubscription&TopicArn=...&Token=...}),
     * or Unsubscribe by a notification's UnsubscribeURL ({@code GET /?Action=Unsubscribe&SubscriptionArn=...}), without a
     * signature, which SNS accepts (the token, or the subscription's ARN, is the credential). Signed requests take the
     * usual way.
     */
    private static Optional<String> unsignedSnsLink(Context ctx)
    {
        if (!ctx.method().name().equals("GET") || ctx.header("Authorization") != null) {
            return Optional.empty();
        }
        Map<String, List<String>> query = parseParameters(ctx.queryString());
        if (query.containsKey("X-Amz-Algorithm")) {
            return Optional.empty();
        }
        List<String> action = query.getOrDefault("Action", List.of());
        return action.size() == 1 && Set.of("ConfirmSubscription", "Unsubscribe").contains(action.get(0)) ? Optional.of(action.get(0)) : Optional.empty();
    }

    private void followSnsLink(Context ctx, String action)
    {
        String requestId = ctx.attribute(REQUEST_ID_ATTRIBUTE);
        try {
            Map<String, List<String>> query = parseParameters(ctx.queryString());
            RequestOrigin origin = proxies.origin(ctx.req());
            UnsignedSnsLinks.Caller caller = new UnsignedSnsLinks.Caller(requestId, origin.clientAddress(), Optional.ofNullable(ctx.header("User-Agent")), origin.tls(),
                    cairn.clock().instant());
            ApiResult result = action.equals("Unsubscribe")
                    ? cairn.unsignedSnsLinks().unsubscribe(first(query, "SubscriptionArn"), caller)
                    : cairn.unsignedSnsLinks().confirm(first(query, "TopicArn"), first(query, "Token"), caller);
            if (result instanceof ApiResult.Success success) {
                respond(ctx, Protocol.QUERY, cairn.catalog().model(Service.SNS), action, success.output(), requestId);
            }
            else {
                respondError(ctx, Protocol.QUERY, Service.SNS, ((ApiResult.Failure) result).error(), requestId);
            }
        }
        catch (IOException | RuntimeException e) {
            respondError(ctx, Protocol.QUERY, Service.SNS, ErrorMapper.forException(e, requestId), requestId);
        }
    }

    private static String first(Map<String, List<String>> parameters, String name)
    {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /**
     * The largest body a protocol's services accept. AWS documents no limit for CloudTrail's or IAM's requests; these
     * are far above the largest valid input (an IAM policy document of 131,072 characters, percent-encoded) and far
     * below what would strain the server.
     */
    static long maximumRequestBytes(Protocol protocol)
    {
        return protocol == Protocol.QUERY ? 2 * 1024 * 1024 : 1024 * 1024;
    }

    /**
     * The largest body a service accepts: CloudWatch Logs takes a PutLogEvents batch of 1,048,576 bytes of messages,
     * which JSON escaping can make several times larger; the others as {@link #maximumRequestBytes(Protocol)} (for
     * CloudTrail Data the documented "up to 1 MB" of a PutAuditEvents request).
     */
    static long maximumRequestBytes(Protocol protocol, Service service)
    {
        return service == Service.LOGS ? 8 * 1024 * 1024 : maximumRequestBytes(protocol);
    }

    /** A request to the API by {@code GET /}: an AWS Query call with its parameters (and a presigned signature) in the URL. */
    static boolean isQueryGet(Context ctx)
    {
        String query = ctx.queryString();
        return query != null && (query.startsWith("Action=") || query.contains("&Action="));
    }

    /** Answers a call that arrives before the server is ready (or while it stops): 503, in the call's protocol. */
    void unavailable(Context ctx)
    {
        String requestId = ctx.attribute(REQUEST_ID_ATTRIBUTE);
        String target = ctx.header("X-Amz-Target");
        Optional<RestOperation> rest = restOperation(ctx);
        Protocol protocol = rest.isPresent() ? Protocol.REST_JSON : target != null ? Protocol.JSON : Protocol.QUERY;
        Service service = rest.map(RestOperation::service).orElseGet(() -> protocol == Protocol.JSON ? jsonService(target) : Service.IAM);
        respondError(ctx, protocol, service, new CairnException(ErrorCode.SERVICE_UNAVAILABLE, "Cairn is starting or stopping; retry."), requestId);
    }

    /** The JSON 1.1 service a target names by its model's target prefix, else CloudTrail (which answers unknown targets). */
    private Service jsonService(String target)
    {
        return jsonTargetPrefix(target).map(jsonTargetPrefixes::get).orElse(Service.CLOUDTRAIL);
    }

    private Optional<String> jsonTargetPrefix(String target)
    {
        int dot = target.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String prefix = target.substring(0, dot + 1);
        return jsonTargetPrefixes.containsKey(prefix) ? Optional.of(prefix) : Optional.empty();
    }

    private String operationFromTarget(String target)
    {
        Optional<String> prefix = jsonTargetPrefix(target);
        if (prefix.isPresent()) {
            return target.substring(prefix.get().length());
        }
        if (target.startsWith(cloudTrailTargetPrefix)) {
            return target.substring(cloudTrailTargetPrefix.length());
        }
        if (target.startsWith(SHORT_TARGET_PREFIX)) {
            return target.substring(SHORT_TARGET_PREFIX.length());
        }
        throw new CairnException(ErrorCode.UNKNOWN_OPERATION, "Unknown X-Amz-Target: " + target);
    }

    private static ObjectNode decodeRestJson(ServiceModel model, String operation, Map<String, List<String>> query, byte[] body)
    {
        Optional<String> shape = model.operation(operation).orElseThrow().input();
        return shape.isPresent() ? RestJsonInput.decode(model.shape(shape.get()), query, body) : JsonInput.parseObject(body);
    }

    private static ObjectNode decodeQuery(ServiceModel model, String operation, Map<String, String> form)
    {
        return model.operation(operation).orElseThrow().input()
                .map(shape -> QueryCodec.decode(model.shape(shape), form))
                .orElseGet(JsonNodeFactory.instance::objectNode);
    }

    private void respond(Context ctx, Protocol protocol, ServiceModel model, String operation, ObjectNode output, String requestId)
            throws JsonProcessingException
    {
        if (protocol == Protocol.JSON) {
            write(ctx, 200, JSON_CONTENT_TYPE, Json.mapper().writeValueAsBytes(output));
        }
        else if (protocol == Protocol.REST_JSON) {
            write(ctx, 200, REST_JSON_CONTENT_TYPE, Json.mapper().writeValueAsBytes(output));
        }
        else {
            write(ctx, 200, XML_CONTENT_TYPE, QueryCodec.encodeResponse(model, model.operation(operation).orElseThrow(), output, requestId).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void respondError(Context ctx, Protocol protocol, Service service, CairnException error, String requestId)
    {
        ErrorMapper.WireError wire = errors.map(protocol, service, error, requestId);
        if (wire.status() >= 500) {
            log.warn("request {} answered {} {}", requestId, wire.status(), wire.code());
        }
        else {
            log.debug("request {} answered {} {}", requestId, wire.status(), wire.code());
        }
        if (protocol != Protocol.QUERY) {
            ctx.header("x-amzn-ErrorType", wire.code());
        }
        write(ctx, wire.status(), wire.contentType(), wire.body().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the whole body with its length, straight to the servlet response (no intermediate copy). */
    private static void write(Context ctx, int status, String contentType, byte[] body)
    {
        ctx.status(status);
        ctx.contentType(contentType);
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        }
        catch (IOException e) {
            // the client went away; nothing more to tell it
            log.debug("could not write the response: {}", e.getMessage());
        }
    }

    /**
     * A header's value by name (any case), or null; a header sent several times reads as its values joined with
     * commas, as SigV4 canonicalizes it. Looked up on demand: a request needs only the few headers it signed.
     */
    public static Function<String, String> headerLookup(HttpServletRequest request)
    {
        return name -> {
            Enumeration<String> values = request.getHeaders(name);
            if (values == null || !values.hasMoreElements()) {
                // HTTP/2 carries the host as the :authority pseudo-header, which clients sign as host
                return name.equalsIgnoreCase("host") ? host(request) : null;
            }
            String first = values.nextElement();
            if (!values.hasMoreElements()) {
                return first;
            }
            StringBuilder joined = new StringBuilder(first);
            while (values.hasMoreElements()) {
                joined.append(',').append(values.nextElement());
            }
            return joined.toString();
        };
    }

    /**
     * The host the client asked for: the {@code Host} header (HTTP/1.1), else the request's authority (HTTP/2), as the
     * client wrote it (without the port when it is the scheme's default).
     */
    public static String host(HttpServletRequest request)
    {
        String header = request.getHeader("Host");
        if (header != null) {
            return header;
        }
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || (port == 443 && request.isSecure()) || (port == 80 && !request.isSecure());
        return request.getServerName() + (defaultPort ? "" : ":" + port);
    }

    /** Parameters of a query string or form body, decoded, in order. */
    public static Map<String, List<String>> parseParameters(String encoded)
    {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text)
    {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            throw new CairnException(ErrorCode.SERIALIZATION, "Malformed percent-encoding in request parameters.");
        }
    }

    private static Map<String, String> formParameters(Map<String, List<String>> query, String contentType, byte[] body)
    {
        Map<String, String> form = new HashMap<>();
        query.forEach((name, values) -> form.put(name, values.get(0)));
        if (contentType == null || contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            parseParameters(new String(body, StandardCharsets.UTF_8)).forEach((name, values) -> form.put(name, values.get(0)));
        }
        return form;
    }
}
