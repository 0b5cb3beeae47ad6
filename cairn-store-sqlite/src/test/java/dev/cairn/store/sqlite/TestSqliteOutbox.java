package dev.cairn.store.sqlite;

import dev.cairn.spi.AbstractOutboxTest;
import dev.cairn.spi.Store;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

public class TestSqliteOutbox
        extends AbstractOutboxTest
{
    @TempDir
    Path directory;

    @Override
    protected Store createStore()
            throws IOException
    {
        return SqliteStore.open(directory);
    }

    @Override
    protected Store openAnotherNode()
            throws IOException
    {
        return SqliteStore.open(directory);
    }
}
