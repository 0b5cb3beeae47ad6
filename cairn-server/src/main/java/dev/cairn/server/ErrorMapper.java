package dev.cairn.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.Protocol;
import dev.cairn.core.api.QueryCodec;
import dev.cairn.core.api.Service;
import dev.cairn.core.api.ServiceCatalog;
import dev.cairn.core.api.ServiceModel;
import dev.cairn.core.api.Shape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * The only place that turns errors into AWS wire errors: {@code {"__type", "message"}} for JSON 1.1 (and the
 * console; {@code Message} for Organizations, with the error's other members such as {@code Reason}) and for REST-JSON
 * (whose clients read the code from the {@code x-amzn-ErrorType} header the endpoint adds, else {@code __type}), an XML
 * {@code ErrorResponse} for Query. Codes and statuses of modelled errors come from the service
 * models. An exception that is not a {@link CairnException} is resolved up its class chain ({@link #forException});
 * one nothing knows is an internal failure, logged here once with the request id.
 */
final class ErrorMapper
{
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    /** Foreign exceptions with a meaning for the client, by class; subclasses inherit their ancestor's. */
    private static final Map<Class<? extends Throwable>, ErrorCode> FOREIGN = Map.of(
            JsonProcessingException.class, ErrorCode.SERIALIZATION);

    /**
     * Protocol-level errors that a Query service answers with an error of its own model: SNS says
     * {@code AuthorizationError} (403) where other services say {@code AccessDenied}, and {@code InternalError}.
     */
    private static final Map<Service, Map<ErrorCode, String>> QUERY_SERVICE_ERRORS = Map.of(
            Service.SNS, Map.of(
                    ErrorCode.ACCESS_DENIED, "AuthorizationErrorException",
                    ErrorCode.INTERNAL_FAILURE, "InternalErrorException"));

    private final ServiceCatalog catalog;

    ErrorMapper(ServiceCatalog catalog)
    {
        this.catalog = catalog;
    }

    record WireError(int status, String code, String contentType, String body)
    {
    }

    /**
     * The error to answer for any exception: itself when it is a {@link CairnException}; else the code of its nearest
     * known class; else an internal failure, logged with the request id (never its message to the client, which may
     * say more than a client should know).
     */
    static CairnException forException(Throwable error, String requestId)
    {
        if (error instanceof CairnException cairn) {
            return cairn;
        }
        Optional<ErrorCode> known = knownCode(error.getClass());
        if (known.isPresent()) {
            return new CairnException(known.get(), firstLine(error.getMessage()), error);
        }
        log.error("request {} failed", requestId, error);
        return new CairnException(ErrorCode.INTERNAL_FAILURE, "An internal error occurred. Request ID: " + requestId, error);
    }

    private static Optional<ErrorCode> knownCode(Class<?> type)
    {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            ErrorCode code = FOREIGN.get(current);
            if (code != null) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String message)
    {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    WireError map(Protocol protocol, Service service, CairnException error, String requestId)
    {
        ErrorCode code = error.errorCode();
        if (protocol != Protocol.QUERY) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            String type = code.modelService().isPresent() ? code.shapeName() : code.jsonCode();
            body.put("__type", type);
            // Organizations' error shapes name it Message, as its answers do; CloudTrail's answers say message
            body.put(service == Service.ORGANIZATIONS ? "Message" : "message", error.getMessage());
            error.details().forEach(body::put);
            return new WireError(code.jsonStatus(), type, protocol == Protocol.JSON ? ApiEndpoint.JSON_CONTENT_TYPE : ApiEndpoint.REST_JSON_CONTENT_TYPE, body.toString());
        }
        ServiceModel model = catalog.model(service);
        String wireCode;
        int status;
        String serviceShape = QUERY_SERVICE_ERRORS.getOrDefault(service, Map.of()).get(code);
        if (serviceShape != null) {
            Shape shape = model.shape(serviceShape);
            wireCode = shape.errorCode();
            status = shape.errorStatus();
        }
        else if (code.modelService().isPresent()) {
            Shape shape = catalog.model(code.modelService().get()).shape(code.shapeName());
            wireCode = shape.errorCode();
            status = shape.errorStatus();
        }
        else {
            wireCode = code.queryCode();
            status = code.queryStatus();
        }
        return new WireError(status, wireCode, ApiEndpoint.XML_CONTENT_TYPE, QueryCodec.encodeError(model, wireCode, error.getMessage(), status < 500, requestId));
    }
}
