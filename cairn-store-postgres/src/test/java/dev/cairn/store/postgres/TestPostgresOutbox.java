package dev.cairn.store.postgres;

import dev.cairn.spi.AbstractOutboxTest;
import dev.cairn.spi.Store;

import java.io.IOException;

public class TestPostgresOutbox
        extends AbstractOutboxTest
{
    private PostgresUrl database;

    @Override
    protected Store createStore()
            throws IOException
    {
        database = TestingPostgres.get().newDatabase();
        return PostgresStore.open(database);
    }

    @Override
    protected Store openAnotherNode()
            throws IOException
    {
        return PostgresStore.open(database);
    }
}
