package dev.checkoutsaga.e2e;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;

import dev.checkoutsaga.testkit.QuarkusAppProcess;
import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * The REST contract, checked on the real traffic of the end-to-end run: every request the tests and
 * the audit send to a service, and every answer they get, is validated against that service's own
 * {@code /q/openapi} document with Atlassian's swagger-request-validator. A field the document says
 * is a string but comes back {@code null}, a status code it does not list, a problem that is not
 * problem+json: each is a violation, and {@link #assertConforms()} fails the test that caused it.
 *
 * <p>A request the service refused with a 4xx is checked on its answer only: the tests send such
 * requests on purpose (no token, a stranger's order, a flood), and the contract that matters then is
 * that the refusal is one the document lists, in the shape it gives.
 */
final class ApiContract implements Filter, Consumer<HttpResponse<String>> {
    private static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    private final Map<Integer, String> serviceByPort = new ConcurrentHashMap<>();
    private final Map<String, OpenApiInteractionValidator> validators = new ConcurrentHashMap<>();
    /** Distinct violations (UUIDs in paths replaced), with how often each was seen. */
    private final Map<String, AtomicInteger> violations = new ConcurrentHashMap<>();
    private final AtomicInteger exchanges = new AtomicInteger();
    private final AtomicInteger total = new AtomicInteger();
    private final Set<String> operationsSeen = ConcurrentHashMap.newKeySet();
    /** The shapes of exchange validated so far ({@link JsonShape}). */
    private final Set<String> shapes = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong validating = new java.util.concurrent.atomic.AtomicLong();

    /** Traffic to {@code process} is checked against the document it serves (read once per service). */
    void watch(String service, QuarkusAppProcess process) {
        serviceByPort.put(URI.create(process.baseUrl()).getPort(), service);
        validators.computeIfAbsent(service, s -> OpenApiInteractionValidator
                .createForInlineApiSpecification(document(process.baseUrl())).build());
    }

    private static String document(String baseUrl) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + baseUrl + "/q/openapi answered " + r.statusCode());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI document of " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** RestAssured: every call of the tests ({@code RestAssured.filters}). */
    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec, FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        String service = serviceByPort.get(URI.create(request.getURI()).getPort());
        if (service != null) {
            Request sent = RestAssuredRequest.of(request);
            if (request.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme oauth2) {
                sent = new WithBearer(sent, oauth2.getAccessToken()); // RestAssured adds it after the filters
            }
            check(service, sent, RestAssuredResponse.of(response), response.statusCode());
        }
        return response;
    }

    /** A request as sent: with the Authorization header that RestAssured's {@code auth().oauth2(...)} adds. */
    private record WithBearer(Request request, String token) implements Request {
        @Override
        public String getPath() {
            return request.getPath();
        }

        @Override
        public Method getMethod() {
            return request.getMethod();
        }

        @Override
        public java.util.Optional<String> getBody() {
            return request.getBody();
        }

        @Override
        public java.util.Optional<com.atlassian.oai.validator.model.Body> getRequestBody() {
            return request.getRequestBody();
        }

        @Override
        public java.util.Collection<String> getQueryParameters() {
            return request.getQueryParameters();
        }

        @Override
        public java.util.Collection<String> getQueryParameterValues(String name) {
            return request.getQueryParameterValues(name);
        }

        @Override
        public Map<String, java.util.Collection<String>> getHeaders() {
            Map<String, java.util.Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(request.getHeaders());
            headers.put("Authorization", List.of("Bearer " + token));
            return headers;
        }

        @Override
        public java.util.Collection<String> getHeaderValues(String name) {
            return "Authorization".equalsIgnoreCase(name) ? List.of("Bearer " + token) : request.getHeaderValues(name);
        }
    }

    /** The audit's reads (platform's SnapshotReader, plain {@code java.net.http}). */
    @Override
    public void accept(HttpResponse<String> response) {
        URI uri = response.request().uri();
        String service = serviceByPort.get(uri.getPort());
        if (service == null) {
            return;
        }
        SimpleRequest.Builder request = new SimpleRequest.Builder(response.request().method(), uri.getRawPath());
        response.request().headers().map().forEach(request::withHeader);
        queryOf(uri).forEach(request::withQueryParam);
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().map().forEach(answer::withHeader);
        check(service, request.build(), answer.build(), response.statusCode());
    }

    private static Map<String, List<String>> queryOf(URI uri) {
        Map<String, List<String>> query = new TreeMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return query;
    }

    private void check(String service, Request request, com.atlassian.oai.validator.model.Response response, int status) {
        exchanges.incrementAndGet();
        total.incrementAndGet();
        String path = request.getPath().replaceAll(UUID, "{id}")
                .replaceAll("^/products/[^/]+", "/products/{sku}");
        String where = service + " " + request.getMethod() + " " + path + " -> " + status;
        operationsSeen.add(where);
        // each shape of exchange once: the verdict does not depend on the values JsonShape leaves out
        String shape = where + " " + new TreeSet<>(request.getHeaders().keySet().stream().map(String::toLowerCase).toList())
                + new TreeSet<>(request.getQueryParameters()) + " " + request.getContentType().orElse("")
                + " " + JsonShape.of(request.getBody().orElse(null)) + " -> " + response.getContentType().orElse("") + " "
                + JsonShape.of(response.getBody().orElse(null));
        if (!shapes.add(shape)) {
            return;
        }
        long started = System.nanoTime();
        ValidationReport report = validators.get(service).validate(request, response);
        validating.addAndGet(System.nanoTime() - started);
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() != ValidationReport.Level.ERROR) {
                continue;
            }
            boolean aboutRequest = m.getContext().flatMap(ValidationReport.MessageContext::getLocation)
                    .map(l -> l == ValidationReport.MessageContext.Location.REQUEST).orElse(false);
            if (aboutRequest && status >= 400 && status < 500) {
                continue; // refused on purpose: only the answer is the contract
            }
            String message = m.getMessage().replaceAll(UUID, "{id}").replaceAll("/\\d+(?=[/'])", "/*");
            violations.computeIfAbsent(where + ": [" + m.getKey() + "] " + message
                    + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()), k -> new AtomicInteger())
                    .incrementAndGet();
        }
    }

    /** Fails with every distinct violation since the last call, and starts counting afresh. */
    void assertConforms() {
        int checked = exchanges.getAndSet(0);
        Map<String, AtomicInteger> seen = new TreeMap<>(violations);
        violations.clear();
        if (!seen.isEmpty()) {
            StringBuilder text = new StringBuilder(seen.size() + " distinct violations of the services' OpenAPI documents in "
                    + checked + " checked exchanges:");
            seen.forEach((v, n) -> text.append("\n  ").append(n.get()).append("x ").append(v));
            throw new AssertionError(text.toString());
        }
    }

    /** How many exchanges were checked in all, and which (service, method, path, status) they were. */
    String summary() {
        return total.get() + " exchanges checked against the OpenAPI documents (" + shapes.size() + " distinct shapes validated in "
                + validating.get() / 1_000_000 + " ms), " + operationsSeen.size()
                + " distinct (service, method, path, status): " + new java.util.TreeSet<>(operationsSeen);
    }
}
