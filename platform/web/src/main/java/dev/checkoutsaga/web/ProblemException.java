package dev.checkoutsaga.web;

import java.util.List;

import jakarta.ws.rs.core.Response;

/** Thrown by resources and services for a 4xx answer; mapped to application/problem+json. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final transient java.util.Map<String, String> headers;

    public ProblemException(Response.Status status, String detail) {
        this(status, detail, List.of());
    }

    public ProblemException(Response.Status status, String detail, List<Problem.FieldError> errors) {
        this(Problem.of(status, detail, errors), java.util.Map.of());
    }

    public ProblemException(Problem problem, java.util.Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public static ProblemException field(Response.Status status, String field, String message) {
        return new ProblemException(status, field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    /**
     * 422: a well-formed request that breaks a business rule (unknown SKU, mixed currencies).
     * {@code Response.Status} has no 422, hence {@link Problem#UNPROCESSABLE_CONTENT}.
     */
    public static ProblemException unprocessable(String field, String message) {
        return unprocessable(field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException unprocessable(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of(Problem.UNPROCESSABLE_CONTENT, detail, errors), java.util.Map.of());
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Response.Status.NOT_FOUND, what + " not found");
    }

    public Problem problem() {
        return problem;
    }

    public Response toResponse() {
        Response.ResponseBuilder b = Response.fromResponse(problem.toResponse());
        headers.forEach(b::header);
        return b.build();
    }
}
