package dev.cairn.core.console;

import dev.cairn.core.CairnException;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.model.EventRecord;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the console's sign-in events share: each is appended to the journal and durable before the browser hears the
 * outcome.
 */
final class SignInEvents
{
    private SignInEvents() {}

    /**
     * Appends the event and waits until it is durable.
     *
     * @param what what the event records, for the exception's message ("a sign-in")
     * @throws CairnException when the journal refuses it (its queue is full, or Cairn is stopping): the client may retry
     */
    static void append(JournalWriter journal, EventRecord event, String what)
            throws IOException
    {
        try {
            journal.append(event).get(1, TimeUnit.MINUTES);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while recording " + what, e);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof CairnException refused) {
                throw refused;
            }
            throw new IOException("cannot record " + what + ": " + e.getMessage(), e);
        }
        catch (TimeoutException e) {
            throw new IOException("cannot record " + what + ": " + e.getMessage(), e);
        }
    }
}
