package io.keywarden.audit.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit event's detail that acknowledges a loss, written by keywarden and read back by the
 * offline verifier: the lost range, the signed checkpoint with its whole hash (which names the lost
 * branch of the sink's chain), and the database's head. The checkpoint comes first, so that
 * clipping a long reason never cuts it.
 */
final class LossAcknowledgement {

    private static final Pattern CHECKPOINT = Pattern.compile("signed by checkpoint (\\d+) \\(hash ([0-9a-f]{64})\\)");

    private LossAcknowledgement() {}

    static String detail(DatabaseBehind finding, String reason) {
        return "signed by checkpoint " + finding.checkpointSequence() + " (hash " + finding.checkpointHash()
                + "): lost events " + finding.partedByEventId() + " to " + finding.checkpointHeadEventId()
                + " (head hash " + prefix(finding.checkpointHeadHash()) + "), parting after event "
                + finding.agreedEventId() + "; the database's head was event " + finding.databaseHeadEventId()
                + " (hash " + prefix(finding.databaseHeadHash()) + ")"
                + (reason == null ? "" : "; reason: " + reason);
    }

    /** The hash of the checkpoint an acknowledgement's detail names, if it is one. */
    static Optional<String> checkpointHash(String detail) {
        if (detail == null) {
            return Optional.empty();
        }
        Matcher matcher = CHECKPOINT.matcher(detail);
        return matcher.lookingAt() ? Optional.of(matcher.group(2)) : Optional.empty();
    }

    private static String prefix(String hash) {
        return hash.length() <= 16 ? hash : hash.substring(0, 16) + "...";
    }
}
