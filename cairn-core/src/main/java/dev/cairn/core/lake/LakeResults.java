package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The results of Lake queries, one file per query on the node that ran it ({@code <directory>/<queryId>.jsonl}: the
 * column names, then a JSON array of values a row), for GetQueryResults to page through for seven days.
 */
public final class LakeResults
{
    private static final Pattern QUERY_ID = Pattern.compile("[a-f0-9-]{36}");
    private static final TypeReference<List<String>> ROW = new TypeReference<>() {};

    private final Path directory;
    private final ObjectMapper mapper = Json.mapper();

    public LakeResults(Path directory)
    {
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** A query's results as they arrive; published under the query's id when closed after {@link Writer#commit}. */
    public final class Writer
            implements LakeResultSink, AutoCloseable
    {
        private final String queryId;
        private final Path temporary;
        private final BufferedWriter out;
        private long rows;
        private boolean committed;

        private Writer(String queryId)
                throws IOException
        {
            this.queryId = queryId;
            OwnerOnly.createDirectories(directory);
            this.temporary = Files.createTempFile(directory, queryId, ".tmp");
            this.out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
        }

        @Override
        public void columns(List<String> names)
        {
            write(names);
        }

        @Override
        public void row(List<String> values)
        {
            write(values);
            rows++;
        }

        private void write(List<String> values)
        {
            try {
                out.write(mapper.writeValueAsString(values));
                out.write('\n');
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public long rows()
        {
            return rows;
        }

        /** Keeps what was written (also after a failure or timeout: the partial results). */
        public void commit()
                throws IOException
        {
            out.close();
            Files.move(temporary, file(queryId), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        }

        @Override
        public void close()
                throws IOException
        {
            out.close();
            if (!committed) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    public Writer writer(String queryId)
            throws IOException
    {
        return new Writer(checked(queryId));
    }

    /** A page of results. */
    public record Page(List<String> columns, List<List<String>> rows, long total)
    {
        public Page
        {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    /** Rows {@code offset} to {@code offset + limit} of the query's results; empty rows when it has none kept. */
    public Page page(String queryId, long offset, int limit)
            throws IOException
    {
        Path file = file(checked(queryId));
        if (!Files.exists(file)) {
            return new Page(List.of(), List.of(), 0);
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            List<String> columns = header == null ? List.of() : mapper.readValue(header, ROW);
            List<List<String>> rows = new ArrayList<>();
            long index = 0;
            String line;
            while ((line = in.readLine()) != null) {
                if (index >= offset && rows.size() < limit) {
                    rows.add(mapper.readValue(line, ROW));
                }
                index++;
            }
            return new Page(columns, rows, index);
        }
    }

    /** Every row, for delivery to a bucket. */
    public Stream<List<String>> rows(String queryId)
            throws IOException
    {
        BufferedReader in = Files.newBufferedReader(file(checked(queryId)), StandardCharsets.UTF_8);
        return in.lines().onClose(() -> {
            try {
                in.close();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).map(line -> {
            try {
                return mapper.readValue(line, ROW);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public void delete(String queryId)
            throws IOException
    {
        Files.deleteIfExists(file(checked(queryId)));
    }

    private Path file(String queryId)
    {
        return directory.resolve(queryId + ".jsonl");
    }

    private static String checked(String queryId)
    {
        if (!QUERY_ID.matcher(queryId).matches()) {
            throw new IllegalArgumentException("not a query id: " + queryId);
        }
        return queryId;
    }
}
