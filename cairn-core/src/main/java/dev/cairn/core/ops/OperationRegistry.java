package dev.cairn.core.ops;

import dev.cairn.core.api.Service;
import dev.cairn.core.api.ServiceCatalog;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The handler of every served operation. Every CloudTrail operation in the model has one: those Cairn does not
 * implement yet answer {@code UnsupportedOperationException}. IAM, STS and Organizations serve only the operations
 * registered (others are unknown operations).
 */
public final class OperationRegistry
{
    private final Map<Service, Map<String, Operation>> operations = new EnumMap<>(Service.class);

    public OperationRegistry(ServiceCatalog catalog, List<Operation> implemented)
    {
        for (Service service : Service.values()) {
            operations.put(service, new LinkedHashMap<>());
        }
        for (Operation operation : implemented) {
            if (!(operation instanceof ReadOperation) && !(operation instanceof WriteOperation)) {
                throw new IllegalArgumentException(operation.name() + " must be a ReadOperation or a WriteOperation");
            }
            if (catalog.model(operation.service()).operation(operation.name()).isEmpty()) {
                throw new IllegalArgumentException(operation.service() + " model has no operation " + operation.name());
            }
            if (operations.get(operation.service()).put(operation.name(), operation) != null) {
                throw new IllegalArgumentException("two handlers for " + operation.service() + " " + operation.name());
            }
        }
        for (String name : catalog.model(Service.CLOUDTRAIL).operations().keySet()) {
            operations.get(Service.CLOUDTRAIL).putIfAbsent(name, new UnsupportedOperation(Service.CLOUDTRAIL, name));
        }
    }

    public Optional<Operation> find(Service service, String name)
    {
        return Optional.ofNullable(operations.get(service).get(name));
    }

    public Map<String, Operation> operations(Service service)
    {
        return java.util.Collections.unmodifiableMap(operations.get(service));
    }
}
