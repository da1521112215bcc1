package io.keywarden.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.support.WebhookReceiver;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which targets a delivery may reach: https only unless plain http is allowed, and no address in
 * the operator's own networks (checked for literal addresses and for every address a name resolves
 * to) unless private targets are allowed; and the start-up check of configured subscriptions.
 */
class TargetGuardTests {

    private static final String SECRET = "whsec_hPvrIBn9Fru0MWzr9fgzC6EnaIy1Yfv7BOFlxZJcbkI=";

    private final TargetGuard strict = new TargetGuard(false, false);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.8.9.10",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.254",
                "192.168.1.1",
                "169.254.169.254",
                "0.0.0.0",
                "100.64.0.1",
                "224.0.0.1",
                "255.255.255.255",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "ff02::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1"
            })
    void addressesInsideTheOperatorsNetworksAreRefused(String address) throws Exception {
        assertThatThrownBy(() -> strict.check(address, InetAddress.getByName(address)))
                .isInstanceOf(TargetGuard.TargetRefusedException.class)
                .hasMessageContaining("allow-private-targets");
        new TargetGuard(true, false).check(address, InetAddress.getByName(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
    void publicAddressesAreAllowed(String address) throws Exception {
        strict.check(address, InetAddress.getByName(address));
    }

    @Test
    void aNameIsCheckedAfterResolutionForEveryAddress() {
        assertThatThrownBy(() -> strict.resolve("localhost"))
                .isInstanceOf(TargetGuard.TargetRefusedException.class)
                .hasMessageContaining("localhost resolves to");
        assertThat(new TargetGuard(true, false).resolve("localhost")).allMatch(InetAddress::isLoopbackAddress);
    }

    @Test
    void onlyHttpsUnlessPlainHttpIsAllowed() {
        assertThatThrownBy(() -> strict.checkUrl(URI.create("http://hooks.example/x")))
                .hasMessageContaining("allow-insecure-http");
        assertThatThrownBy(() -> strict.checkUrl(URI.create("ftp://hooks.example/x")))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> strict.checkUrl(URI.create("https://user:pass@hooks.example/x")))
                .hasMessageContaining("credentials");
        strict.checkUrl(URI.create("https://hooks.example/x"));
        new TargetGuard(false, true).checkUrl(URI.create("http://hooks.example/x"));
    }

    @Test
    void aDeliveryToAPrivateTargetIsRefusedBeforeAnyConnection() {
        WebhookReceiver receiver = WebhookReceiver.get();
        String marker = "refused-" + UUID.randomUUID();
        String url = "http://localhost:" + receiver.port() + "/hooks";
        WebhookProperties properties = properties(false, true, url);
        Subscriptions subscriptions = new Subscriptions(properties);
        WebhookSender sender = new WebhookSender(subscriptions, properties, Clock.systemUTC());

        Subscription subscription = subscriptions.all().get(0);
        WebhookSender.Outcome outcome = sender.send(subscription, "msg_x", "{\"marker\":\"" + marker + "\"}");

        assertThat(outcome.status()).isNull();
        assertThat(outcome.error()).contains("localhost resolves to").contains("allow-private-targets");
        assertThat(receiver.mentioning(marker)).isEmpty();
    }

    @Test
    void aBadSubscriptionStopsTheStartNamingItAndNeverItsSecret() {
        assertThatThrownBy(() -> new Subscriptions(properties(false, false, "http://hooks.example/x")))
                .hasMessageContaining("subscriptions[0] (hooks).url is refused")
                .hasMessageContaining("allow-insecure-http");
        assertThatThrownBy(() -> new Subscriptions(properties(false, false, "https://10.0.0.7/x")))
                .hasMessageContaining("allow-private-targets");
        String shortSecret = "whsec_c2hvcnQtc2VjcmV0LXZhbHVl";
        assertThatThrownBy(() -> new Subscriptions(new WebhookProperties(
                        List.of(new WebhookProperties.SubscriptionSetting(
                                "hooks", "https://hooks.example/x", shortSecret, List.of("key.issued"), List.of("*"))),
                        false,
                        false,
                        delivery(),
                        null)))
                .hasMessageContaining("secret is 18 bytes")
                .message()
                .doesNotContain("c2hvcnQtc2VjcmV0LXZhbHVl");
        assertThatThrownBy(() -> new Subscriptions(new WebhookProperties(
                        List.of(new WebhookProperties.SubscriptionSetting(
                                "hooks",
                                "https://hooks.example/x",
                                "whsec_not base64!",
                                List.of("key.issued"),
                                List.of("*"))),
                        false,
                        false,
                        delivery(),
                        null)))
                .hasMessageContaining("secret is not base64")
                .message()
                .doesNotContain("not base64!");
        assertThatThrownBy(() -> new Subscriptions(new WebhookProperties(
                        List.of(new WebhookProperties.SubscriptionSetting(
                                "hooks", "https://hooks.example/x", SECRET, List.of("key.made"), List.of("*"))),
                        false,
                        false,
                        delivery(),
                        null)))
                .hasMessageContaining("unknown types [key.made]");
        assertThat(new Subscriptions(properties(false, false, "https://hooks.example/x"))
                        .all()
                        .get(0)
                        .secret())
                .hasSize(32);
    }

    private static WebhookProperties properties(boolean allowPrivate, boolean allowHttp, String url) {
        return new WebhookProperties(
                List.of(new WebhookProperties.SubscriptionSetting(
                        "hooks", url, SECRET, List.of("key.issued"), List.of("team-*"))),
                allowPrivate,
                allowHttp,
                delivery(),
                null);
    }

    private static WebhookProperties.Delivery delivery() {
        return new WebhookProperties.Delivery(
                java.time.Duration.ofHours(24),
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofHours(1),
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofMinutes(2),
                10,
                java.time.Duration.ofDays(7),
                java.time.Duration.ofDays(30));
    }
}
