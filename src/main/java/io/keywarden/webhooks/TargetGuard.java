package io.keywarden.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which webhook targets keywarden may connect to. Only {@code https} unless plain http is allowed,
 * and no address inside the operator's own networks unless private targets are allowed: loopback,
 * link-local, private (RFC 1918, shared 100.64/10), unique-local IPv6 ({@code fc00::/7}), the
 * unspecified address and multicast. A host name is checked on every delivery after it is
 * resolved, every address it resolves to, and the connection is then made to a checked address, so
 * a name that resolves elsewhere between the check and the connection (DNS rebinding) cannot lead
 * a delivery inside.
 */
final class TargetGuard {

    private final boolean allowPrivateTargets;
    private final boolean allowInsecureHttp;

    TargetGuard(boolean allowPrivateTargets, boolean allowInsecureHttp) {
        this.allowPrivateTargets = allowPrivateTargets;
        this.allowInsecureHttp = allowInsecureHttp;
    }

    /** Checks a target's form: its scheme, that it names a host, and the host if it is an address. */
    void checkUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowInsecureHttp)) {
            throw new TargetRefusedException(
                    scheme.equals("http")
                            ? "plain http targets are refused unless keywarden.events.allow-insecure-http is true"
                            : "the target must be an https URL");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new TargetRefusedException("the target URL names no host");
        }
        if (url.getUserInfo() != null) {
            throw new TargetRefusedException("the target URL must not carry credentials");
        }
    }

    /**
     * Resolves a host and checks every address it resolves to.
     *
     * @return the checked addresses, to connect to and to nothing else
     * @throws TargetRefusedException when an address is refused or the name does not resolve
     */
    List<InetAddress> resolve(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException ex) {
            throw new TargetRefusedException("the target host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            check(host, address);
        }
        return List.of(addresses);
    }

    /** Refuses an address inside the operator's own networks, unless private targets are allowed. */
    void check(String host, InetAddress address) {
        if (!allowPrivateTargets && isPrivate(address)) {
            throw new TargetRefusedException("the target host " + host + " resolves to " + address.getHostAddress()
                    + ", a loopback, link-local, private or multicast address: refused unless"
                    + " keywarden.events.allow-private-targets is true");
        }
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // shared address space
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) { // unique local fc00::/7
                return true;
            }
            if (isIpv4Embedded(bytes)) { // ::ffff:a.b.c.d and ::a.b.c.d
                try {
                    return isPrivate(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException ex) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isIpv4Embedded(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] == 0 && bytes[11] == 0) || (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff);
    }

    /** A target keywarden does not connect to, and why. */
    static class TargetRefusedException extends RuntimeException {

        TargetRefusedException(String message) {
            super(message, null, false, false);
        }
    }
}
