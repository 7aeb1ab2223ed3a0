package dev.checkoutsaga.web;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

import jakarta.ws.rs.core.Response;

/**
 * One page of a list read in primary-key order (keyset pagination): {@code nextCursor} is the key of
 * the page's last item, to pass as {@code cursor} for the next page, and null on the last page. Rows
 * inserted while a client pages are seen or not depending on their key, never twice; the audit reads
 * twice and compares, which is what makes that good enough for it.
 */
public record KeysetPage<T>(List<T> items,
        @Schema(nullable = true, description = "The cursor of the next page; null on the last page") String nextCursor) {
    /** {@code limit} when the client gives none. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest {@code limit} a client may ask for. */
    public static final int MAX_LIMIT = 500;

    /**
     * A page of a list keyed by UUID: parses {@code limit} (1..{@value #MAX_LIMIT}, default
     * {@value #DEFAULT_LIMIT}) and {@code cursor} (400 naming either), then asks {@code rowsAfter} for at
     * most {@code limit + 1} rows with a key after the cursor (null: from the start), in key order.
     */
    public static <R, T> Uni<KeysetPage<T>> read(String limit, String cursor,
            BiFunction<UUID, Integer, Uni<List<R>>> rowsAfter, Function<R, T> view, Function<R, UUID> key) {
        int max = QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        UUID after = uuidCursor(cursor);
        return rowsAfter.apply(after, max + 1).map(rows -> of(rows, max, view, key));
    }

    /**
     * The page of {@code rows}, read with {@code limit max + 1} so that a row beyond {@code max} tells
     * that there is a next page.
     */
    public static <R, T> KeysetPage<T> of(List<R> rows, int max, Function<R, T> view, Function<R, ?> key) {
        boolean more = rows.size() > max;
        List<R> page = more ? rows.subList(0, max) : rows;
        return new KeysetPage<>(page.stream().map(view).toList(), more ? key.apply(page.get(page.size() - 1)).toString() : null);
    }

    /** A {@code cursor} that must be a UUID key: absent = from the start, otherwise canonical UUID text, else 400. */
    public static UUID uuidCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            UUID id = UUID.fromString(cursor);
            if (id.toString().equalsIgnoreCase(cursor)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // same answer as a short form
        }
        throw ProblemException.field(Response.Status.BAD_REQUEST, "cursor", "must be the nextCursor of a previous page");
    }
}
