package io.keywarden.platform.web;

/**
 * A caller's input broke a rule before anything was stored or sent. Thrown wherever input is
 * checked; the edge answers it with a 400 problem (naming the parameter where one is at fault)
 * and the compat API with RetCode 230, each from this type alone. Audited {@code INVALID} where
 * the route is audited.
 */
public class InvalidInputException extends RuntimeException implements Refusal {

    private final String parameter;
    private final String userName;

    /** @param parameter the input at fault as the API spells it (a field or header name), or {@code null} */
    public InvalidInputException(String parameter, String detail) {
        this(parameter, detail, null);
    }

    public InvalidInputException(String detail) {
        this(null, detail);
    }

    private InvalidInputException(String parameter, String detail, String userName) {
        super(detail, null, false, false);
        this.parameter = parameter;
        this.userName = userName;
    }

    /** The same refusal, of an attempt on the keys of {@code userName}, so its audit names the user. */
    public InvalidInputException concerning(String userName) {
        return new InvalidInputException(parameter, getMessage(), userName);
    }

    /** The input at fault, or {@code null} when the request as a whole is. */
    public String parameter() {
        return parameter;
    }

    @Override
    public Kind refusal() {
        return Kind.INVALID;
    }

    @Override
    public String refusedUserName() {
        return userName;
    }
}
