package dev.cairn.core.lake;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One Parquet file of an event data store: {@code <root>/<storeId>/eventDate=<day>/<name>.parquet}. A file written by
 * {@link LakeFiles#write} is named after its batch ({@code <batch>.parquet}); a file compaction merged is named after
 * the first and the last batch it holds ({@code <first>-<last>.parquet}) and <em>covers</em> every other file of its
 * day whose batches lie in that range: those are its inputs, deleted once no query reads them, and never read again.
 * Batch names compare as strings (the caller zero-pads them to one width, so that string order is journal order).
 *
 * @param storeId the event data store
 * @param day the UTC day of the file's events
 * @param firstBatch the first batch the file holds
 * @param lastBatch the last batch the file holds; {@code firstBatch} for a batch's own file
 * @param path where the file is
 * @param bytes its size
 */
public record LakeFile(String storeId, LocalDate day, String firstBatch, String lastBatch, Path path, long bytes)
{
    static final String SUFFIX = ".parquet";
    static final Pattern BATCH_NAME = Pattern.compile("[0-9A-Za-z_]{1,100}");
    private static final Pattern FILE_NAME = Pattern.compile("([0-9A-Za-z_]{1,100})(?:-([0-9A-Za-z_]{1,100}))?\\.parquet");

    public LakeFile
    {
        requireNonNull(storeId, "storeId is null");
        requireNonNull(day, "day is null");
        requireNonNull(firstBatch, "firstBatch is null");
        requireNonNull(lastBatch, "lastBatch is null");
        requireNonNull(path, "path is null");
        if (firstBatch.compareTo(lastBatch) > 0) {
            throw new IllegalArgumentException("first batch " + firstBatch + " is after last batch " + lastBatch);
        }
    }

    /** Whether compaction merged this file from others. */
    public boolean merged()
    {
        return !firstBatch.equals(lastBatch);
    }

    static String fileName(String firstBatch, String lastBatch)
    {
        return (firstBatch.equals(lastBatch) ? firstBatch : firstBatch + "-" + lastBatch) + SUFFIX;
    }

    /** The file at {@code path}, if its name is one {@link LakeFiles} gives. */
    static Optional<LakeFile> parse(String storeId, LocalDate day, Path path, long bytes)
    {
        Matcher matcher = FILE_NAME.matcher(path.getFileName().toString());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String first = matcher.group(1);
        String last = matcher.group(2) == null ? first : matcher.group(2);
        if (first.compareTo(last) > 0) {
            return Optional.empty();
        }
        return Optional.of(new LakeFile(storeId, day, first, last, path, bytes));
    }
}
