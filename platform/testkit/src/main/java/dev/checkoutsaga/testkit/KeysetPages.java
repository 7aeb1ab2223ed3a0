package dev.checkoutsaga.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Reads a {@code {items, nextCursor}} list the way the audit does, page by page, so that a service's
 * test proves that following {@code nextCursor} reaches every item exactly once.
 */
public final class KeysetPages {

    private KeysetPages() {
    }

    /** Every item of the list at {@code path}, {@code limit} per page; each page holds at most {@code limit}. */
    public static List<Map<String, Object>> readAll(Supplier<RequestSpecification> caller, String path, int limit) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = caller.get().queryParam("limit", limit);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(path).then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            assertTrue(items.size() <= limit, path + ": " + items.size() + " items on a page of " + limit);
            all.addAll(items);
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return all;
    }

    /** A cursor that no page gave out is a 400 problem naming {@code cursor}, not a 500 or an empty page. */
    public static void assertForeignCursorRejected(Supplier<RequestSpecification> caller, String path) {
        for (String cursor : List.of("not-a-cursor", "1-2-3-4-5")) {
            var answer = caller.get().queryParam("cursor", cursor).get(path).then().extract();
            assertEquals(400, answer.statusCode(), path + "?cursor=" + cursor + ": " + answer.asString());
            assertEquals("application/problem+json", answer.contentType());
            assertEquals(List.of("cursor"), answer.jsonPath().getList("errors.field"), answer.asString());
        }
    }
}
