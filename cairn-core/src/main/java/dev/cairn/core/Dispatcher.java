package dev.cairn.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.ApiResult;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.InputValidator;
import dev.cairn.core.api.ServiceCatalog;
import dev.cairn.core.api.ServiceModel;
import dev.cairn.core.iam.Authorizer;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.journal.WriteTask;
import dev.cairn.core.ops.Operation;
import dev.cairn.core.ops.OperationRegistry;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.iam.Account;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.recorder.ApiEvent;
import dev.cairn.core.recorder.Recorder;
import dev.cairn.model.EventRecord;
import dev.cairn.spi.BatchWriters;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one authenticated call through the core: model validation, authorization, the handler, the record, and the
 * durable append. Every call that reaches an operation is recorded, whether it was allowed, denied or failed; the
 * result is returned only once its event is durable.
 */
public final class Dispatcher
{
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final long DURABILITY_TIMEOUT_SECONDS = 60;

    /** For read operations that declare they read no metadata. */
    private static final MetadataReader NO_METADATA = new MetadataReader()
    {
        @Override
        public Optional<byte[]> get(String kind, String scope, String key)
        {
            throw new IllegalStateException("this operation declared that it reads no metadata");
        }

        @Override
        public List<dev.cairn.spi.Document> list(String kind, String scope, String keyPrefix, String afterKey, int limit)
        {
            throw new IllegalStateException("this operation declared that it reads no metadata");
        }

        @Override
        public int count(String kind, String scope, String keyPrefix)
        {
            throw new IllegalStateException("this operation declared that it reads no metadata");
        }
    };

    private final ServiceCatalog catalog;
    private final OperationRegistry operations;
    private final Authorizer authorizer;
    private final Recorder recorder;
    private final JournalWriter journal;
    private final Store store;

    public Dispatcher(ServiceCatalog catalog, OperationRegistry operations, Authorizer authorizer, Recorder recorder, JournalWriter journal, Store store)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.operations = requireNonNull(operations, "operations is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.store = requireNonNull(store, "store is null");
    }

    public ApiResult invoke(CallContext call)
    {
        Operation operation = operations.find(call.service(), call.operation())
                .orElseThrow(() -> new CairnException(ErrorCode.UNKNOWN_OPERATION, "Unknown operation " + call.operation()));
        return invoke(call, operation);
    }

    /**
     * Runs the call with a variant of its registered operation (the console's LookupEvents, which also answers
     * summaries): the same validation, authorization and recording, by the registered operation's name.
     */
    public ApiResult invoke(CallContext call, Operation operation)
    {
        if (operations.find(call.service(), call.operation()).isEmpty() || operation.service() != call.service() || !operation.name().equals(call.operation())) {
            throw new IllegalArgumentException("operation " + operation.name() + " is not the call's " + call.service() + " " + call.operation());
        }
        ServiceModel model = catalog.model(call.service());
        ServiceModel.OperationModel operationModel = model.operation(operation.name()).orElseThrow();

        CallContext validated;
        try {
            ObjectNode empty = JsonNodeFactory.instance.objectNode();
            InputValidator.Validated input = operationModel.input().isPresent()
                    ? InputValidator.validate(model.shape(operationModel.input().get()), call.input(), operation::validationError)
                    : new InputValidator.Validated(empty, Optional.empty());
            validated = call.withInput(input.input());
            if (input.violation().isPresent()) {
                return recordFailure(validated, operation, input.violation().get());
            }
        }
        catch (CairnException e) {
            // the body did not even have the model's types: record the call without its parameters
            return recordFailure(call.withInput(JsonNodeFactory.instance.objectNode()), operation, e);
        }

        try {
            // root may do everything in its own account: no resources to resolve
            if (operation.requiresAuthorization() && !validated.principal().isRoot()) {
                List<String> resources = store.read(reader -> operation.resources(validated, reader));
                authorizer.authorize(validated, operation.action(), resources);
            }
            if (operation instanceof ReadOperation read) {
                return runRead(validated, read);
            }
            WriteOperation write = (WriteOperation) operation;
            store.read(reader -> {
                write.prepare(validated, reader);
                return null;
            });
            return runWrite(validated, write);
        }
        catch (CairnException e) {
            return recordFailure(validated, operation, e);
        }
        catch (IOException | RuntimeException e) {
            log.error("request {} ({} {}) failed", call.requestId(), call.service(), call.operation(), e);
            return recordFailure(validated, operation, new CairnException(ErrorCode.INTERNAL_FAILURE, "An internal error occurred. Request ID: " + call.requestId(), e));
        }
    }

