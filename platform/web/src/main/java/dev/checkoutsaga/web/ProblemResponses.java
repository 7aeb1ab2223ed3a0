package dev.checkoutsaga.web;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.ws.rs.core.Response;

/**
 * Writes into every service's OpenAPI document the answers that platform/web gives on every
 * operation, so that a resource declares only what is its own (201, 202, 404, 409, 422, 429...):
 * <ul>
 * <li>every error answer ({@code 4xx}, {@code 5xx}) is {@code application/problem+json} with the
 * {@code Problem} schema, and a 409, 429 or 503 carries {@code Retry-After};</li>
 * <li>{@code 400} wherever the request has a body or parameters (malformed JSON, a field that fails
 * validation, an unknown field);</li>
 * <li>{@code 413} and {@code 415} wherever it has a body ({@link BodySizeLimit}, a body that is not
 * JSON);</li>
 * <li>{@code 401} and {@code 403} wherever a bearer token is required (the security requirement
 * Quarkus adds for {@code @RolesAllowed} and {@code @Authenticated});</li>
 * <li>{@code 503} everywhere: every operation needs its database or the identity provider's keys,
 * and each answers 503 with Retry-After when they cannot answer.</li>
 * </ul>
 * It also writes nullable references so that null validates (see {@link #nullableRefs}).
 * Quarkus runs it when it builds the document, so the stored document and {@code /q/openapi} are the same.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {
    /** The name of the problem+json schema in {@code components.schemas}. */
    public static final String SCHEMA = "Problem";
    /** The name of the bearer-token scheme in {@code components.securitySchemes}. */
    public static final String SECURITY_SCHEME = "bearer";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSchema("FieldError", fieldErrorSchema());
        components.addSchema(SCHEMA, problemSchema());
        components.addSecurityScheme(SECURITY_SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("An access token of the realm `checkout` (Keycloak) with the audience `checkout-api`; "
                        + "the roles it carries decide what the caller may do (docs/security.md)."));
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(schema -> nullableRefs(schema, components.getSchemas()));
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                complete(operation, item);
            }
        }
    }

    private static void complete(Operation operation, PathItem item) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean body = operation.getRequestBody() != null;
        boolean parameters = hasAny(operation.getParameters()) || hasAny(item.getParameters());
        boolean secured = secured(operation);
        if (secured) {
            // A bearer scheme names no scopes: the roles Quarkus put into its requirement go into the text.
            List<String> roles = operation.getSecurity().stream().flatMap(r -> r.getSchemes().values().stream())
                    .filter(java.util.Objects::nonNull).flatMap(List::stream).distinct().toList();
            operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SECURITY_SCHEME)));
            if (!roles.isEmpty()) {
                String who = "Roles: " + String.join(", ", roles) + ".";
                operation.setDescription(operation.getDescription() == null ? who : operation.getDescription() + " " + who);
            }
        }
        if (body || parameters) {
            addIfAbsent(responses, 400, "A field of the request is missing or invalid (named in `errors`); nothing changed");
        }
        if (secured) {
            addIfAbsent(responses, 401, "No bearer token, or one that is expired, forged or not for this API");
            addIfAbsent(responses, 403, "The token's roles do not allow this operation");
        }
        if (body) {
            addIfAbsent(responses, 413, "The request body is larger than quarkus.http.limits.max-body-size");
            addIfAbsent(responses, 415, "The request body is not application/json");
        }
        addIfAbsent(responses, 503, "A dependency (database, identity provider) cannot answer now; nothing changed, "
                + "retry after Retry-After seconds");
        for (Map.Entry<String, APIResponse> e : responses.getAPIResponses().entrySet()) {
            int status = parse(e.getKey());
            if (status >= 400) {
                asProblem(status, e.getValue());
            }
        }
    }

    /**
     * A nullable reference ({@code UUID}, a money object, an enum) is written {@code allOf: [$ref],
     * nullable: true} in a 3.0 document, and validators check null against the referenced schema, which
     * does not allow it (nor does an enum list it). Such a property gets a copy of the referenced schema
     * with null allowed (and listed, for an enum, as OpenAPI 3.0.3 asks).
     */
    private static void nullableRefs(Schema schema, Map<String, Schema> named) {
        if (schema.getProperties() == null) {
            return;
        }
        for (Map.Entry<String, Schema> p : new java.util.ArrayList<>(schema.getProperties().entrySet())) {
            Schema property = p.getValue();
            String ref = nullableRef(property);
            Schema target = ref == null ? null : named.get(ref.substring(ref.lastIndexOf('/') + 1));
            if (target == null || target.getType() == null) {
                continue;
            }
            Schema inline = OASFactory.createSchema();
            inline.setAll(new java.util.LinkedHashMap<>(target.getAll()));
            // the model's null type is written as `nullable: true` in a 3.0 document
            inline.type(new java.util.ArrayList<>(target.getType())).addType(Schema.SchemaType.NULL);
            if (target.getEnumeration() != null) {
                inline.enumeration(new java.util.ArrayList<>(target.getEnumeration())).addEnumeration(null);
            }
            if (property.getDescription() != null) {
                inline.description(property.getDescription());
            }
            schema.addProperty(p.getKey(), inline); // the model's map is read-only; this keeps the order
        }
    }

    /** The $ref of a nullable reference, which the model holds as {@code anyOf: [{$ref}, {type: null}]}. */
    private static String nullableRef(Schema property) {
        List<Schema> anyOf = property.getAnyOf();
        if (anyOf == null || anyOf.size() != 2) {
            return null;
        }
        Schema other = anyOf.get(0).getRef() != null ? anyOf.get(1) : anyOf.get(0);
        Schema ref = anyOf.get(0).getRef() != null ? anyOf.get(0) : anyOf.get(1);
        boolean isNull = other.getType() != null && other.getType().equals(List.of(Schema.SchemaType.NULL));
        return isNull ? ref.getRef() : null;
    }

    private static boolean secured(Operation operation) {
        List<SecurityRequirement> security = operation.getSecurity();
        return security != null && !security.isEmpty();
    }

    private static boolean hasAny(List<?> list) {
        return list != null && !list.isEmpty();
    }

    private static void addIfAbsent(APIResponses responses, int status, String description) {
        if (!responses.hasAPIResponse(String.valueOf(status))) {
            responses.addAPIResponse(String.valueOf(status), OASFactory.createAPIResponse().description(description));
        }
    }

    /** An error answer is problem+json, and tells when to retry where a retry can succeed. */
    private static void asProblem(int status, APIResponse response) {
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            Response.Status known = Response.Status.fromStatusCode(status);
            response.setDescription(known != null ? known.getReasonPhrase() : "Error " + status);
        }
        if (response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty()) {
            response.setContent(problemContent());
        } else if (response.getContent().getMediaType(Problem.MEDIA_TYPE) != null
                && response.getContent().getMediaType(Problem.MEDIA_TYPE).getSchema() == null) {
            response.getContent().getMediaType(Problem.MEDIA_TYPE).setSchema(problemRef());
        }
        if ((status == 409 || status == 429 || status == 503)
                && (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After"))) {
            response.addHeader("Retry-After", retryAfter());
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType().schema(problemRef()));
    }

    private static Schema problemRef() {
        return OASFactory.createSchema().ref(SCHEMA);
    }

    private static Header retryAfter() {
        return OASFactory.createHeader().description("Seconds to wait before the same request again")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(java.math.BigDecimal.ZERO));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details, the one error body of every service. Some answers add members "
                        + "(payment's 402: `failureCode`, `paymentId`).")
                .required(List.of("type", "title", "status"))
                .addProperty("type", string("A URI naming the kind of problem; `about:blank` when the status says it all"))
                .addProperty("title", string("The status's reason phrase"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .description("The HTTP status of this answer"))
                .addProperty("detail", string("What went wrong, for a human"))
                .addProperty("instance", string("The request path, where known"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("Each offending field; absent when no field is to blame")
                        .items(OASFactory.createSchema().ref("FieldError")))
                .example(Map.of("type", "about:blank", "title", "Bad Request", "status", 400,
                        "detail", "request is invalid",
                        "errors", List.of(Map.of("field", "items[0].quantity", "message", "must be greater than or equal to 1"))));
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).required(List.of("field", "message"))
                .addProperty("field", string("JSON path of the request body's field, or the parameter's name"))
                .addProperty("message", string("What is wrong with it"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }

    private static int parse(String status) {
        try {
            return Integer.parseInt(status);
        } catch (NumberFormatException e) {
            return 0; // "default"
        }
    }
}
