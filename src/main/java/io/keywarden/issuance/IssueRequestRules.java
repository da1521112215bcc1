package io.keywarden.issuance;

import io.keywarden.issuance.internal.AccessKeyRulesProperties;
import io.keywarden.issuance.internal.AttemptAuditor;
import io.keywarden.security.Caller;
import io.keywarden.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The rules a create or rotate request must meet before anything is stored or sent: a sane
 * idempotency key, a user name of the configured shape, a short printable description, and a
 * user inside the caller's scope.
 */
@Component
public class IssueRequestRules {

    private static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,254}");
    private static final int MAX_DESCRIPTION = 255;

    private final Pattern userName;

    public IssueRequestRules(AccessKeyRulesProperties properties) {
        this.userName = Pattern.compile(properties.userNamePattern());
    }

    /**
     * A create request from raw inputs, checked in the order every create endpoint answers them:
     * idempotency key, user name, scope, description. The valid user name is noted on the HTTP
     * request first, so that a rejected attempt's audit event names the user.
     */
    public IssueRequest createRequest(
            Caller caller,
            String idempotencyKey,
            boolean idempotencyKeyRequired,
            String userName,
            String description,
            HttpServletRequest http) {
        String key = idempotencyKey(idempotencyKey, idempotencyKeyRequired);
        String user = userName(userName);
        http.setAttribute(AttemptAuditor.USER_NAME, user);
        inScope(caller, user);
        return new IssueRequest(caller, key, IssuanceKind.CREATE, user, description(description), null);
    }

    public String idempotencyKey(String value, boolean required) {
        if (value == null) {
            if (required) {
                throw Problems.invalidParameter(
                        IDEMPOTENCY_KEY_HEADER,
                        "The Idempotency-Key header is required (1 to 255 printable ASCII characters).");
            }
            return null;
        }
        if (!IDEMPOTENCY_KEY.matcher(value).matches()) {
            throw Problems.invalidParameter(
                    IDEMPOTENCY_KEY_HEADER, "The Idempotency-Key header must be 1 to 255 printable ASCII characters.");
        }
        return value;
    }

    public String userName(String value) {
        if (value == null || value.isEmpty()) {
            throw Problems.invalidParameter("userName", "userName is required.");
        }
        if (!userName.matcher(value).matches()) {
            throw Problems.invalidParameter("userName", "userName must match " + userName.pattern() + ".");
        }
        return value;
    }

    public String description(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_DESCRIPTION) {
            throw Problems.invalidParameter(
                    "description", "description must be at most " + MAX_DESCRIPTION + " characters.");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw Problems.invalidParameter("description", "description must not contain control characters.");
        }
        return value;
    }

    public void inScope(Caller caller, String userName) {
        if (!caller.mayManage(userName)) {
            throw Problems.forbidden("Client " + caller.name() + " may not manage keys of " + userName + ".");
        }
    }
}
