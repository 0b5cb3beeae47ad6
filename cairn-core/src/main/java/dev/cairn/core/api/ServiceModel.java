package dev.cairn.core.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A botocore service model ({@code service-2.json}) as Cairn uses it: the operations, their input and output
 * shapes, their errors, and the protocol metadata.
 */
public final class ServiceModel
{
    private final Service service;
    private final Protocol protocol;
    private final String apiVersion;
    private final Optional<String> targetPrefix;
    private final Optional<String> xmlNamespace;
    private final Map<String, OperationModel> operations;
    private final JsonNode shapeDefinitions;
    private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

    private ServiceModel(Service service, JsonNode model)
    {
        this.service = requireNonNull(service, "service is null");
        JsonNode metadata = model.get("metadata");
        this.protocol = Protocol.fromModel(metadata.get("protocol").asText());
        this.apiVersion = metadata.get("apiVersion").asText();
        this.targetPrefix = Optional.ofNullable(metadata.path("targetPrefix").textValue());
        this.xmlNamespace = Optional.ofNullable(metadata.path("xmlNamespace").textValue());
        this.shapeDefinitions = model.get("shapes");
        Map<String, OperationModel> operations = new LinkedHashMap<>();
        model.get("operations").properties().forEach(field -> {
            JsonNode operation = field.getValue();
            List<String> errors = new java.util.ArrayList<>();
            operation.path("errors").forEach(error -> errors.add(error.get("shape").asText()));
            operations.put(field.getKey(), new OperationModel(
                    field.getKey(),
                    Optional.ofNullable(operation.path("input").path("shape").textValue()),
                    Optional.ofNullable(operation.path("output").path("shape").textValue()),
                    Optional.ofNullable(operation.path("output").path("resultWrapper").textValue()),
                    List.copyOf(errors),
                    operation.path("http").path("method").asText("POST"),
                    operation.path("http").path("requestUri").asText("/")));
        });
        this.operations = Collections.unmodifiableMap(operations);
    }

    public static ServiceModel load(Service service, ObjectMapper mapper)
    {
        String resource = "/models/" + service.modelResource();
        try (InputStream in = ServiceModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("service model not on the class path: " + resource);
            }
            return new ServiceModel(service, mapper.readTree(in));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    public Service service()
    {
        return service;
    }

    public Protocol protocol()
    {
        return protocol;
    }

    public String apiVersion()
    {
        return apiVersion;
    }

    /** The JSON 1.1 {@code X-Amz-Target} prefix. */
    public Optional<String> targetPrefix()
    {
        return targetPrefix;
    }

    /** The XML namespace of Query responses. */
    public Optional<String> xmlNamespace()
    {
        return xmlNamespace;
    }

    public Map<String, OperationModel> operations()
    {
        return operations;
    }

    public Optional<OperationModel> operation(String name)
    {
        return Optional.ofNullable(operations.get(name));
    }

    /** The REST operation a request's method and path name ({@code POST /PutAuditEvents}); paths without labels only. */
    public Optional<OperationModel> restOperation(String method, String path)
    {
        return operations.values().stream()
                .filter(operation -> operation.httpMethod().equals(method) && operation.requestUri().equals(path))
                .findFirst();
    }

    public Shape shape(String name)
    {
        return shapes.computeIfAbsent(name, key -> {
            JsonNode definition = shapeDefinitions.get(key);
            if (definition == null) {
                throw new IllegalArgumentException(service + " model has no shape " + key);
            }
            return new Shape(this, key, definition);
        });
    }

    public boolean hasShape(String name)
    {
        return shapeDefinitions.has(name);
    }

    /**
     * One operation of the model.
     *
     * @param resultWrapper the Query protocol's {@code <Operation>Result} element
     * @param errors the exception shapes the operation declares
     * @param httpMethod the REST protocols' method ({@code POST} for the others)
     * @param requestUri the REST protocols' path ({@code /} for the others)
     */
    public record OperationModel(String name, Optional<String> input, Optional<String> output, Optional<String> resultWrapper, List<String> errors, String httpMethod,
            String requestUri)
    {
    }
}
