package dev.cairn.store.postgres;

import dev.cairn.spi.AbstractStoreTest;
import dev.cairn.spi.Store;

import java.io.IOException;

public class TestPostgresStore
        extends AbstractStoreTest
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

    @Override
    protected Store reopen(Store closed)
            throws IOException
    {
        closed.close();
        return PostgresStore.open(database);
    }
}
