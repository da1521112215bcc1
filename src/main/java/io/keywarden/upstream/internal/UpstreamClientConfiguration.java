package io.keywarden.upstream.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamKeyLimit;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the upstream client on the JDK's HTTP client. The choice matters: {@code
 * HttpURLConnection} silently sends a POST again when a connection fails, which for
 * CreateAccessKey could mint a second key; the JDK client never repeats a POST. It speaks
 * HTTP/1.1 so that a failure is always one of the few kinds the client knows how to read. The
 * circuit and the rate limiter are beans of their own so health and metrics can read them.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamClientConfiguration {

    @Bean
    UpstreamCircuit upstreamCircuit(UpstreamCircuitProperties properties) {
        return UpstreamCircuit.of(properties);
    }

    /** One permit every 1/rate seconds, so that calls are spaced rather than sent in bursts. */
    @Bean
    RateLimiter upstreamRateLimiter(UpstreamProperties properties) {
        Duration spacing =
                Duration.ofNanos(Math.max(1, Math.round(1_000_000_000d / properties.maxRequestsPerSecond())));
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(spacing)
                .timeoutDuration(properties.connectTimeout())
                .build();
        return RateLimiter.of("upstream", config);
    }

    /**
     * Runs the JDK client's own asynchronous steps (handing an answer back to the waiting
     * caller): virtual threads where the JDK has them, rather than the client's default pool.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService upstreamUploads() {
        return uploads();
    }

    @Bean
    UpstreamIamClient upstreamIamClient(
            UpstreamProperties properties,
            RateLimiter upstreamRateLimiter,
            UpstreamCircuit upstreamCircuit,
            ExecutorService upstreamUploads,
            ObjectProvider<UpstreamCallObserver> observer) {
        return client(
                properties,
                upstreamRateLimiter,
                upstreamCircuit,
                upstreamUploads,
                observer.getIfAvailable(() -> UpstreamCallObserver.NONE));
    }

    static UpstreamIamClient client(
            UpstreamProperties properties,
            RateLimiter rateLimiter,
            UpstreamCircuit circuit,
            Executor executor,
            UpstreamCallObserver observer) {
        HttpClient httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.connectTimeout())
                .executor(executor)
                .build();
        Clock clock = Clock.systemUTC();
        UpstreamExchange exchange = new UpstreamExchange(
                httpClient,
                properties.baseUrl(),
                properties.readTimeout(),
                userAgent(),
                new RequestSigner(properties.publicKey(), properties.privateKey(), properties.projectId()),
                rateLimiter,
                circuit,
                new AttemptClassifier(JsonMapper.shared(), clock),
                clock);
        return new UpstreamIamClient(exchange, properties, observer);
    }

    /** The upstream's per-user key limit, for the modules that issue keys. */
    @Bean
    UpstreamKeyLimit upstreamKeyLimit(UpstreamProperties properties) {
        return new UpstreamKeyLimit(properties.maxKeysPerUser(), properties.keyLimitRetCode());
    }

    /** Virtual threads where the JDK has them (21+), else a cached pool of reused daemon threads. */
    static ExecutorService uploads() {
        try {
            return (ExecutorService)
                    Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "upstream-upload");
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    private static String userAgent() {
        String version = UpstreamClientConfiguration.class.getPackage().getImplementationVersion();
        return "keywarden/" + (version == null ? "dev" : version);
    }
}
