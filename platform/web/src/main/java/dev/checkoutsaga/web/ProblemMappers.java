package dev.checkoutsaga.web;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Turns every client error into application/problem+json and every unexpected error into a 500
 * problem without internals. Validation failures name the field: a body property path such as
 * {@code items[0].quantity}, or a query/path parameter name.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.toResponse();
    }

    /** Bean Validation on request bodies and parameters: 400 naming each field. */
    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return Problem.of(Response.Status.BAD_REQUEST, detail, errors).toResponse();
    }

    /** Malformed JSON or a value of the wrong type: 400 naming the field when Jackson knows it. */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            String field = jsonPath(jme.getPath());
            String message = e instanceof UnrecognizedPropertyException ? "is not a known field"
                    : e instanceof StrictJson.ControlCharacter ? "must not contain control characters"
                    : e instanceof InvalidFormatException || e instanceof MismatchedInputException ? "has the wrong type or format"
                            : "cannot be read";
            return ProblemException.field(Response.Status.BAD_REQUEST, field, message).toResponse();
        }
        return Problem.of(Response.Status.BAD_REQUEST, "request body is not valid JSON", List.of()).toResponse();
    }

    /**
     * quarkus-rest-jackson ships its own mapper for {@link MismatchedInputException} (a value of
     * the wrong type, e.g. {@code "price": "lots"}) that answers plain application/json and, being
     * more specific, beats {@link #unreadableJson}. This one is as specific and has user priority.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableJson(e);
    }

    /** 404/405/413/415 etc. raised by the framework: same shape, status kept. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getResponse().getStatus() == 400 && e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json); // the body reader's own 400 around a Jackson failure: name the field
        }
        Response r = e.getResponse();
        if (r.getStatus() >= 500) {
            LOG.error("Server error", e);
        }
        Response.StatusType status = r.getStatusInfo();
        String detail = e.getMessage() == null ? status.getReasonPhrase() : e.getMessage();
        Response.ResponseBuilder b = Response.fromResponse(Problem.of(status, detail, List.of()).toResponse());
        r.getHeaders().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Content-Type") && !k.equalsIgnoreCase("Content-Length")) {
                v.forEach(val -> b.header(k, val));
            }
        });
        return b.build();
    }

    /**
     * The field a violation is about. Method validation paths look like
     * {@code create.request.items[0].quantity}: the method is dropped, a body parameter is replaced by
     * the path inside the body, and a query or path parameter keeps its own name.
     */
    static String fieldName(ConstraintViolation<?> v) {
        String parameter = null;
        StringBuilder path = new StringBuilder();
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                path.append('[').append(node.getKey()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) { // "<list element>" and friends add nothing
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(name);
            }
        }
        if (path.length() > 0) {
            return path.toString();
        }
        return parameter != null ? parameter : "body";
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
