package dev.checkoutsaga.web;

import jakarta.ws.rs.core.Response;

/** Parsing of common query parameters, with the same 400 (naming the parameter) in every API. */
public final class QueryParams {

    private QueryParams() {
    }

    /** {@code limit}: absent = {@code defaultLimit}; otherwise a whole number from 1 to {@code max}, else 400. */
    public static int limit(String limit, int defaultLimit, int max) {
        if (limit == null || limit.isEmpty()) {
            return defaultLimit;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // same answer as out of range
        }
        throw ProblemException.field(Response.Status.BAD_REQUEST, "limit", "must be a number from 1 to " + max);
    }
}
