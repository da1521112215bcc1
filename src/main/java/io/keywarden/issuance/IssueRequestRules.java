package io.keywarden.issuance;

import io.keywarden.security.Caller;
import io.keywarden.web.Problems;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The rules a create or rotate request must meet before anything is stored or sent: a sane
 * idempotency key, a user name of the configured shape, a short printable description, and a
 * user inside the caller's scope.
 */
@Component
public class IssueRequestRules {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,254}");
    private static final int MAX_DESCRIPTION = 255;

    private final Pattern userName;

    IssueRequestRules(AccessKeyRulesProperties properties) {
        this.userName = Pattern.compile(properties.userNamePattern());
    }

    public String idempotencyKey(String value, boolean required) {
        if (value == null) {
            if (required) {
                throw Problems.invalidRequest(
                        "The Idempotency-Key header is required (1 to 255 printable ASCII" + " characters).");
            }
            return null;
        }
        if (!IDEMPOTENCY_KEY.matcher(value).matches()) {
            throw Problems.invalidRequest("The Idempotency-Key header must be 1 to 255 printable ASCII characters.");
        }
        return value;
    }

    public String userName(String value) {
        if (value == null || value.isEmpty()) {
            throw Problems.invalidRequest("userName is required.");
        }
        if (!userName.matcher(value).matches()) {
            throw Problems.invalidRequest("userName must match " + userName.pattern() + ".");
        }
        return value;
    }

    public String description(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_DESCRIPTION) {
            throw Problems.invalidRequest("description must be at most " + MAX_DESCRIPTION + " characters.");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw Problems.invalidRequest("description must not contain control characters.");
        }
        return value;
    }

    public void inScope(Caller caller, String userName) {
        if (!caller.mayManage(userName)) {
            throw Problems.forbidden("Client " + caller.name() + " may not manage keys of " + userName + ".");
        }
    }
}