    private ApiResult runRead(CallContext call, ReadOperation operation)
            throws IOException
    {
        ObjectNode output;
        try {
            output = operation.readsMetadata() ? store.read(reader -> operation.execute(call, reader)) : operation.execute(call, NO_METADATA);
        }
        catch (CairnException e) {
            return recordFailure(call, operation, e);
        }
        await(journal.append(recorder.records(call, event(call, operation, Optional.of(output)), Optional.of(output), Optional.empty())));
        return new ApiResult.Success(output);
    }

    private ApiResult runWrite(CallContext call, WriteOperation operation)
    {
        CompletableFuture<WriteOperation.Executed> done = journal.submit(new WriteTask<WriteOperation.Executed>()
        {
            @Override
            public WriteOperation.Executed apply(BatchWriters batch)
                    throws IOException
            {
                return operation.executeWithEntries(call, batch);
            }

            @Override
            public boolean changesMetadata()
            {
                return operation.changesMetadata();
            }

            @Override
            public Optional<EventRecord> recordSuccess(WriteOperation.Executed result)
            {
                return Optional.of(recorder.recordSuccess(call, event(call, operation, Optional.of(result.output())), result.output()));
            }

            @Override
            public List<EventRecord> entries(WriteOperation.Executed result)
            {
                return result.entries();
            }

            @Override
            public Optional<EventRecord> recordFailure(CairnException error)
            {
                return Optional.of(recorder.recordFailure(call, event(call, operation, Optional.empty()), error));
            }
        });
        try {
            ObjectNode output = await(done).output();
            operation.committed(call, output);
            return new ApiResult.Success(output);
        }
        catch (CairnException e) {
            return new ApiResult.Failure(e);
        }
    }

    private ApiResult recordFailure(CallContext call, Operation operation, CairnException error)
    {
        await(journal.append(recorder.records(call, event(call, operation, Optional.empty()), Optional.empty(), Optional.of(error))));
        return new ApiResult.Failure(error);
    }

    /**
     * What the recorder needs to know of the operation. A call is recorded in another account too only when that
     * account exists here.
     */
    private ApiEvent event(CallContext call, Operation operation, Optional<ObjectNode> output)
    {
        Optional<String> named = operation.alsoRecordedIn(call).filter(account -> !account.equals(call.accountId()));
        Optional<String> otherAccount = Optional.empty();
        if (named.isPresent()) {
            try {
                otherAccount = store.read(reader -> new IdentityRepository(reader).account(named.get())).map(Account::accountId);
            }
            catch (IOException e) {
                log.warn("could not check account {} to record request {} there too", named.get(), call.requestId(), e);
            }
        }
        return new ApiEvent(operation.name(), operation.readOnly(), operation.lookupResources(call, output), output.flatMap(operation::responseElements),
                operation.recordResources(call), otherAccount, operation.category(), operation.requestParameters(call.input()));
    }

    /**
     * Waits for durability. A task's own failure comes back as its {@link CairnException}; a batch that could not
     * be committed, or a writer that does not answer, is an internal failure in which nothing took effect.
     */
    private static <T> T await(CompletableFuture<T> future)
    {
        try {
            return future.get(DURABILITY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof CairnException cairn) {
                throw cairn;
            }
            throw new CairnException(ErrorCode.INTERNAL_FAILURE, "The request could not be recorded durably; it did not take effect.", e.getCause());
        }
        catch (TimeoutException e) {
            throw new CairnException(ErrorCode.SERVICE_UNAVAILABLE, "The journal did not confirm the request in time; retry.");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.SERVICE_UNAVAILABLE, "Interrupted while waiting for the journal.");
        }
    }
}
