package io.keywarden.platform.web.internal;

import io.keywarden.platform.web.PrintableText;
import io.keywarden.platform.web.Problems;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with an unreadable request body in words a caller can act on: the field at
 * fault (member {@code parameter}) and the form it must take, or where the JSON stops being JSON
 * (members {@code line} and {@code column}), without echoing the body (it may hold anything) or
 * parser internals.
 */
final class JsonErrors {

    private JsonErrors() {}

    static ProblemDetail problem(HttpMessageNotReadableException ex) {
        ProblemDetail problem = describe(ex.getCause());
        problem.setTitle("Malformed request body");
        return problem;
    }

    /** What a value of {@code type} must look like, for a caller who sent another shape. */
    static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (Duration.class.equals(type)) {
            return "an ISO-8601 duration such as \"PT2H\" (2 hours), \"PT30M\" or \"P1D\"";
        }
        if (Instant.class.equals(type) || OffsetDateTime.class.equals(type) || ZonedDateTime.class.equals(type)) {
            return "an RFC 3339 time such as \"2026-11-27T00:00:00Z\"";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        if (Boolean.class.equals(type) || boolean.class.equals(type)) {
            return "true or false";
        }
        if (isWholeNumber(type)) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || double.class.equals(type) || float.class.equals(type)) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return null;
    }

    private static ProblemDetail describe(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = printable(unknown.getPropertyName());
            return Problems.invalidRequest(field, "Unknown field '" + field + "'.");
        }
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch.getPath());
            String expected = expected(mismatch.getTargetType());
            return Problems.invalidRequest(
                    field,
                    expected == null
                            ? "Field '" + field + "' has the wrong type."
                            : "Field '" + field + "' must be " + expected + ".");
        }
        if (cause instanceof JacksonException json
                && json.getMessage() != null
                && json.getMessage().startsWith("Duplicate Object property")) {
            return located(Problems.invalidRequest(null, "The body repeats a field."), json);
        }
        if (cause instanceof StreamReadException syntax) {
            return located(Problems.invalidRequest(null, "The request body is not valid JSON"), syntax);
        }
        if (cause == null) {
            return Problems.invalidRequest(null, "The request body is missing.");
        }
        ProblemDetail problem = Problems.invalidRequest(null, "The request body is not JSON of the expected shape");
        return cause instanceof JacksonException json ? located(problem, json) : withStop(problem);
    }

    /** Where the parser stopped, as an editor counts: lines and columns from 1. */
    private static ProblemDetail located(ProblemDetail problem, JacksonException ex) {
        TokenStreamLocation at = ex.getLocation();
        String detail = problem.getDetail();
        if (at == null || at.getLineNr() < 1 || at.getColumnNr() < 1) {
            return withStop(problem);
        }
        problem.setDetail((detail.endsWith(".") ? detail.substring(0, detail.length() - 1) : detail) + " (line "
                + at.getLineNr() + ", column " + at.getColumnNr() + ").");
        problem.setProperty("line", at.getLineNr());
        problem.setProperty("column", at.getColumnNr());
        return problem;
    }

    private static ProblemDetail withStop(ProblemDetail problem) {
        if (!problem.getDetail().endsWith(".")) {
            problem.setDetail(problem.getDetail() + ".");
        }
        return problem;
    }

    /** {@code filter.createdAfter}, {@code status[1]}: the field as the body spells it. */
    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(printable(reference.getPropertyName()));
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "?" : path.toString();
    }

    private static boolean isWholeNumber(Class<?> type) {
        return List.of(
                                Integer.class,
                                Long.class,
                                Short.class,
                                Byte.class,
                                int.class,
                                long.class,
                                short.class,
                                byte.class)
                        .contains(type)
                || BigInteger.class.equals(type);
    }

    private static String printable(String name) {
        return name == null ? "?" : PrintableText.of(name, 64);
    }
}
