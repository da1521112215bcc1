package io.keywarden.upstream.sandbox;

import io.keywarden.upstream.UpstreamKeyStatus;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sandbox's keys, per user name, with the upstream's per-user limit. Ids are URL-safe so they
 * can travel in keywarden's own paths; secrets use the standard Base64 alphabet, {@code +} and
 * {@code /} included, because the real ones do and a caller must sign and send them raw.
 */
final class SandboxKeyStore {

    private final Map<String, Map<String, SandboxKey>> keysByUser = new HashMap<>();
    private final Map<String, String> userByKeyId = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final int maxKeysPerUser;

    SandboxKeyStore(int maxKeysPerUser) {
        this.maxKeysPerUser = maxKeysPerUser;
    }

    /** A new active key, or empty when the user already holds as many keys as allowed. */
    synchronized Optional<SandboxKey> create(String userName, long now) {
        Map<String, SandboxKey> keys = keysByUser.computeIfAbsent(userName, name -> new LinkedHashMap<>());
        if (keys.size() >= maxKeysPerUser) {
            return Optional.empty();
        }
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
        String secret = Base64.getEncoder().encodeToString(randomBytes(30));
        SandboxKey key = new SandboxKey(id, secret, userName, userId(userName), "", UpstreamKeyStatus.ACTIVE, now, now);
        keys.put(id, key);
        userByKeyId.put(id, userName);
        return Optional.of(key);
    }

    synchronized List<SandboxKey> list(String userName) {
        return List.copyOf(keysByUser.getOrDefault(userName, Map.of()).values());
    }

    synchronized Optional<SandboxKey> update(String id, UpstreamKeyStatus status, String description, long now) {
        String userName = userByKeyId.get(id);
        if (userName == null) {
            return Optional.empty();
        }
        SandboxKey updated = keysByUser.get(userName).get(id).updated(status, description, now);
        keysByUser.get(userName).put(id, updated);
        return Optional.of(updated);
    }

    synchronized boolean delete(String id) {
        String userName = userByKeyId.remove(id);
        if (userName == null) {
            return false;
        }
        keysByUser.get(userName).remove(id);
        return true;
    }

    /** How many keys each user holds, users in name order; no key material. */
    synchronized Map<String, Integer> countsByUser() {
        Map<String, Integer> counts = new TreeMap<>();
        keysByUser.forEach((user, keys) -> {
            if (!keys.isEmpty()) {
                counts.put(user, keys.size());
            }
        });
        return counts;
    }

    synchronized void clear() {
        keysByUser.clear();
        userByKeyId.clear();
    }

    /** A positive id derived from the name alone, so it stays the same across resets and restarts. */
    static long userId(String userName) {
        return 200_000_000L + Math.floorMod(userName.hashCode(), 100_000_000);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
