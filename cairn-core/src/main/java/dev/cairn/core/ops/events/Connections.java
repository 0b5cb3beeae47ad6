package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.ApiDestination;
import dev.cairn.core.events.Connection;
import dev.cairn.core.events.ConnectionRepository;
import dev.cairn.core.events.ConnectionSecrets;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Helpers shared by the operations on connections and API destinations.
 */
final class Connections
{
    static final String CONNECTION_TYPE = "AWS::Events::Connection";
    static final String API_DESTINATION_TYPE = "AWS::Events::ApiDestination";
    static final String OAUTH = "OAUTH_CLIENT_CREDENTIALS";
    static final String ACTIVE = "ACTIVE";
    static final String INACTIVE = "INACTIVE";
    /** The parameter lists of {@code InvocationHttpParameters}, by the kind of parameter they hold. */
    private static final Map<String, String> PARAMETER_LISTS = Map.of(
            "HeaderParameters", Connection.Parameter.HEADER,
            "QueryStringParameters", Connection.Parameter.QUERY_STRING,
            "BodyParameters", Connection.Parameter.BODY);
    private static final List<String> PARAMETER_LIST_ORDER = List.of("HeaderParameters", "QueryStringParameters", "BodyParameters");

    private Connections()
    {
    }

    static Connection requireConnection(ConnectionRepository connections, CallContext call, String name)
            throws IOException
    {
        return connections.connection(call.accountId(), call.region(), name)
                .orElseThrow(() -> new CairnException(ErrorCode.EVENTS_RESOURCE_NOT_FOUND, "Failed to describe the connection(s). Connection '" + name + "' does not exist."));
    }

    static ApiDestination requireApiDestination(ConnectionRepository connections, CallContext call, String name)
            throws IOException
    {
        return connections.apiDestination(call.accountId(), call.region(), name)
                .orElseThrow(() -> new CairnException(ErrorCode.EVENTS_RESOURCE_NOT_FOUND, "Failed to describe the api-destination(s). An api-destination '" + name
                        + "' does not exist."));
    }

