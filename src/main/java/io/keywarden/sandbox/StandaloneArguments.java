package io.keywarden.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standalone sandbox's command line. Without key pairs it accepts the demo pair of the
 * {@code local} profile, so a benchmark against it needs no configuration beyond the port.
 *
 * @param host the address to listen on
 * @param port the port, 0 for any free one
 * @param settings how the sandbox behaves
 */
record StandaloneArguments(String host, int port, SandboxSettings settings) {

    static final String USAGE = "arguments: [--host=127.0.0.1] [--port=9090] [--public-key=K --private-key=S]..."
            + " [--latency=50ms] [--max-keys-per-user=2] [--max-requests-per-second=0]"
            + " [--list-includes-secret=true]";

    static StandaloneArguments parse(String... args) {
        String host = "127.0.0.1";
        int port = 9090;
        List<String> publicKeys = new ArrayList<>();
        List<String> privateKeys = new ArrayList<>();
        SandboxSettings defaults = SandboxSettings.defaults(Map.of("-", "-"));
        int maxKeys = defaults.maxKeysPerUser();
        int maxRate = defaults.maxRequestsPerSecond();
        Duration latency = defaults.latency();
        boolean listIncludesSecret = defaults.listIncludesSecret();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("not --name=value: " + arg + "; " + USAGE);
            }
            String value = arg.substring(equals + 1);
            switch (arg.substring(2, equals)) {
                case "host" -> host = value;
                case "port" -> port = integer(arg, value);
                case "public-key" -> publicKeys.add(value);
                case "private-key" -> privateKeys.add(value);
                case "latency" -> latency = SandboxDurations.parse(value, "--latency");
                case "max-keys-per-user" -> maxKeys = integer(arg, value);
                case "max-requests-per-second" -> maxRate = integer(arg, value);
                case "list-includes-secret" -> listIncludesSecret = Boolean.parseBoolean(value);
                default -> throw new IllegalArgumentException("unknown argument " + arg + "; " + USAGE);
            }
        }
        SandboxSettings settings =
                new SandboxSettings(keyPairs(publicKeys, privateKeys), maxKeys, maxRate, latency, listIncludesSecret);
        return new StandaloneArguments(host, port, settings);
    }

    private static Map<String, String> keyPairs(List<String> publicKeys, List<String> privateKeys) {
        if (publicKeys.size() != privateKeys.size()) {
            throw new IllegalArgumentException("give as many --private-key as --public-key, in the same order");
        }
        if (publicKeys.isEmpty()) {
            return Map.of("sandbox-demo-public-key", "sandbox-demo-private-key");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < publicKeys.size(); i++) {
            pairs.put(publicKeys.get(i), privateKeys.get(i));
        }
        return pairs;
    }

    private static int integer(String arg, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer: " + arg, e);
        }
    }
}
