package io.keywarden.issuance;

import io.keywarden.issuance.internal.AccessKeyRulesProperties;
import io.keywarden.web.Headers;
import io.keywarden.web.InvalidInputException;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The rules a create or rotate request's own inputs must meet before anything is stored or sent:
 * a sane idempotency key, a user name of the configured shape, a short printable description.
 * Each broken rule is an {@link InvalidInputException} naming the input as the API spells it.
 */
@Component
public class IssueRequestRules {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,254}");
    private static final int MAX_DESCRIPTION = 255;

    private final Pattern userName;

    public IssueRequestRules(AccessKeyRulesProperties properties) {
        this.userName = Pattern.compile(properties.userNamePattern());
    }

    public String idempotencyKey(String value, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidInputException(
                        Headers.IDEMPOTENCY_KEY,
                        "The Idempotency-Key header is required (1 to 255 printable ASCII characters).");
            }
            return null;
        }
        if (!IDEMPOTENCY_KEY.matcher(value).matches()) {
            throw new InvalidInputException(
                    Headers.IDEMPOTENCY_KEY, "The Idempotency-Key header must be 1 to 255 printable ASCII characters.");
        }
        return value;
    }

    public String userName(String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("userName", "userName is required.");
        }
        if (!userName.matcher(value).matches()) {
            throw new InvalidInputException("userName", "userName must match " + userName.pattern() + ".");
        }
        return value;
    }

    public String description(String value) {
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
