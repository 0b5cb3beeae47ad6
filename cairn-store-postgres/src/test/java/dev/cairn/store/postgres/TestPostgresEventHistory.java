package dev.cairn.store.postgres;

import dev.cairn.spi.AbstractEventHistoryTest;
import dev.cairn.spi.Store;

import java.io.IOException;

public class TestPostgresEventHistory
        extends AbstractEventHistoryTest
{
    @Override
    protected Store createStore()
            throws IOException
    {
        return PostgresStore.open(TestingPostgres.get().newDatabase());
    }
}
