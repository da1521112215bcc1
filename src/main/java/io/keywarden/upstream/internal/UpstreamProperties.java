package io.keywarden.upstream.internal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How keywarden reaches the upstream IAM API: where it is, the account key pair it signs with,
 * and how patient and how polite it is with it.
 *
 * @param baseUrl the gateway, for example {@code https://api.scloudsg.com/}
 * @param publicKey the account's public key, sent as {@code PublicKey}
 * @param privateKey the account's private key; signs every request and is never sent or logged
 * @param projectId optional {@code ProjectId}, signed and sent when set
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for an answer once the request is sent
 * @param maxRequestsPerSecond client-side rate limit, kept below the upstream's throttle
 * @param maxAttempts attempts per call where a retry is safe (at least 1)
 * @param initialBackoff first backoff between attempts, doubled each time, with jitter
 * @param allowInsecureHttp whether a plain {@code http://} base URL is accepted outside the
 *     sandbox; signed requests and every new secret then cross the network unencrypted
 * @param maxKeysPerUser keys the upstream lets one user hold (deactivated ones count, deleted ones
 *     do not): a create or rotate that would exceed it is refused before the upstream is called;
 *     0 leaves the decision to the upstream alone
 * @param keyLimitRetCode the RetCode with which the upstream refuses a key over its limit
 *     (undocumented; the sandbox answers 11105)
 */
@Validated
@ConfigurationProperties("keywarden.upstream")
public record UpstreamProperties(
        @NotNull @DefaultValue("https://api.scloudsg.com/") URI baseUrl,
        @NotBlank String publicKey,
        @NotBlank String privateKey,
        String projectId,
        @NotNull @DefaultValue("2s") Duration connectTimeout,
        @NotNull @DefaultValue("10s") Duration readTimeout,
        @DecimalMin("0.1") @DefaultValue("5") double maxRequestsPerSecond,
        @Min(1) @Max(10) @DefaultValue("3") int maxAttempts,
        @NotNull @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("false") boolean allowInsecureHttp,
        @Min(0) @DefaultValue("2") int maxKeysPerUser,
        @Min(1) @DefaultValue("11105") int keyLimitRetCode) {

    @Override
    public String toString() {
        return "UpstreamProperties[baseUrl=" + baseUrl + ", publicKey=" + publicKey + ", privateKey=(hidden)"
                + ", projectId=" + projectId + ", connectTimeout=" + connectTimeout + ", readTimeout="
                + readTimeout + ", maxRequestsPerSecond=" + maxRequestsPerSecond + ", maxAttempts=" + maxAttempts
                + ", initialBackoff=" + initialBackoff + ", allowInsecureHttp=" + allowInsecureHttp
                + ", maxKeysPerUser="
                + maxKeysPerUser + ", keyLimitRetCode=" + keyLimitRetCode + "]";
    }
}
