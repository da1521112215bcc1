package io.keywarden.webhooks;

import io.keywarden.identity.UserNameGlob;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A subscription as keywarden uses it: checked, its secret decoded. Its {@code toString} leaves
 * the secret out, so it can never reach a log line by accident.
 *
 * @param name unique name, shown in the delivery log
 * @param url where deliveries are posted
 * @param secret the HMAC key (the decoded bytes of the configured secret)
 * @param types the event types it receives
 * @param userNames the globs of the users whose events it receives
 * @param previousSecret the secret before its last rotation, still signed with until
 *     {@code previousUntil}; {@code null} when there is none
 * @param previousUntil the end of the rotation's overlap; {@code null} when there is none
 */
record Subscription(
        String name,
        URI url,
        byte[] secret,
        Set<String> types,
        List<UserNameGlob> userNames,
        byte[] previousSecret,
        Instant previousUntil) {

    Subscription(String name, URI url, byte[] secret, Set<String> types, List<UserNameGlob> userNames) {
        this(name, url, secret, types, userNames, null, null);
    }

    /** The secrets a delivery at {@code now} is signed with: the current one, and the previous one during the overlap. */
    List<byte[]> signingSecrets(Instant now) {
        if (previousSecret != null && previousUntil != null && now.isBefore(previousUntil)) {
            return List.of(secret, previousSecret);
        }
        return List.of(secret);
    }

    /** The same subscription with another secret, the current one kept as the previous until {@code until}. */
    Subscription rotated(byte[] newSecret, Instant until) {
        return new Subscription(name, url, newSecret, types, userNames, secret, until);
    }

    /** Whether an event of this type about this user goes to this subscription; {@code null} user: every user's. */
    boolean wants(String type, String userName) {
        if (!types.contains(type)) {
            return false;
        }
        if (userName == null) {
            return userNames.stream().anyMatch(UserNameGlob::matchesEveryName);
        }
        return userNames.stream().anyMatch(glob -> glob.matches(userName));
    }

    @Override
    public String toString() {
        return "Subscription[name=" + name + ", url=" + url + ", types=" + types + ", userNames=" + userNames + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Subscription that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
