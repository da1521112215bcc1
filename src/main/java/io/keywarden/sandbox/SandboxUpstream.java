package io.keywarden.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A faithful, thread-safe simulator of the upstream IAM gateway, free of servers and frameworks so
 * that tests, the Spring adapter and the standalone server share one behaviour. A request passes,
 * in order: the proxy faults (they model a proxy in front of the gateway, so they strike before
 * anything is checked), the gateway's checks (160, 170, 172, 171, 161, then the rate limit, 153),
 * the gateway faults (never before the signature holds), and finally the action itself.
 */
public final class SandboxUpstream {

    public static final String REQUEST_ID_HEADER = "X-UCLOUD-REQUEST-UUID";

    private final SandboxSettings settings;
    private final SandboxKeyStore store;
    private final SandboxActions actions;
    private final SandboxFaults faults = new SandboxFaults();
    private final SandboxRateLimiter limiter;
    private final SandboxJson json = new SandboxJson();
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Clock clock;

    public SandboxUpstream(SandboxSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public SandboxUpstream(SandboxSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.store = new SandboxKeyStore(settings.maxKeysPerUser());
        this.actions = new SandboxActions(store, clock, settings.listIncludesSecret());
        this.limiter = new SandboxRateLimiter(settings.maxRequestsPerSecond(), clock);
    }

    /** Answers one request given as its received parameters, Signature included. */
    public SandboxAnswer handle(Map<String, String> parameters) {
        String action = parameters.get("Action");
        calls.computeIfAbsent(action == null ? "" : action, name -> new LongAdder())
                .increment();
        SandboxFaults.Struck proxy = faults.strike(action, SandboxFault.PROXY);
        SandboxAnswer answer = proxy.fault() == null ? gateway(action, parameters) : ProxyAnswers.answer(proxy.fault());
        return answer.delayedBy(settings.latency().plus(proxy.latency()));
    }

    public void arm(SandboxFault fault) {
        faults.arm(fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** The armed faults in arming order, {@code times} showing what is left. */
    public List<SandboxFault> faults() {
        return faults.armed();
    }

    /** The keys a user holds right now, whatever any caller was told. */
    public List<SandboxKey> keysOf(String userName) {
        return store.list(userName);
    }

    /**
     * Adds a key with the given id, as if made upstream by hand or long ago, so ids the sandbox
     * never draws (an old account's {@code user@example.com...}, a {@code %}, 128 characters) can be
     * managed end to end. Empty when the id is taken or the user holds as many keys as allowed.
     */
    public Optional<SandboxKey> addKey(String userName, String accessKeyId) {
        return store.create(userName, accessKeyId, clock.instant().getEpochSecond());
    }

    /** {@link #addKey(String, String)}, stamped as created at {@code createdAt} by the upstream's clock. */
    public Optional<SandboxKey> addKey(String userName, String accessKeyId, Instant createdAt) {
        return store.create(userName, accessKeyId, createdAt.getEpochSecond());
    }

    /** Requests received with this Action, whatever became of them. */
    public long callCount(String action) {
        LongAdder count = calls.get(action);
        return count == null ? 0 : count.sum();
    }

    public SandboxStats stats() {
        Map<String, Long> counts = new TreeMap<>();
        calls.forEach((action, count) -> counts.put(action, count.sum()));
        return new SandboxStats(counts, store.countsByUser());
    }

    /** Forgets keys, counts, faults and the rate window, as if freshly started. */
    public void reset() {
        store.clear();
        calls.clear();
        faults.clear();
        limiter.clear();
    }

    SandboxJson json() {
        return json;
    }

    private SandboxAnswer gateway(String action, Map<String, String> parameters) {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> refusal = check(action, parameters);
        if (refusal != null) {
            return SandboxAnswer.json(json.write(refusal), requestId);
        }
        SandboxFault fault = faults.strike(action, SandboxFault.GATEWAY).fault();
        if (fault == null) {
            return SandboxAnswer.json(json.write(actions.perform(action, parameters)), requestId);
        }
        return switch (fault.type()) {
            case RET_CODE ->
                SandboxAnswer.json(json.write(Envelopes.error(action, fault.retCode(), fault.message())), requestId);
            case THROTTLE -> SandboxAnswer.json(json.write(Envelopes.throttled(action)), requestId);
            case EMPTY_ACCESS_KEY ->
                SandboxAnswer.json(
                        "{\"AccessKey\": {}, \"Action\": \"CreateAccessKeyResponse\", \"RetCode\": 0}", requestId);
            case MALFORMED_JSON -> {
                String whole = json.write(actions.perform(action, parameters));
                yield SandboxAnswer.json(whole.substring(0, whole.length() / 2), requestId);
            }
            case CREATE_WITHOUT_ANSWER -> {
                Map<String, Object> envelope = actions.perform(action, parameters);
                yield Envelopes.succeeded(envelope)
                        ? SandboxAnswer.noAnswer(fault.delay())
                        : SandboxAnswer.json(json.write(envelope), requestId);
            }
            default -> throw new IllegalStateException("not a gateway fault: " + fault.type());
        };
    }

    /** The gateway's refusal of the request, or {@code null} when it may go on. */
    private Map<String, Object> check(String action, Map<String, String> parameters) {
        if (isBlank(action)) {
            return Envelopes.error(null, 160, "Missing Action");
        }
        if (isBlank(parameters.get("Signature"))) {
            return Envelopes.error(action, 170, "Missing Signature");
        }
        String publicKey = parameters.get("PublicKey");
        String privateKey = publicKey == null ? null : settings.keyPairs().get(publicKey);
        if (privateKey == null) {
            return Envelopes.error(action, 172, "User Not Exists");
        }
        if (!SandboxSignature.verifies(parameters, privateKey)) {
            return Envelopes.error(action, 171, "Signature VerifyAC Error");
        }
        if (!SandboxActions.NAMES.contains(action)) {
            return Envelopes.error(action, 161, "Action [" + action + "] not found");
        }
        return limiter.tryAcquire() ? null : Envelopes.throttled(action);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