    /** The connection an ARN names, in the caller's account and region, with that very ARN. */
    static Connection requireConnectionByArn(ConnectionRepository connections, CallContext call, String arn)
            throws IOException
    {
        String prefix = Connection.arnPrefix(call.accountId(), call.region(), "");
        if (arn.startsWith(prefix)) {
            String rest = arn.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                Optional<Connection> connection = connections.connection(call.accountId(), call.region(), rest.substring(0, slash));
                if (connection.isPresent() && connection.get().arn().equals(arn)) {
                    return connection.get();
                }
            }
        }
        throw new CairnException(ErrorCode.EVENTS_RESOURCE_NOT_FOUND, "Connection '" + arn + "' does not exist.");
    }

    /** Refuses what Cairn does not serve: OAuth and private connectivity. */
    static void refuseUnsupported(CallContext call)
    {
        if (Events.optionalText(call, "AuthorizationType").filter(OAUTH::equals).isPresent() || call.input().path("AuthParameters").hasNonNull("OAuthParameters")) {
            throw new CairnException(ErrorCode.VALIDATION, "Cairn does not support " + OAUTH + " connections: use BASIC or API_KEY.");
        }
        if (call.input().hasNonNull("InvocationConnectivityParameters") || call.input().path("AuthParameters").hasNonNull("ConnectivityParameters")) {
            throw new CairnException(ErrorCode.VALIDATION, "Cairn does not support private connectivity (ConnectivityParameters): API destinations are reached over the network.");
        }
    }

    /** Checks that the auth parameters given are those of the authorization type, and no other type's. */
    static void checkAuthParameters(String type, JsonNode auth)
    {
        String own = type.equals(Connection.BASIC) ? "BasicAuthParameters" : "ApiKeyAuthParameters";
        String other = type.equals(Connection.BASIC) ? "ApiKeyAuthParameters" : "BasicAuthParameters";
        if (auth.hasNonNull(other)) {
            throw new CairnException(ErrorCode.VALIDATION, other + " cannot be specified for authorization type " + type + ".");
        }
        if (!auth.hasNonNull(own)) {
            throw new CairnException(ErrorCode.VALIDATION, own + " must be specified for authorization type " + type + ".");
        }
    }

    /**
     * The parameters of {@code InvocationHttpParameters}; the values of secret ones go into {@code secrets} instead of
     * the parameter.
     */
    static List<Connection.Parameter> parameters(JsonNode invocationHttpParameters, Map<String, String> secrets)
    {
        List<Connection.Parameter> parameters = new ArrayList<>();
        for (String list : PARAMETER_LIST_ORDER) {
            for (JsonNode entry : invocationHttpParameters.path(list)) {
                boolean secret = entry.path("IsValueSecret").asBoolean(false);
                String value = entry.path("Value").asText("");
                Connection.Parameter parameter = new Connection.Parameter(PARAMETER_LISTS.get(list), entry.path("Key").asText(), secret ? Optional.empty() : Optional.of(value), secret);
                if (secret) {
                    secrets.put(parameter.secretName(), value);
                }
                parameters.add(parameter);
            }
        }
        return parameters;
    }

    /** What Create, Update, Delete and DeauthorizeConnection answer. */
    static ObjectNode connectionState(Connection connection, String state)
    {
        ObjectNode output = Events.NODES.objectNode();
        output.put("ConnectionArn", connection.arn());
        output.put("ConnectionState", state);
        output.put("CreationTime", epochSeconds(connection.creationTime()));
        output.put("LastModifiedTime", epochSeconds(connection.lastModifiedTime()));
        connection.lastAuthorizedTime().ifPresent(time -> output.put("LastAuthorizedTime", epochSeconds(time)));
        return output;
    }

    /** A connection as ListConnections lists it: no parameters, no secrets. */
    static ObjectNode connection(Connection connection)
    {
        ObjectNode node = Events.NODES.objectNode();
        node.put("ConnectionArn", connection.arn());
        node.put("Name", connection.name());
        node.put("ConnectionState", connection.state());
        node.put("AuthorizationType", connection.authorizationType());
        node.put("CreationTime", epochSeconds(connection.creationTime()));
        node.put("LastModifiedTime", epochSeconds(connection.lastModifiedTime()));
        connection.lastAuthorizedTime().ifPresent(time -> node.put("LastAuthorizedTime", epochSeconds(time)));
        return node;
    }

    /** A connection as DescribeConnection answers it: names of what authorizes, values of no secret. */
    static ObjectNode describe(Connection connection)
    {
        ObjectNode node = connection(connection);
        connection.description().ifPresent(description -> node.put("Description", description));
        connection.kmsKeyIdentifier().ifPresent(key -> node.put("KmsKeyIdentifier", key));
        ObjectNode auth = node.putObject("AuthParameters");
        connection.username().ifPresent(username -> auth.putObject("BasicAuthParameters").put("Username", username));
        connection.apiKeyName().ifPresent(key -> auth.putObject("ApiKeyAuthParameters").put("ApiKeyName", key));
        if (!connection.invocationHttpParameters().isEmpty()) {
            ObjectNode http = auth.putObject("InvocationHttpParameters");
            for (String list : PARAMETER_LIST_ORDER) {
                for (Connection.Parameter parameter : connection.invocationHttpParameters()) {
                    if (parameter.kind().equals(PARAMETER_LISTS.get(list))) {
                        ArrayNode array = http.has(list) ? (ArrayNode) http.get(list) : http.putArray(list);
                        ObjectNode entry = array.addObject().put("Key", parameter.key());
                        parameter.value().ifPresent(value -> entry.put("Value", value));
                        entry.put("IsValueSecret", parameter.secret());
                    }
                }
            }
        }
        return node;
    }

    /** The secrets of the connection's type and parameters, each required. */
    static void requireSecrets(Connection connection, Map<String, String> secrets)
    {
        String needed = connection.authorizationType().equals(Connection.BASIC) ? ConnectionSecrets.PASSWORD : ConnectionSecrets.API_KEY_VALUE;
        if (!secrets.containsKey(needed)) {
            throw new CairnException(ErrorCode.VALIDATION, (needed.equals(ConnectionSecrets.PASSWORD) ? "BasicAuthParameters.Password" : "ApiKeyAuthParameters.ApiKeyValue")
                    + " must be specified to authorize connection " + connection.name() + ".");
        }
    }

    /** An {@code https} or {@code http} URL with a host. */
    static void checkEndpoint(String endpoint)
    {
        URI uri;
        try {
            // path parameters are asterisks, which URIs do not take as they are
            uri = new URI(endpoint.replace("*", "x"));
        }
        catch (URISyntaxException e) {
            throw new CairnException(ErrorCode.VALIDATION, "InvocationEndpoint " + endpoint + " is not a valid URL.");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http")) || uri.getHost() == null) {
            throw new CairnException(ErrorCode.VALIDATION, "InvocationEndpoint " + endpoint + " is not an https or http URL with a host.");
        }
    }

    static int rateLimit(CallContext call, int otherwise)
    {
        if (!call.input().hasNonNull("InvocationRateLimitPerSecond")) {
            return otherwise;
        }
        int limit = call.input().get("InvocationRateLimitPerSecond").asInt();
        if (limit > ApiDestination.MAXIMUM_INVOCATION_RATE) {
            throw new CairnException(ErrorCode.VALIDATION, "1 validation error detected: Value '" + limit
                    + "' at 'invocationRateLimitPerSecond' failed to satisfy constraint: Member must have value less than or equal to " + ApiDestination.MAXIMUM_INVOCATION_RATE);
        }
        return limit;
    }

    /** ACTIVE while its connection is authorized, else INACTIVE. */
    static String state(ConnectionRepository connections, ApiDestination destination)
            throws IOException
    {
        String arn = destination.connectionArn();
        String name = arn.substring(arn.indexOf(":connection/") + ":connection/".length(), arn.lastIndexOf('/'));
        return connections.connection(destination.accountId(), destination.region(), name)
                .filter(connection -> connection.arn().equals(arn) && connection.state().equals(Connection.AUTHORIZED))
                .map(ignored -> ACTIVE)
                .orElse(INACTIVE);
    }

    static ObjectNode apiDestinationState(ApiDestination destination, String state)
    {
        ObjectNode output = Events.NODES.objectNode();
        output.put("ApiDestinationArn", destination.arn());
        output.put("ApiDestinationState", state);
        output.put("CreationTime", epochSeconds(destination.creationTime()));
        output.put("LastModifiedTime", epochSeconds(destination.lastModifiedTime()));
        return output;
    }

    /** An API destination as ListApiDestinations and DescribeApiDestination answer it. */
    static ObjectNode apiDestination(ApiDestination destination, String state)
    {
        ObjectNode node = Events.NODES.objectNode();
        node.put("ApiDestinationArn", destination.arn());
        node.put("Name", destination.name());
        destination.description().ifPresent(description -> node.put("Description", description));
        node.put("ApiDestinationState", state);
        node.put("ConnectionArn", destination.connectionArn());
        node.put("InvocationEndpoint", destination.invocationEndpoint());
        node.put("HttpMethod", destination.httpMethod());
        node.put("InvocationRateLimitPerSecond", destination.invocationRateLimitPerSecond());
        node.put("CreationTime", epochSeconds(destination.creationTime()));
        node.put("LastModifiedTime", epochSeconds(destination.lastModifiedTime()));
        return node;
    }

    static double epochSeconds(long millis)
    {
        return millis / 1000.0;
    }
}
