package io.keywarden.issuance.internal;

import io.keywarden.issuance.IdempotencyKey;
import io.keywarden.issuance.IssueCommand;
import io.keywarden.platform.web.InvalidInputException;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The rules a create request's own inputs must meet before anything is stored or sent: a user
 * name of the configured shape, a short printable description ({@link IdempotencyKey} owns the
 * idempotency key's).
 * Each broken rule is an {@link InvalidInputException} naming the input as the API spells it.
 */
@Component
class IssueRequestRules {

    private static final int MAX_DESCRIPTION = 255;

    private final Pattern userName;

    IssueRequestRules(AccessKeyRulesProperties properties) {
        this.userName = Pattern.compile(properties.userNamePattern());
    }

    /**
     * A create's user name, within the caller's scope, and its description, checked in the order
     * every create endpoint answers them. A description refused once the user is known names them,
     * and so does its audit.
     */
    Checked checked(IssueCommand command) {
        String user = userName(command.userName());
        command.caller().requireMayManage(user);
        try {
            return new Checked(user, description(command.description()));
        } catch (InvalidInputException ex) {
            throw ex.concerning(user);
        }
    }

    /** A create's inputs as checked. */
    record Checked(String userName, String description) {}

    String userName(String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("userName", "userName is required.");
        }
        if (!userName.matcher(value).matches()) {
            throw new InvalidInputException("userName", "userName must match " + userName.pattern() + ".");
        }
        return value;
    }

    private String description(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException(
                    "description", "description must be at most " + MAX_DESCRIPTION + " characters.");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("description", "description must not contain control characters.");
        }
        return value;
    }
}
