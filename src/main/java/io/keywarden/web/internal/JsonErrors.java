package io.keywarden.web.internal;

import io.keywarden.web.PrintableText;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with an unreadable request body in words a caller can act on, without
 * echoing the body (it may hold anything) or parser internals.
 */
final class JsonErrors {

    private JsonErrors() {}

    static String describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + printable(unknown.getPropertyName()) + "'.";
        }
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            return "Field '" + printable(mismatch.getPath().get(0).getPropertyName()) + "' has the wrong type.";
        }
        if (cause instanceof JacksonException json
                && json.getMessage() != null
                && json.getMessage().startsWith("Duplicate Object property")) {
            return "The body repeats a field.";
        }
        if (cause == null) {
            return "The request body is missing.";
        }
        return "The request body is not valid JSON of the expected shape.";
    }

    private static String printable(String name) {
        return name == null ? "?" : PrintableText.of(name, 64);
    }
}
