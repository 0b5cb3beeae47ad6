package dev.cairn.server;

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

/**
 * The only place that turns errors into AWS wire errors: {@code {"__type", "message"}} for JSON 1.1, an XML
 * {@code ErrorResponse} for Query. Codes and statuses of modelled errors come from the service models.
 */
final class ErrorMapper
{
    private final ServiceCatalog catalog;

    ErrorMapper(ServiceCatalog catalog)
    {
        this.catalog = catalog;
    }

    record WireError(int status, String code, String contentType, String body)
    {
    }

    WireError map(Protocol protocol, Service service, CairnException error, String requestId)
    {
        ErrorCode code = error.errorCode();
        if (protocol == Protocol.JSON) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            String type = code.modelService().isPresent() ? code.shapeName() : code.jsonCode();
            body.put("__type", type);
            body.put("message", error.getMessage());
            return new WireError(code.jsonStatus(), type, ApiEndpoint.JSON_CONTENT_TYPE, body.toString());
        }
        ServiceModel model = catalog.model(service);
        String wireCode;
        int status;
        if (code.modelService().isPresent()) {
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
