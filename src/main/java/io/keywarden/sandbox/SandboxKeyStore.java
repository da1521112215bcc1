package io.keywarden.sandbox;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sandbox's keys, per user name, with the upstream's per-user limit. Ids and secrets use the
 * standard Base64 alphabet, {@code +}, {@code /} and {@code =} included, because the gateway's do:
 * an id is a user's public key, and every path, form and log that carries one must cope with
 * those characters. Every other id is drawn until it holds a {@code /}, so at least half of them
 * (about three in four) exercise the hardest case.
 */
final class SandboxKeyStore {

    private final Map<String, Map<String, SandboxKey>> keysByUser = new HashMap<>();
    private final Map<String, String> userByKeyId = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final int maxKeysPerUser;
    private long issued;

    SandboxKeyStore(int maxKeysPerUser) {
        this.maxKeysPerUser = maxKeysPerUser;
    }

    /** A new active key, or empty when the user already holds as many keys as allowed. */
    synchronized Optional<SandboxKey> create(String userName, long now) {
        Map<String, SandboxKey> keys = keysByUser.computeIfAbsent(userName, name -> new LinkedHashMap<>());
        if (keys.size() >= maxKeysPerUser) {
            return Optional.empty();
        }
        return Optional.of(store(newId(), userName, now));
    }

    /**
     * A key with an id of the caller's choosing, as older accounts hold (public keys such as
     * {@code ucloudsomeone@example.com1296235120854146120}); empty when the id is taken or the user
     * is at the limit.
     */
    synchronized Optional<SandboxKey> create(String userName, String id, long now) {
        Map<String, SandboxKey> keys = keysByUser.computeIfAbsent(userName, name -> new LinkedHashMap<>());
        if (keys.size() >= maxKeysPerUser || userByKeyId.containsKey(id)) {
            return Optional.empty();
        }
        return Optional.of(store(id, userName, now));
    }

    private SandboxKey store(String id, String userName, long now) {
        String secret = Base64.getEncoder().encodeToString(randomBytes(30));
        SandboxKey key = new SandboxKey(id, secret, userName, userId(userName), "", SandboxKeyStatus.ACTIVE, now, now);
        keysByUser.get(userName).put(id, key);
        userByKeyId.put(id, userName);
        return key;
    }

    /** 32 random bytes in standard Base64 (44 characters, one {@code =}), unused so far. */
    private String newId() {
        boolean needsSlash = issued++ % 2 == 0;
        while (true) {
            String id = Base64.getEncoder().encodeToString(randomBytes(32));
            if ((!needsSlash || id.indexOf('/') >= 0) && !userByKeyId.containsKey(id)) {
                return id;
            }
        }
    }

    synchronized List<SandboxKey> list(String userName) {
        return List.copyOf(keysByUser.getOrDefault(userName, Map.of()).values());
    }

    synchronized Optional<SandboxKey> update(String id, SandboxKeyStatus status, String description, long now) {
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
