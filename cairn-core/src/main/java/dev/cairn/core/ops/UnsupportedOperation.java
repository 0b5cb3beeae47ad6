package dev.cairn.core.ops;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.spi.MetadataReader;

/**
 * A modelled operation Cairn does not implement yet: authenticated, authorized and recorded like any other, then
 * answered with the model's {@code UnsupportedOperationException}. Never a fake success.
 */
public final class UnsupportedOperation
        implements ReadOperation
{
    private final Service service;
    private final String name;

    public UnsupportedOperation(Service service, String name)
    {
        this.service = requireNonNull(service, "service is null");
        this.name = requireNonNull(name, "name is null");
    }

    @Override
    public Service service()
    {
        return service;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public boolean readOnly()
    {
        return Operation.readOnlyByName(name);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
    {
        throw new CairnException(ErrorCode.UNSUPPORTED_OPERATION, name + " is not supported by Cairn yet.");
    }
}
