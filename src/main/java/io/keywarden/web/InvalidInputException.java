package io.keywarden.web;

/**
 * A caller's input broke a rule before anything was stored or sent. Thrown wherever input is
 * checked; the edge answers it with a 400 problem (naming the parameter where one is at fault)
 * and the compat API with RetCode 230, each from this type alone.
 */
public class InvalidInputException extends RuntimeException {

    private final String parameter;

    /** @param parameter the input at fault as the API spells it (a field or header name), or {@code null} */
    public InvalidInputException(String parameter, String detail) {
        super(detail, null, false, false);
        this.parameter = parameter;
    }

    public InvalidInputException(String detail) {
        this(null, detail);
    }

    /** The input at fault, or {@code null} when the request as a whole is. */
    public String parameter() {
        return parameter;
    }
}
